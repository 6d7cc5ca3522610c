import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createTestClock, TEST_JWT_SECRET } from '../../testing';
import { createAccessTokens, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens';

const claims = { sub: '6a1f3a52-5d87-4c1a-9a7e-0d5b3c2e1f00', sid: '0b7c3d9e-2a41-4f6b-8c5d-1e2f3a4b5c6d', role: 'BIDDER' as const, org: null, name: '王华建' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens', () => {
  const clock = createTestClock();
  const tokens = createAccessTokens({ secret: TEST_JWT_SECRET, ttlSeconds: 600, clock });
  const codeOf = (token: string) => {
    try {
      tokens.verify(token);
      return 'accepted';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  it('verifies its own tokens and gives back the claims', () => {
    const { token, expiresAt } = tokens.sign(claims);
    expect(tokens.verify(token)).toMatchObject({ ...claims, exp: nowSeconds() + 600 });
    expect(expiresAt.getTime()).toBe((nowSeconds() + 600) * 1000);
  });

  it('refuses an expired token with TOKEN_EXPIRED', () => {
    const { token } = tokens.sign(claims);
    clock.advance(601_000);
    expect(codeOf(token)).toBe('TOKEN_EXPIRED');
    clock.advance(-601_000);
  });

  it('refuses forged, alg:none, re-algorithmed, wrong-audience and wrong-issuer tokens', () => {
    const { token } = tokens.sign(claims);
    const [header, payload] = token.split('.');
    const body = { ...claims, iat: nowSeconds(), exp: nowSeconds() + 600, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE };
    const hs = (alg: string, h: unknown, p: unknown, secret = TEST_JWT_SECRET) => {
      const unsigned = `${b64(h)}.${b64(p)}`;
      const hash = alg === 'HS512' ? 'sha512' : 'sha256';
      return `${unsigned}.${createHmac(hash, secret).update(unsigned).digest('base64url')}`;
    };
    const cases = {
      forgedSignature: `${header}.${payload}.${createHmac('sha256', 'another-secret-of-sufficient-length-xx').update(`${header}.${payload}`).digest('base64url')}`,
      algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...body, role: 'ADMIN' })}.`,
      hs512SameSecret: hs('HS512', { alg: 'HS512', typ: 'JWT' }, body),
      elevatedPayload: `${header}.${b64({ ...body, role: 'ADMIN' })}.${token.split('.')[2]}`,
      wrongAudience: jwt.sign({ ...claims }, TEST_JWT_SECRET, { algorithm: 'HS256', audience: 'other-api', issuer: TOKEN_ISSUER, expiresIn: 600 }),
      wrongIssuer: jwt.sign({ ...claims }, TEST_JWT_SECRET, { algorithm: 'HS256', audience: TOKEN_AUDIENCE, issuer: 'someone', expiresIn: 600 }),
      missingClaims: hs('HS256', { alg: 'HS256', typ: 'JWT' }, { iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: nowSeconds() + 60 }),
      withoutSession: hs('HS256', { alg: 'HS256', typ: 'JWT' }, { ...body, sid: undefined }),
      // Properly signed, but living a year: the configured lifetime is the most any token may have.
      tooLong: hs('HS256', { alg: 'HS256', typ: 'JWT' }, { ...body, exp: nowSeconds() + 365 * 86_400 }),
      withoutIssuedAt: hs('HS256', { alg: 'HS256', typ: 'JWT' }, { ...body, iat: undefined }),
      issuedInTheFuture: hs('HS256', { alg: 'HS256', typ: 'JWT' }, { ...body, iat: nowSeconds() + 3600, exp: nowSeconds() + 3600 + 600 }),
      garbage: 'not-a-token',
    };
    const results = Object.fromEntries(Object.entries(cases).map(([name, t]) => [name, codeOf(t)]));
    expect(results).toEqual(Object.fromEntries(Object.keys(cases).map((name) => [name, 'UNAUTHENTICATED'])));
  });
});
