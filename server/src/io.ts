import type { Server as HttpServer } from 'node:http';
import { clientEvents, mediaEvents, type TNotification } from '@bidhall/contracts';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server } from 'socket.io';
import { AppError } from './lib/app-error';
import { handle } from './lib/socket/handle';
import { orgRoom, STAFF_ROOM } from './lib/socket/rooms';
import type { AppServer } from './lib/socket/types';
import { claimsToAuth } from './modules/auth/authenticate';
import { createMediaGateway } from './modules/media/media.socket';
import { deliverOpeningEvents, registerOpeningHandlers } from './modules/opening/opening.socket';
import { registerSessionHandlers } from './modules/session/session.socket';
import type { Services } from './services';

export interface IoOptions {
  /** Requests a connection may make per 10 seconds before it is told to slow down. */
  requestsPer10s?: number;
  /**
   * A Redis connection of the adapter's own (it blocks on stream reads), owned by the caller.
   * With it, events reach sockets on every node; without it, this node only.
   */
  adapterRedis?: Redis;
  /** Redis stream carrying the events; installations sharing one Redis need different names. */
  adapterStreamName?: string;
}

/**
 * The Socket.IO gateway. Every connection authenticates with an access token in
 * `handshake.auth.token`; without a valid one the handshake is refused with a code in
 * `err.data`. Across nodes, events travel through Redis Streams when Redis is configured.
 */
export function createIo(httpServer: HttpServer, s: Services, options: IoOptions = {}): AppServer {
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    ...(s.settings.corsOrigins.length ? { cors: { origin: s.settings.corsOrigins, credentials: true } } : {}),
    // Recovered connections run the auth middleware again, so an expired token cannot resume.
    connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: false },
    ...(options.adapterRedis ? { adapter: createAdapter(options.adapterRedis, adapterNames(options.adapterStreamName ?? 'bidhall:socket.io')) } : {}),
  });
  const limiter = new RateLimiterMemory({ keyPrefix: 'socket', points: options.requestsPer10s ?? 100, duration: 10 });

  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0) {
      next(refusal(new AppError('UNAUTHENTICATED', 'a token is required')));
      return;
    }
    try {
      const claims = s.tokens.verify(token);
      socket.data.auth = claimsToAuth(claims);
      socket.data.tokenExp = claims.exp;
      next();
    } catch (error) {
      next(refusal(error instanceof AppError ? error : new AppError('UNAUTHENTICATED', 'the token is not valid')));
    }
  });

  const deliver = ({ orgIds, notification }: { orgIds: string[]; notification: TNotification }) => {
    if (orgIds.length) io.to(orgIds.map(orgRoom)).emit('notification', notification);
  };
  s.events.on('notification', deliver);
  const stopOpenings = deliverOpeningEvents(io, s);
  httpServer.once('close', () => {
    s.events.off('notification', deliver);
    stopOpenings();
  });

  const media = s.media ? createMediaGateway(io, s, s.media) : null;

  io.on('connection', (socket) => {
    const log = s.logger.child({ socketId: socket.id, userId: socket.data.auth.userId });
    if (socket.data.auth.orgId) void socket.join(orgRoom(socket.data.auth.orgId));
    if (socket.data.auth.role !== 'BIDDER') void socket.join(STAFF_ROOM);
    const handleOptions = { log, limiter };
    registerSessionHandlers(socket, s, handleOptions);
    registerOpeningHandlers(socket, s, handleOptions);
    if (media) media.register(socket, handleOptions);
    else for (const event of Object.keys(mediaEvents) as (keyof typeof mediaEvents)[]) handle(socket, event, handleOptions, mediaOff);
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event in clientEvents) return;
      const error = new AppError('NOT_FOUND', `unknown event ${event.slice(0, 64)}`).toJSON();
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ ok: false, error });
      else socket.emit('request:error', { event: event.slice(0, 64), error });
    });
  });
  return io;
}

const mediaOff = async (): Promise<never> => {
  throw new AppError('UNAVAILABLE', 'audio and video are not enabled on this server');
};

/** Everything the adapter names in Redis (stream, request channels, recovery sessions) under one installation's prefix. */
const adapterNames = (stream: string) => ({ streamName: stream, channelPrefix: stream, sessionKeyPrefix: `${stream}:session:` });

/** Socket.IO passes `data` of a middleware error to the client's connect_error. */
function refusal(error: AppError): Error {
  return Object.assign(new Error(error.message), { data: { code: error.code } });
}
