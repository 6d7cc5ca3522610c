import { AppError } from '../../lib/app-error';
import { handle, type HandleOptions } from '../../lib/socket/handle';
import type { AppSocket } from '../../lib/socket/types';
import type { Services } from '../../services';
import { claimsToAuth } from '../auth/authenticate';

/** Warn this long before the connection's token runs out (or halfway, for short tokens), so the client can renew in time. */
const EXPIRY_WARNING_MS = 60_000;

/**
 * Keeps a connection's identity as fresh as its access token: the connection is closed when
 * the token expires, unless the client renews it first with a token for the same user.
 */
export function registerSessionHandlers(socket: AppSocket, s: Services, options: HandleOptions): void {
  let warnTimer: NodeJS.Timeout | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(expiryTimer);
    const remaining = socket.data.tokenExp * 1000 - s.clock.now().getTime();
    const warnAhead = Math.min(EXPIRY_WARNING_MS, remaining / 2);
    const expiresAt = new Date(socket.data.tokenExp * 1000).toISOString();
    warnTimer = setTimeout(() => socket.emit('session:expiring', { expiresAt }), Math.max(0, remaining - warnAhead));
    expiryTimer = setTimeout(() => socket.disconnect(true), Math.max(0, remaining));
  };
  schedule();
  socket.on('disconnect', () => {
    clearTimeout(warnTimer);
    clearTimeout(expiryTimer);
  });

  handle(socket, 'session:renew', options, async ({ token }) => {
    const claims = s.tokens.verify(token);
    if (claims.sub !== socket.data.auth.userId) throw new AppError('FORBIDDEN', 'the token belongs to another user');
    socket.data.auth = claimsToAuth(claims);
    socket.data.tokenExp = claims.exp;
    schedule();
    return { expiresAt: new Date(claims.exp * 1000).toISOString() };
  });

  handle(socket, 'clock:sync', options, async ({ clientSentAt }) => ({ clientSentAt, serverTime: s.clock.now().getTime() }));
}
