import { ZRole } from '@bidhall/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { createTestServices, createTestUser, TEST_PASSWORD, type TestServices } from '../../testing';

let s: TestServices;
let app: ReturnType<typeof createApp>;
let adminToken: string;
beforeAll(async () => {
  s = await createTestServices();
  app = createApp(s);
  adminToken = (await createTestUser(s, { role: 'ADMIN' })).token;
});
afterAll(() => s.close());

const asAdmin = (req: request.Test) => req.set('authorization', `Bearer ${adminToken}`);

describe('organization approval', () => {
  it('lists pending organizations, approves one, and its users can then sign in', async () => {
    const { org, user } = await createTestUser(s, { role: 'AGENCY', orgStatus: 'PENDING' });
    const pending = await asAdmin(request(app).get('/api/admin/organizations?status=PENDING'));
    expect(pending.body.items.map((o: { id: string }) => o.id)).toContain(org!.id);
    expect((await request(app).post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD })).body.error.code).toBe('ACCOUNT_PENDING');

    const approved = await asAdmin(request(app).post(`/api/admin/organizations/${org!.id}/approve`));
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('ACTIVE');
    expect((await request(app).post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD })).status).toBe(200);
    const event = await s.prisma.auditEvent.findFirst({ where: { action: 'org.approved', subjectId: org!.id } });
    expect(event).not.toBeNull();
  });

  it('rejects with a reason; a rejected organization cannot sign in', async () => {
    const { org, user } = await createTestUser(s, { role: 'INSTITUTION', orgStatus: 'PENDING' });
    const res = await asAdmin(request(app).post(`/api/admin/organizations/${org!.id}/reject`)).send({ reason: '营业执照与信用代码不符' });
    expect(res.body.status).toBe('REJECTED');
    expect((await request(app).post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD })).body.error.code).toBe('ACCOUNT_DISABLED');
    const event = await s.prisma.auditEvent.findFirstOrThrow({ where: { action: 'org.rejected', subjectId: org!.id } });
    expect(event.data).toMatchObject({ reason: '营业执照与信用代码不符' });
  });

  it('refuses a decision on an organization that is not pending, or unknown, and changes nothing', async () => {
    const { org } = await createTestUser(s, { role: 'BIDDER' });
    const again = await asAdmin(request(app).post(`/api/admin/organizations/${org!.id}/approve`));
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATE']);
    const unknown = await asAdmin(request(app).post('/api/admin/organizations/00000000-0000-4000-8000-000000000000/approve'));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const noReason = await asAdmin(request(app).post(`/api/admin/organizations/${org!.id}/reject`)).send({});
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    expect((await s.prisma.organization.findUniqueOrThrow({ where: { id: org!.id } })).status).toBe('ACTIVE');
  });

  it('lets exactly one of two decisions taken at the same instant win, and audits only that one', async () => {
    const second = await createTestUser(s, { role: 'ADMIN' });
    for (let round = 0; round < 3; round++) {
      const { org } = await createTestUser(s, { role: 'AGENCY', orgStatus: 'PENDING' });
      const [approve, reject] = await Promise.all([
        asAdmin(request(app).post(`/api/admin/organizations/${org!.id}/approve`)),
        request(app).post(`/api/admin/organizations/${org!.id}/reject`).set('authorization', `Bearer ${second.token}`).send({ reason: '资质证明不全' }),
      ]);
      expect([approve.status, reject.status].sort()).toEqual([200, 409]);
      const loser = approve.status === 409 ? approve : reject;
      const winner = approve.status === 200 ? approve : reject;
      expect(loser.body.error.code).toBe('INVALID_STATE');
      const stored = await s.prisma.organization.findUniqueOrThrow({ where: { id: org!.id } });
      expect(stored.status).toBe(winner.body.status);
      expect(stored.statusReason).toBe(winner === reject ? '资质证明不全' : null);
      const decisions = await s.prisma.auditEvent.findMany({ where: { subjectId: org!.id, action: { in: ['org.approved', 'org.rejected'] } } });
      expect(decisions.map((e) => e.action)).toEqual([winner === approve ? 'org.approved' : 'org.rejected']);
    }
  });

  it('is for administrators only: every other role is refused on every admin route', async () => {
    const { org } = await createTestUser(s, { role: 'SUPERVISOR', orgStatus: 'PENDING' });
    for (const role of ZRole.options.filter((r) => r !== 'ADMIN')) {
      const { token } = await createTestUser(s, { role });
      const auth = { authorization: `Bearer ${token}` };
      const codes = [
        (await request(app).get('/api/admin/organizations').set(auth)).body.error?.code,
        (await request(app).post(`/api/admin/organizations/${org!.id}/approve`).set(auth)).body.error?.code,
        (await request(app).post(`/api/admin/organizations/${org!.id}/reject`).set(auth).send({ reason: 'no reason' })).body.error?.code,
      ];
      expect({ role, codes }).toEqual({ role, codes: ['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'] });
    }
    expect((await s.prisma.organization.findUniqueOrThrow({ where: { id: org!.id } })).status).toBe('PENDING');
  });
});
