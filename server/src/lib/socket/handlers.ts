import type { ClientEventName, ClientEventResult, clientEvents } from '@bidhall/contracts';
import type { z } from 'zod';
import type { AppSocket } from './types';

/** A request's payload as its schema leaves it (defaults filled in). */
export type Payload<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['payload']>;

/**
 * What one request does, given the connection it came on and its parsed payload. Handlers are
 * made once per server and shared by every connection: the connection is an argument rather than
 * something each handler closes over, so a connection costs no closures of its own.
 */
export type SocketHandler<E extends ClientEventName> = (socket: AppSocket, payload: Payload<E>) => Promise<ClientEventResult<E>>;

/** Handlers by event name. Each module gives the entries of its own events; the gateway puts them together. */
export type SocketHandlers<E extends ClientEventName = ClientEventName> = { [K in E]: SocketHandler<K> };
