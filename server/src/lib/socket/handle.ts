import { type Ack, type ClientEventName, type ClientEventResult, clientEvents } from '@bidhall/contracts';
import type { Logger } from 'pino';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { z } from 'zod';
import { AppError, validationError } from '../app-error';
import type { AppSocket } from './types';

type Parsed<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['payload']>;

export interface HandleOptions {
  log: Logger;
  /** Per-connection budget of requests; one point per event. */
  limiter: RateLimiterMemory;
}

/**
 * Registers a request handler with the contract enforced: the payload is parsed by its schema,
 * the connection's request budget is charged, and the request ends in exactly one
 * acknowledgement, or in a `request:error` event when the client sent no callback.
 */
export function handle<E extends ClientEventName>(
  socket: AppSocket,
  event: E,
  options: HandleOptions,
  handler: (payload: Parsed<E>) => Promise<ClientEventResult<E>>,
): void {
  const listener = async (...args: unknown[]) => {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (r: Ack<ClientEventResult<E>>) => void) : null;
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    const respond = (result: Ack<ClientEventResult<E>>) => {
      if (ack) ack(result);
      else if (!result.ok) socket.emit('request:error', { event, error: result.error });
    };
    try {
      await options.limiter.consume(socket.id).catch(() => {
        throw new AppError('RATE_LIMITED', 'too many requests on this connection; slow down');
      });
      const parsed = clientEvents[event].payload.safeParse(payload);
      if (!parsed.success) throw validationError(`${event} payload`, parsed.error.issues);
      respond({ ok: true, data: await handler(parsed.data as Parsed<E>) });
    } catch (error) {
      if (error instanceof AppError) {
        respond({ ok: false, error: error.toJSON() });
        return;
      }
      options.log.error({ err: error, event }, 'socket request failed');
      respond({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    }
  };
  socket.on(event, listener as never);
}
