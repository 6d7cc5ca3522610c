import type { Request } from 'express';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import type { AccessTokens } from './access-tokens';
import type { SessionGuard } from './session-guard';

export const claimsToAuth = (claims: { sub: string; role: AuthContext['role']; org: string | null; name: string }): AuthContext => ({
  userId: claims.sub,
  role: claims.role,
  orgId: claims.org,
  name: claims.name,
});

/**
 * Reads `Authorization: Bearer <token>`; null when absent, an error when present but not valid or
 * when the session it was issued for has ended.
 */
export function bearerAuthenticator(tokens: AccessTokens, sessions: Pick<SessionGuard, 'assertLive'>) {
  return async (req: Request): Promise<AuthContext | null> => {
    const header = req.headers.authorization;
    if (!header) return null;
    const match = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', 'use an Authorization: Bearer header');
    const claims = tokens.verify(match[1]!);
    await sessions.assertLive(claims);
    return claimsToAuth(claims);
  };
}
