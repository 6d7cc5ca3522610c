import { createSecretKey } from 'node:crypto';
import { type TAccessClaims, ZAccessClaims } from '@bidhall/contracts';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { Clock } from '../../lib/clock';

export const TOKEN_ISSUER = 'bidhall';
export const TOKEN_AUDIENCE = 'bidhall-api';
/** The one algorithm accepted; anything else (including `none`) is refused before the signature is looked at. */
const ALGORITHM = 'HS256';
const ZVerifiedClaims = ZAccessClaims.extend({ iat: z.number().int(), exp: z.number().int() });
/** Issued-at times this far ahead of the server's clock are taken as clock skew, not as a token from the future. */
const SKEW_SECONDS = 60;

export interface AccessTokens {
  sign(claims: TAccessClaims): { token: string; expiresAt: Date };
  /**
   * The verified claims; throws UNAUTHENTICATED or TOKEN_EXPIRED. A token living longer than the
   * configured lifetime is refused however it was signed (a leaked secret, an old deployment's
   * longer setting). Whether its session is still live is the SessionGuard's question.
   */
  verify(token: string): TAccessClaims & { exp: number };
}

export function createAccessTokens(options: { secret: string; ttlSeconds: number; clock: Clock }): AccessTokens {
  const { ttlSeconds, clock } = options;
  // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every call.
  const secret = createSecretKey(Buffer.from(options.secret, 'utf8'));
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    sign(claims) {
      const iat = nowSeconds();
      const token = jwt.sign({ ...claims, iat }, secret, {
        algorithm: ALGORITHM,
        expiresIn: ttlSeconds,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
      return { token, expiresAt: new Date((iat + ttlSeconds) * 1000) };
    },
    verify(token) {
      let payload: unknown;
      try {
        payload = jwt.verify(token, secret, {
          algorithms: [ALGORITHM],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          clockTimestamp: nowSeconds(),
        });
      } catch (error) {
        if (error instanceof jwt.TokenExpiredError) throw new AppError('TOKEN_EXPIRED', 'the access token has expired');
        throw new AppError('UNAUTHENTICATED', 'the access token is not valid');
      }
      const claims = ZVerifiedClaims.safeParse(payload);
      if (!claims.success) throw new AppError('UNAUTHENTICATED', 'the access token is not valid');
      const { iat, exp } = claims.data;
      if (exp - iat > ttlSeconds || iat > nowSeconds() + SKEW_SECONDS) throw new AppError('UNAUTHENTICATED', 'the access token outlives the allowed lifetime');
      return claims.data;
    },
  };
}
