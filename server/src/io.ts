import type { Server as HttpServer } from 'node:http';
import { type TNotification, ZSocketAuth } from '@bidhall/contracts';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { AppError } from './lib/app-error';
import { createDispatcher } from './lib/socket/dispatch';
import type { SocketHandlers } from './lib/socket/handlers';
import type { RevocationScope } from './lib/events';
import { orgRoom, sessionRoom, STAFF_ROOM, tabRoom, userRoom } from './lib/socket/rooms';
import type { AppServer, AppSocket } from './lib/socket/types';
import { claimsToAuth } from './modules/auth/authenticate';
import { createMediaGateway, mediaUnavailable } from './modules/media/media.socket';
import { deliverOpeningEvents, openingHandlers } from './modules/opening/opening.socket';
import { createSessionGateway } from './modules/session/session.socket';
import type { Services } from './services';

export interface IoOptions {
  /** Requests a user may make per 10 seconds, over all its connections on all nodes, before it is told to slow down. */
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
  const limiter = s.rateLimiter({ name: 'socket-requests', points: options.requestsPer10s ?? 100, durationSeconds: 10 });

  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0) {
      next(refusal(new AppError('UNAUTHENTICATED', 'a token is required')));
      return;
    }
    const handshake = ZSocketAuth.safeParse(socket.handshake.auth);
    if (!handshake.success) {
      next(refusal(new AppError('VALIDATION_FAILED', 'the handshake could not be read')));
      return;
    }
    const admit = async () => {
      const claims = s.tokens.verify(token);
      await s.sessions.assertLive(claims);
      socket.data.auth = claimsToAuth(claims);
      socket.data.sessionId = claims.sid;
      socket.data.tokenExp = claims.exp;
      if (handshake.data.tab) socket.data.tabId = handshake.data.tab;
      // Socket.IO keeps the handshake as long as the connection; the token is of no more use
      // (a renewal brings its own), and a bearer token is better not kept around.
      const { token: _verified, ...rest } = socket.handshake.auth;
      socket.handshake.auth = rest;
    };
    admit().then(
      () => next(),
      (error: unknown) => next(refusal(error instanceof AppError ? error : new AppError('UNAUTHENTICATED', 'the token is not valid'))),
    );
  });

  const deliver = ({ orgIds, notification }: { orgIds: string[]; notification: TNotification }) => {
    if (orgIds.length) io.to(orgIds.map(orgRoom)).emit('notification', notification);
  };
  s.events.on('notification', deliver);
  const stopOpenings = deliverOpeningEvents(io, s);
  const stopRevocations = relayRevocations(io, s);
  httpServer.once('close', () => {
    s.events.off('notification', deliver);
    stopOpenings();
    stopRevocations();
  });

  // Every request of every connection goes through one table of handlers, made here once: a
  // connection costs a single listener, not one closure per event (nor a logger of its own).
  const session = createSessionGateway(s);
  const handlers: SocketHandlers = {
    ...session.handlers,
    ...openingHandlers(s),
    ...(s.media ? createMediaGateway(io, s, s.media).handlers : mediaUnavailable()),
  };
  const dispatch = createDispatcher(handlers, { logger: s.logger, limiter });

  io.on('connection', (socket) => {
    if (socket.data.tabId) replaceEarlierConnections(io, socket, socket.data.tabId);
    void socket.join([sessionRoom(socket.data.sessionId), userRoom(socket.data.auth.userId)]);
    if (socket.data.auth.orgId) void socket.join(orgRoom(socket.data.auth.orgId));
    if (socket.data.auth.role !== 'BIDDER') void socket.join(STAFF_ROOM);
    session.connected(socket);
    socket.onAny((event: unknown, ...args: unknown[]) => dispatch(socket, event, args));
  });
  return io;
}

/**
 * A browser tab keeps one connection, so one that connects again lost its earlier connection —
 * to a network drop, most often, that the server did not see. That connection is dead but would
 * linger until the heartbeat gives up on it (up to 45 s), holding the tab's place in media rooms,
 * and the tab could not take that place again; it is closed now, on every node, and its leaving
 * runs before anything the new connection asks. A recovered connection is restored into the
 * tab's room under its old id, hence the exception.
 */
function replaceEarlierConnections(io: AppServer, socket: AppSocket, tabId: string): void {
  const room = tabRoom(socket.data.auth.userId, tabId);
  io.in(room).except(socket.id).disconnectSockets(true);
  void socket.join(room);
}

/**
 * A revocation raised on this node closes the revoked sessions' connections on every node (the
 * adapter carries disconnectSockets across) and tells the other nodes' session guards to forget
 * what they believed; their own revocations arrive here the same way.
 */
function relayRevocations(io: AppServer, s: Services): () => void {
  const onRevoked = (scope: RevocationScope) => {
    io.in(revocationRoom(scope)).disconnectSockets(true);
    io.serverSideEmit('session:revoked', scope);
  };
  s.events.on('sessionRevoked', onRevoked);
  io.on('session:revoked', (scope: RevocationScope) => s.sessions.forget(scope));
  return () => s.events.off('sessionRevoked', onRevoked);
}

const revocationRoom = (scope: RevocationScope) => ('sessionId' in scope ? sessionRoom(scope.sessionId) : 'userId' in scope ? userRoom(scope.userId) : orgRoom(scope.orgId));

/** Everything the adapter names in Redis (stream, request channels, recovery sessions) under one installation's prefix. */
const adapterNames = (stream: string) => ({ streamName: stream, channelPrefix: stream, sessionKeyPrefix: `${stream}:session:` });

/** Socket.IO passes `data` of a middleware error to the client's connect_error. */
function refusal(error: AppError): Error {
  return Object.assign(new Error(error.message), { data: { code: error.code } });
}
