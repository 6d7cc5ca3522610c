import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../app';
import { createTestClock, createTestServices, randomCreditCode, TEST_PASSWORD, type TestServices } from '../../testing';

const clock = createTestClock();
let s: TestServices;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  s = await createTestServices({ clock, throttleLimits: { accountFailures: 5, ipFailures: 12, windowSeconds: 900, lockSeconds: 900, registrationsPerHour: 50 } });
  app = createApp(s);
});
afterAll(() => s.close());

let seq = 0;
const registration = (kind: string, overrides: { username?: string; creditCode?: string } = {}) => ({
  organization: { name: `${kind} 测试单位`, kind, creditCode: overrides.creditCode ?? randomCreditCode(), regionCode: '320500', contact: { name: '李联系', phone: '13900000000' } },
  user: { username: overrides.username ?? `user${++seq}-${kind.toLowerCase()}`, displayName: '张三', password: TEST_PASSWORD },
});
/** Each test gets its own client address, so throttling by address does not leak between tests. */
const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });
const login = (username: string, password = TEST_PASSWORD, ip = '10.0.0.1') =>
  request(app).post('/api/auth/login').set(fromIp(ip)).send({ username, password });
const refreshCookie = (res: request.Response) => {
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('bh_refresh='));
  return raw?.split(';')[0];
};

describe('registration', () => {
  it('activates tenderers and bidders at once and holds agencies, institutions and regulators for approval', async () => {
    const statuses: Record<string, string> = {};
    for (const kind of ['TENDERER', 'BIDDER', 'AGENCY', 'INSTITUTION', 'REGULATOR']) {
      const res = await request(app).post('/api/auth/register').send(registration(kind));
      expect(res.status).toBe(201);
      statuses[kind] = res.body.organization.status;
      expect(res.body.user.role).toBe({ TENDERER: 'TENDERER', BIDDER: 'BIDDER', AGENCY: 'AGENCY', INSTITUTION: 'INSTITUTION', REGULATOR: 'SUPERVISOR' }[kind]);
      expect(JSON.stringify(res.body)).not.toContain('passwordHash');
    }
    expect(statuses).toEqual({ TENDERER: 'ACTIVE', BIDDER: 'ACTIVE', AGENCY: 'PENDING', INSTITUTION: 'PENDING', REGULATOR: 'PENDING' });
  });

  it('refuses to register the platform operator kind', async () => {
    const res = await request(app).post('/api/auth/register').send(registration('PLATFORM'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a taken username and a taken credit code without creating anything', async () => {
    const first = registration('BIDDER');
    expect((await request(app).post('/api/auth/register').send(first)).status).toBe(201);
    const orgs = await s.prisma.organization.count();
    const sameUser = await request(app).post('/api/auth/register').send(registration('BIDDER', { username: first.user.username }));
    expect(sameUser.body.error.code).toBe('USERNAME_TAKEN');
    expect(sameUser.status).toBe(409);
    const sameCode = await request(app).post('/api/auth/register').send(registration('BIDDER', { creditCode: first.organization.creditCode }));
    expect(sameCode.body.error.code).toBe('CREDIT_CODE_TAKEN');
    expect(await s.prisma.organization.count()).toBe(orgs);
  });

  it('refuses weak passwords', async () => {
    const weak = registration('BIDDER');
    weak.user.password = 'onlyletters';
    const res = await request(app).post('/api/auth/register').send(weak);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('records the registration in the audit chain', async () => {
    const body = registration('TENDERER');
    const res = await request(app).post('/api/auth/register').send(body);
    const event = await s.prisma.auditEvent.findFirst({ where: { action: 'org.registered', subjectId: res.body.organization.id } });
    expect(event?.data).toMatchObject({ creditCode: body.organization.creditCode, status: 'ACTIVE' });
  });
});

describe('login and sessions', () => {
  const registered = async (kind = 'BIDDER') => {
    const body = registration(kind);
    await request(app).post('/api/auth/register').send(body);
    return body.user.username;
  };

  it('signs in, returns a short-lived token and sets an httpOnly, SameSite=Strict refresh cookie', async () => {
    const username = await registered();
    const res = await login(username, TEST_PASSWORD, '10.1.0.1');
    expect(res.status).toBe(200);
    expect(new Date(res.body.expiresAt).getTime() - clock.now().getTime()).toBeLessThanOrEqual(15 * 60_000);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('bh_refresh='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    const me = await request(app).get('/api/auth/me').set('authorization', `Bearer ${res.body.accessToken}`);
    expect(me.body.user.username).toBe(username);
    expect(me.body.organization.kind).toBe('BIDDER');
  });

  it('keeps only a hash of the refresh token', async () => {
    const username = await registered();
    const res = await login(username, TEST_PASSWORD, '10.1.0.2');
    const token = refreshCookie(res)!.split('=')[1]!;
    expect(await s.prisma.refreshToken.count({ where: { tokenHash: token } })).toBe(0);
  });

  it('answers an unknown user and a wrong password alike', async () => {
    const username = await registered();
    const wrong = await login(username, 'Wrong-password-1', '10.2.0.1');
    const unknown = await login('nobody-here', 'Wrong-password-1', '10.2.0.1');
    expect([wrong.status, wrong.body.error]).toEqual([401, { code: 'INVALID_CREDENTIALS', message: 'wrong username or password' }]);
    expect([unknown.status, unknown.body.error]).toEqual([401, wrong.body.error]);
  });

  it('tells a pending organization to wait for approval', async () => {
    const username = await registered('AGENCY');
    const res = await login(username, TEST_PASSWORD, '10.3.0.1');
    expect([res.status, res.body.error.code]).toEqual([403, 'ACCOUNT_PENDING']);
  });

  it('locks an account after repeated failures, even for the right password, and unlocks it later', async () => {
    const username = await registered();
    for (let i = 0; i < 5; i++) expect((await login(username, `Wrong-pass-${i}`, `10.4.0.${i}`)).body.error.code).toBe('INVALID_CREDENTIALS');
    const locked = await login(username, TEST_PASSWORD, '10.4.1.1');
    expect([locked.status, locked.body.error.code]).toEqual([429, 'ACCOUNT_LOCKED']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await s.prisma.refreshFamily.count({ where: { user: { username } } })).toBe(0);
  });

  it('evaluates no more than the limit of parallel guesses, and the right password afterwards is locked out', async () => {
    const username = await registered();
    const verify = vi.spyOn(s.passwords, 'verify');
    const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(username, `Wrong-guess-${i}`, `10.4.2.${i}`)));
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    expect(guesses.filter((r) => r.body.error.code === 'INVALID_CREDENTIALS')).toHaveLength(verify.mock.calls.length);
    expect(guesses.filter((r) => r.body.error.code === 'ACCOUNT_LOCKED')).toHaveLength(30 - verify.mock.calls.length);
    const right = await login(username, TEST_PASSWORD, '10.4.3.1');
    expect([right.status, right.body.error.code]).toEqual([429, 'ACCOUNT_LOCKED']);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    verify.mockRestore();
  });

  it('refuses an address that fails too often, whatever the account', async () => {
    const ip = '10.5.0.1';
    for (let i = 0; i < 12; i++) await login(`ghost-${i}`, 'Wrong-pass-1', ip);
    const res = await login(await registered(), TEST_PASSWORD, ip);
    expect([res.status, res.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect((await login(await registered(), TEST_PASSWORD, '10.5.0.2')).status).toBe(200);
  });

  it('rotates the refresh token and revokes the whole family when a rotated token is reused', async () => {
    const username = await registered();
    const first = refreshCookie(await login(username, TEST_PASSWORD, '10.6.0.1'))!;
    const rotated = await request(app).post('/api/auth/refresh').set('cookie', first);
    expect(rotated.status).toBe(200);
    expect(rotated.body.user.username).toBe(username);
    const second = refreshCookie(rotated)!;
    expect(second).not.toBe(first);

    const reuse = await request(app).post('/api/auth/refresh').set('cookie', first);
    expect([reuse.status, reuse.body.error.code]).toEqual([401, 'REFRESH_REUSED']);
    // The legitimate holder of the newest token is signed out too.
    const after = await request(app).post('/api/auth/refresh').set('cookie', second);
    expect([after.status, after.body.error.code]).toEqual([401, 'REFRESH_INVALID']);
    const family = await s.prisma.refreshFamily.findFirstOrThrow({ where: { user: { username } } });
    expect(family.revokeReason).toBe('reuse');
    expect(await s.prisma.auditEvent.count({ where: { action: 'auth.refresh_reused', subjectId: family.userId } })).toBe(1);
  });

  it('treats two concurrent refreshes with one token as reuse', async () => {
    const username = await registered();
    const cookie = refreshCookie(await login(username, TEST_PASSWORD, '10.6.1.1'))!;
    const results = await Promise.all([1, 2].map(() => request(app).post('/api/auth/refresh').set('cookie', cookie)));
    expect(results.map((r) => r.body.error?.code ?? 'OK').sort()).toEqual(['OK', 'REFRESH_REUSED']);
  });

  it('ends the session on logout and after its lifetime', async () => {
    const username = await registered();
    const cookie = refreshCookie(await login(username, TEST_PASSWORD, '10.7.0.1'))!;
    const out = await request(app).post('/api/auth/logout').set('cookie', cookie);
    expect(out.status).toBe(204);
    expect((await request(app).post('/api/auth/refresh').set('cookie', cookie)).body.error.code).toBe('REFRESH_INVALID');

    const other = refreshCookie(await login(username, TEST_PASSWORD, '10.7.0.2'))!;
    clock.advance(8 * 86_400_000);
    expect((await request(app).post('/api/auth/refresh').set('cookie', other)).body.error.code).toBe('REFRESH_INVALID');
    clock.advance(-8 * 86_400_000);
  });

  it('refuses refresh without a cookie or with a made-up one', async () => {
    expect((await request(app).post('/api/auth/refresh')).body.error.code).toBe('REFRESH_INVALID');
    expect((await request(app).post('/api/auth/refresh').set('cookie', 'bh_refresh=made-up')).body.error.code).toBe('REFRESH_INVALID');
  });

  it('never writes a password, token or cookie to the log', async () => {
    const username = await registered();
    const res = await login(username, TEST_PASSWORD, '10.8.0.1');
    await request(app).post('/api/auth/refresh').set('cookie', refreshCookie(res)!);
    await request(app).get('/api/auth/me').set('authorization', `Bearer ${res.body.accessToken}`);
    await login(username, 'Wrong-password-77', '10.8.0.2');
    const logs = s.logs();
    expect(logs).toContain('"msg":"login"');
    for (const secret of [TEST_PASSWORD, 'Wrong-password-77', res.body.accessToken, refreshCookie(res)!.split('=')[1]!]) {
      expect(logs).not.toContain(secret);
    }
  });
});
