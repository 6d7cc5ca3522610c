import { z } from 'zod';
import { ZIsoDateTime } from './common';
import type { Ack, TApiError } from './errors';
import { openingEvents, type TOpeningEvent } from './opening';
import type { TNotification } from './projects';

/**
 * Requests a client may send over the socket. Each carries a payload parsed by `payload` and
 * ends in exactly one acknowledgement whose data matches `result`.
 */
export const clientEvents = {
  /** One round-trip sample for estimating the offset between client and server clocks. */
  'clock:sync': {
    payload: z.strictObject({ clientSentAt: z.number().finite() }),
    result: z.object({ clientSentAt: z.number(), serverTime: z.number() }),
  },
  /** Replace the connection's access token before it expires, keeping the connection. */
  'session:renew': {
    payload: z.strictObject({ token: z.string().min(1).max(4096) }),
    result: z.object({ expiresAt: ZIsoDateTime }),
  },
  ...openingEvents,
} as const;
export type ClientEventName = keyof typeof clientEvents;
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['payload']>;
export type ClientEventResult<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['result']>;

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (result: Ack<ClientEventResult<E>>) => void) => void;
};

export interface ServerToClientEvents {
  /** The connection's token expires soon; renew it with `session:renew` or be disconnected. */
  'session:expiring': (info: { expiresAt: string }) => void;
  /** One event of an opening the socket has joined, in `seq` order per section. */
  'opening:event': (event: TOpeningEvent) => void;
  /** A notification to the user's organization (an amendment, a moved deadline…). */
  notification: (notification: TNotification) => void;
  /** A request arrived without an acknowledgement callback, so its rejection is reported here. */
  'request:error': (info: { event: string; error: TApiError }) => void;
}

/** `connect_error` carries this in `err.data` when the handshake is refused. */
export const ZSocketRefusal = z.object({ code: z.string() });
