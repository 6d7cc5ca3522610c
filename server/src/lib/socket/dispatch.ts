import { type Ack, type ClientEventName, clientEvents } from '@bidhall/contracts';
import type { Logger } from 'pino';
import { AppError, validationError } from '../app-error';
import type { RateLimiter } from '../rate-limit';
import type { SocketHandler, SocketHandlers } from './handlers';
import type { AppSocket } from './types';

export interface DispatchOptions {
  /** Parent of the logger bound to a connection, made only when a request of that connection fails unexpectedly. */
  logger: Logger;
  /** Each user's budget of requests, over all its connections; one point per request to a known event. */
  limiter: RateLimiter;
}

/** Receives everything a connection sends: the event's name and its arguments, the acknowledgement callback last if any. */
export type Dispatch = (socket: AppSocket, event: unknown, args: unknown[]) => void;

type Reply = (result: Ack<unknown>) => void;

interface Route {
  schema: (typeof clientEvents)[ClientEventName]['payload'];
  handler: SocketHandler<ClientEventName>;
}

/** Events are looked up in a Map, so names such as `toString` or `__proto__` are unknown events like any other. */
function routes(handlers: SocketHandlers): Map<string, Route> {
  const table = new Map<string, Route>();
  for (const event of Object.keys(clientEvents) as ClientEventName[]) {
    table.set(event, { schema: clientEvents[event].payload, handler: handlers[event] as SocketHandler<ClientEventName> });
  }
  return table;
}

/**
 * The one entry point of every request on every connection, with the contract enforced: an
 * unknown event is answered NOT_FOUND; otherwise the connection's request budget is charged, the
 * payload is parsed by its schema, and the request ends in exactly one acknowledgement, or in a
 * `request:error` event when the client sent no callback. An AppError answers with its code;
 * anything else is logged and answered INTERNAL.
 *
 * Built once per server: a connection holds a single listener that calls it, instead of a
 * closure per event, and no logger until it has something to log.
 */
export function createDispatcher(handlers: SocketHandlers, options: DispatchOptions): Dispatch {
  const table = routes(handlers);
  const { logger, limiter } = options;

  const respond = (socket: AppSocket, event: string, ack: Reply | null, result: Ack<unknown>) => {
    if (ack) ack(result);
    else if (!result.ok) socket.emit('request:error', { event, error: result.error });
  };

  const run = async (socket: AppSocket, event: string, route: Route, payload: unknown, ack: Reply | null) => {
    try {
      await limiter.consume(socket.data.auth.userId).catch(() => {
        throw new AppError('RATE_LIMITED', 'too many requests on this connection; slow down');
      });
      const parsed = route.schema.safeParse(payload);
      if (!parsed.success) throw validationError(`${event} payload`, parsed.error.issues);
      respond(socket, event, ack, { ok: true, data: await route.handler(socket, parsed.data as never) });
    } catch (error) {
      if (error instanceof AppError) {
        respond(socket, event, ack, { ok: false, error: error.toJSON() });
        return;
      }
      connectionLog(logger, socket).error({ err: error, event }, 'socket request failed');
      respond(socket, event, ack, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    }
  };

  return (socket, event, args) => {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Reply) : null;
    // The payload is the first argument; a lone callback means there was none.
    const payload = ack && args.length === 1 ? undefined : args[0];
    // Socket.IO lets a client name an event with a number as well as a string.
    const name = String(event);
    const route = table.get(name);
    if (!route) {
      const shown = name.slice(0, 64);
      respond(socket, shown, ack, { ok: false, error: new AppError('NOT_FOUND', `unknown event ${shown}`).toJSON() });
      return;
    }
    void run(socket, name, route, payload, ack);
  };
}

/** The logger of one connection's failures, bound to it as the log of a request would be. */
const connectionLog = (logger: Logger, socket: AppSocket) => logger.child({ socketId: socket.id, userId: socket.data.auth.userId });
