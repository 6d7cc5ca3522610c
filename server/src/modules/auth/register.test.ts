import { ZApplicationStanding, ZOrganizationReview } from '@bidhall/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { createTestServices, createTestUser, randomCreditCode, TEST_PASSWORD, type TestServices } from '../../testing';

let s: TestServices;
let app: ReturnType<typeof createApp>;
let adminToken: string;
beforeAll(async () => {
  s = await createTestServices({ throttleLimits: { accountFailures: 5, ipFailures: 50, windowSeconds: 900, lockSeconds: 900, registrationsPerHour: 100 } });
  app = createApp(s);
  adminToken = (await createTestUser(s, { role: 'ADMIN' })).token;
});
afterAll(() => s.close());

let seq = 0;
const application = (kind: string, contact: Record<string, string> = { name: '林经理', phone: '0512-68881234', email: 'lin@example.cn' }) => ({
  organization: { name: `申请单位 ${++seq}`, kind, creditCode: randomCreditCode(), regionCode: '320500', contact },
  user: { username: `applicant${seq}`, displayName: '林申请', password: TEST_PASSWORD },
});
const signIn = (username: string, password = TEST_PASSWORD) =>
  request(app).post('/api/auth/login').set('x-forwarded-for', `10.9.${seq % 250}.1`).send({ username, password });
const asAdmin = (req: request.Test) => req.set('authorization', `Bearer ${adminToken}`);

describe('signing up an organization', () => {
  it('keeps the contact, which the administrator sees with the applying account', async () => {
    const body = application('AGENCY');
    const res = await request(app).post('/api/auth/register').send(body);
    expect(res.status).toBe(201);
    const stored = await s.prisma.organization.findUniqueOrThrow({ where: { id: res.body.organization.id } });
    expect([stored.contactName, stored.contactPhone, stored.contactEmail]).toEqual(['林经理', '0512-68881234', 'lin@example.cn']);
    const pending = await asAdmin(request(app).get('/api/admin/organizations?status=PENDING'));
    const review = ZOrganizationReview.parse(pending.body.items.find((o: { id: string }) => o.id === stored.id));
    expect(review).toMatchObject({
      contact: { name: '林经理', phone: '0512-68881234', email: 'lin@example.cn' },
      applicant: { username: body.user.username, displayName: '林申请' },
      statusReason: null,
      decidedAt: null,
    });
  });

  it('takes an empty email, and refuses a contact without a valid phone, creating nothing', async () => {
    const noEmail = await request(app).post('/api/auth/register').send(application('BIDDER', { name: '王联系', phone: '13912345678', email: '' }));
    expect(noEmail.status).toBe(201);
    expect((await s.prisma.organization.findUniqueOrThrow({ where: { id: noEmail.body.organization.id } })).contactEmail).toBeNull();
    const before = await s.prisma.organization.count();
    for (const contact of [{ name: '王联系', phone: '12345' }, { name: '王联系', phone: '13912345678', email: 'not-an-email' }, { phone: '13912345678' }]) {
      const res = await request(app).post('/api/auth/register').send(application('BIDDER', contact as Record<string, string>));
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(await s.prisma.organization.count()).toBe(before);
  });

  it('names the credit code when two applications with one code race, and keeps exactly one', async () => {
    const first = application('BIDDER');
    const second = { ...application('BIDDER'), organization: { ...application('BIDDER').organization, creditCode: first.organization.creditCode } };
    const answers = await Promise.all([first, second].map((body) => request(app).post('/api/auth/register').send(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('CREDIT_CODE_TAKEN');
    expect(await s.prisma.organization.count({ where: { creditCode: first.organization.creditCode } })).toBe(1);
  });
});

describe('the applicant learns where the application stands when signing in', () => {
  it('a pending account is told it waits, with its application, but only after the right password', async () => {
    const body = application('INSTITUTION');
    await request(app).post('/api/auth/register').send(body);
    const wrong = await signIn(body.user.username, 'Wrong-password-9');
    expect(wrong.body.error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'wrong username or password' });
    const refused = await signIn(body.user.username);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ACCOUNT_PENDING']);
    expect(ZApplicationStanding.parse(refused.body.error.details).organization).toMatchObject({
      name: body.organization.name,
      kind: 'INSTITUTION',
      status: 'PENDING',
      decidedAt: null,
      reason: null,
    });
  });

  it('a rejected account is told the reason; an approved one signs in', async () => {
    const rejected = application('REGULATOR');
    const approved = application('AGENCY');
    const ids = await Promise.all([rejected, approved].map(async (body) => (await request(app).post('/api/auth/register').send(body)).body.organization.id as string));
    await asAdmin(request(app).post(`/api/admin/organizations/${ids[0]}/reject`)).send({ reason: '营业执照上的名称与申请不符' });
    await asAdmin(request(app).post(`/api/admin/organizations/${ids[1]}/approve`));

    const refused = await signIn(rejected.user.username);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    expect(ZApplicationStanding.parse(refused.body.error.details).organization).toMatchObject({ status: 'REJECTED', reason: '营业执照上的名称与申请不符' });
    expect(refused.body.error.details.organization.decidedAt).toEqual(expect.any(String));
    expect((await signIn(approved.user.username)).status).toBe(200);
  });
});
