import { AppError } from '../../lib/app-error';
import type { SocketHandlers } from '../../lib/socket/handlers';
import { sessionRoom } from '../../lib/socket/rooms';
import type { AppSocket } from '../../lib/socket/types';
import type { Services } from '../../services';
import { claimsToAuth } from '../auth/authenticate';

/** Warn this long before the connection's token runs out (or halfway, for short tokens), so the client can renew in time. */
const EXPIRY_WARNING_MS = 60_000;

/**
 * Keeps a connection's identity as fresh as its access token: the connection is warned, then
 * closed when the token expires, unless the client renews it first with a token for the same user.
 *
 * A connection holds one timer at a time: until the warning, the warning's; from then on, the
 * expiry's. The timers take the socket as an argument rather than closing over it, and are kept
 * in a WeakMap rather than on `socket.data`, which connection-state recovery persists.
 */
export function createSessionGateway(s: Pick<Services, 'clock' | 'tokens' | 'sessions'>) {
  const timers = new WeakMap<AppSocket, NodeJS.Timeout>();

  const expire = (socket: AppSocket) => {
    timers.delete(socket);
    socket.disconnect(true);
  };
  const warn = (socket: AppSocket, expireInMs: number) => {
    socket.emit('session:expiring', { expiresAt: new Date(socket.data.tokenExp * 1000).toISOString() });
    timers.set(socket, setTimeout(expire, expireInMs, socket));
  };
  const schedule = (socket: AppSocket) => {
    clearTimeout(timers.get(socket));
    const remaining = socket.data.tokenExp * 1000 - s.clock.now().getTime();
    const warnAhead = Math.min(EXPIRY_WARNING_MS, remaining / 2);
    const warnIn = Math.max(0, remaining - warnAhead);
    // The expiry's delay is taken now, from the same reading of the clock as the warning's, not when the warning fires.
    timers.set(socket, setTimeout(warn, warnIn, socket, Math.max(0, remaining) - warnIn));
  };

  const handlers: SocketHandlers<'session:renew' | 'clock:sync'> = {
    'session:renew': async (socket, { token }) => {
      const claims = s.tokens.verify(token);
      if (claims.sub !== socket.data.auth.userId) throw new AppError('FORBIDDEN', 'the token belongs to another user');
      await s.sessions.assertLive(claims);
      socket.data.auth = claimsToAuth(claims);
      if (claims.sid !== socket.data.sessionId) {
        // A new sign-in in the same tab: the connection now ends with the new session.
        void socket.leave(sessionRoom(socket.data.sessionId));
        void socket.join(sessionRoom(claims.sid));
        socket.data.sessionId = claims.sid;
      }
      socket.data.tokenExp = claims.exp;
      schedule(socket);
      return { expiresAt: new Date(claims.exp * 1000).toISOString() };
    },
    'clock:sync': async (_socket, { clientSentAt }) => ({ clientSentAt, serverTime: s.clock.now().getTime() }),
  };

  return {
    handlers,
    /** Starts watching a new connection's token; the watch ends with the connection. */
    connected(socket: AppSocket): void {
      schedule(socket);
      socket.on('disconnect', () => clearTimeout(timers.get(socket)));
    },
  };
}
