import { ZErrorBody } from '@bidhall/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { createTestServices, createTestUser, randomCreditCode, type TestServices } from './testing';

let s: TestServices;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  s = await createTestServices();
  app = createApp(s);
});
afterAll(() => s.close());

const counts = async () => ({ orgs: await s.prisma.organization.count(), users: await s.prisma.user.count(), audit: await s.prisma.auditEvent.count() });
const validRegistration = () => ({
  organization: { name: '测试投标有限公司', kind: 'BIDDER', creditCode: randomCreditCode(), regionCode: '320500', contact: { name: '测试联系人', phone: '13900000000' } },
  user: { username: `u${Date.now()}`, displayName: '测试', password: 'Password-2026' },
});

/** Every refusal has the one error shape, a 4xx status, and no trace of the server's internals. */
function expectRefusal(res: request.Response, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(ZErrorBody.safeParse(res.body).success).toBe(true);
  expect(res.text).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/);
}

describe('bad input never reaches a handler and changes nothing', () => {
  it('refuses malformed JSON', async () => {
    const before = await counts();
    const res = await request(app).post('/api/auth/register').set('content-type', 'application/json').send('{"organization": {');
    expectRefusal(res, 400, 'MALFORMED_JSON');
    expect(await counts()).toEqual(before);
  });

  it('refuses an oversize body', async () => {
    const before = await counts();
    const body = validRegistration();
    const res = await request(app)
      .post('/api/auth/register')
      .send({ ...body, organization: { ...body.organization, name: 'x'.repeat(200_000) } });
    expectRefusal(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('refuses wrong types, naming the fields', async () => {
    const body = validRegistration();
    const res = await request(app)
      .post('/api/auth/register')
      .send({ ...body, organization: { ...body.organization, kind: 42, regionCode: 320500 } });
    expectRefusal(res, 400, 'VALIDATION_FAILED');
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['organization.kind', 'organization.regionCode']));
  });

  it('refuses unknown fields', async () => {
    const before = await counts();
    const body = validRegistration();
    const res = await request(app).post('/api/auth/register').send({ ...body, user: { ...body.user, role: 'ADMIN' } });
    expectRefusal(res, 400, 'VALIDATION_FAILED');
    expect(await counts()).toEqual(before);
  });

  it('refuses an invalid credit code (check character)', async () => {
    const before = await counts();
    const body = validRegistration();
    const code = body.organization.creditCode;
    const wrongCheck = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    const res = await request(app).post('/api/auth/register').send({ ...body, organization: { ...body.organization, creditCode: wrongCheck } });
    expectRefusal(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error.details)).toContain('organization.creditCode');
    expect(await counts()).toEqual(before);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await request(app).post('/api/auth/login').set('content-type', 'text/plain').send('username=admin');
    expectRefusal(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses query parameters a route does not take, and a body on a route without one', async () => {
    const { token } = await createTestUser(s, { role: 'ADMIN' });
    expectRefusal(await request(app).get('/api/admin/organizations?status=NOPE').set('authorization', `Bearer ${token}`), 400, 'VALIDATION_FAILED');
    expectRefusal(await request(app).get('/api/admin/organizations?extra=1').set('authorization', `Bearer ${token}`), 400, 'VALIDATION_FAILED');
    expectRefusal(await request(app).post('/api/auth/logout').send({ surprise: true }), 400, 'VALIDATION_FAILED');
  });

  it('refuses a malformed path parameter', async () => {
    const { token } = await createTestUser(s, { role: 'ADMIN' });
    const res = await request(app).post('/api/admin/organizations/not-a-uuid/approve').set('authorization', `Bearer ${token}`);
    expectRefusal(res, 400, 'VALIDATION_FAILED');
  });

  it('answers unknown API routes with NOT_FOUND in the error shape', async () => {
    expectRefusal(await request(app).get('/api/no/such/thing'), 404, 'NOT_FOUND');
    expectRefusal(await request(app).delete('/api/auth/me'), 404, 'NOT_FOUND');
  });

  it('refuses protected routes without a token, with a malformed header, and with a token from another key', async () => {
    expectRefusal(await request(app).get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expectRefusal(await request(app).get('/api/auth/me').set('authorization', 'Basic YWRtaW46YWRtaW4='), 401, 'UNAUTHENTICATED');
    expectRefusal(await request(app).get('/api/auth/me').set('authorization', 'Bearer a.b.c'), 401, 'UNAUTHENTICATED');
  });
});

describe('HTTP hygiene', () => {
  it('sets security headers and a request id, and echoes a well-formed incoming id', async () => {
    const res = await request(app).get('/api/health').set('x-request-id', 'trace-abc-12345');
    expect(res.headers['x-request-id']).toBe('trace-abc-12345');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const bad = await request(app).get('/api/health').set('x-request-id', 'bad id with spaces');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await request(app).options('/api/auth/login').set('origin', 'https://portal.example.cn').set('access-control-request-method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.cn');
    const refused = await request(app).options('/api/auth/login').set('origin', 'https://evil.example.com').set('access-control-request-method', 'POST');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('reports health with the database kind and version', async () => {
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', version: '0.0.0-test', database: { kind: s.db.kind, ok: true }, redis: null });
  });

  it('answers 503 within 2 s when the database stalls instead of failing', async () => {
    // Every connection the driver has (PGlite has one) held by a transaction that does not finish.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: 4 }, () => s.db.sql.transaction(() => held));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const res = await request(app).get('/api/health');
    const took = performance.now() - started;
    release();
    await Promise.all(holders);
    expect([res.status, res.body.error?.code]).toEqual([503, 'UNAVAILABLE']);
    expect(took).toBeLessThan(2000);
    expect((await request(app).get('/api/health')).status).toBe(200);
  });
});
