import { ZAmendmentNotificationData, ZRole } from '@bidhall/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { bearerFor, createTestClock, createTestServices, createTestUser, sampleSection, type TestServices } from '../../testing';

const clock = createTestClock();
let s: TestServices;
let app: ReturnType<typeof createApp>;
let agency: Awaited<ReturnType<typeof createTestUser>>;
let tenderer: Awaited<ReturnType<typeof createTestUser>>;
beforeAll(async () => {
  s = await createTestServices({ clock });
  app = createApp(s);
  agency = await createTestUser(s, { role: 'AGENCY' });
  tenderer = await createTestUser(s, { role: 'TENDERER' });
});
afterAll(() => s.close());

const as = (u: { user: Parameters<typeof bearerFor>[1] }) => bearerFor(s, u.user);
let n = 0;
async function draftProject(overrides: Record<string, unknown> = {}, owner = agency) {
  const res = await request(app)
    .post('/api/projects')
    .set(as(owner))
    .send({ code: `P-${++n}-${Date.now()}`, name: `鼎城市第${n}号道路工程`, type: 'ENGINEERING', regionCode: '320506', estimatedPrice: '10000000.00', mandatoryTender: false, tendererOrgId: tenderer.org!.id, ...overrides });
  expect(res.status).toBe(201);
  return res.body as { id: string; code: string; sections: { id: string }[] };
}
async function publishedProject(sectionOverrides: Record<string, unknown> = {}) {
  const project = await draftProject();
  const added = await request(app).post(`/api/projects/${project.id}/sections`).set(as(agency)).send(sampleSection(clock.now(), sectionOverrides));
  expect(added.status).toBe(201);
  const published = await request(app).post(`/api/projects/${project.id}/publish`).set(as(agency));
  expect(published.status).toBe(200);
  return published.body as { id: string; code: string; sections: { id: string; phase: string; version: number; bidDeadline: string }[] };
}

describe('projects and sections', () => {
  it('goes from draft to published with bidding open on its sections, each step audited', async () => {
    const project = await draftProject();
    const withSection = await request(app).post(`/api/projects/${project.id}/sections`).set(as(agency)).send(sampleSection(clock.now()));
    expect(withSection.body.sections[0]).toMatchObject({ status: 'DRAFT', phase: 'DRAFT', version: 0, bondAmount: '200000.00' });
    const published = await request(app).post(`/api/projects/${project.id}/publish`).set(as(agency));
    expect(published.body).toMatchObject({ status: 'PUBLISHED', sections: [{ status: 'PUBLISHED', phase: 'BIDDING', version: 1 }] });
    clock.advance(3_600_000);
    const later = await request(app).get(`/api/projects/${project.id}`).set(as(agency));
    expect(later.body.sections[0].phase).toBe('OPENING');
    clock.advance(-3_600_000);
    const actions = (await s.prisma.auditEvent.findMany({ where: { OR: [{ subjectId: project.id }, { subjectId: withSection.body.sections[0].id }] }, orderBy: { seq: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['project.created', 'section.created', 'project.published']);
  });

  it('refuses a bond above 2 % of the estimated price, on creation and by amendment', async () => {
    const project = await draftProject();
    const res = await request(app).post(`/api/projects/${project.id}/sections`).set(as(agency)).send(sampleSection(clock.now(), { bondAmount: '200000.01' }));
    expect([res.status, res.body.error.code, res.body.error.details.maximum]).toEqual([422, 'BOND_EXCEEDS_LIMIT', '200000.00']);
    const exactly = await request(app).post(`/api/projects/${project.id}/sections`).set(as(agency)).send(sampleSection(clock.now(), { bondAmount: '200000.00' }));
    expect(exactly.status).toBe(201);

    const live = await publishedProject();
    const amend = await request(app).post(`/api/sections/${live.sections[0]!.id}/amendments`).set(as(agency)).send({ reason: '提高保证金', changes: { bondAmount: '250000.00' } });
    expect(amend.body.error.code).toBe('BOND_EXCEEDS_LIMIT');
  });

  it('refuses a deadline in the past by the server clock', async () => {
    const project = await draftProject();
    const res = await request(app)
      .post(`/api/projects/${project.id}/sections`)
      .set(as(agency))
      .send(sampleSection(clock.now(), { bidDeadline: new Date(clock.now().getTime() - 1000).toISOString() }));
    expect([res.status, res.body.error.code]).toEqual([422, 'DEADLINE_IN_PAST']);
    // A draft whose deadline slipped into the past cannot be published either.
    await request(app).post(`/api/projects/${project.id}/sections`).set(as(agency)).send(sampleSection(clock.now()));
    clock.advance(3_600_001);
    const publish = await request(app).post(`/api/projects/${project.id}/publish`).set(as(agency));
    clock.advance(-3_600_001);
    expect(publish.body.error.code).toBe('DEADLINE_IN_PAST');
  });

  it('validates templates and opening forms', async () => {
    const project = await draftProject();
    const post = (o: Record<string, unknown>) => request(app).post(`/api/projects/${project.id}/sections`).set(as(agency)).send(sampleSection(clock.now(), o));
    const noPrice = await post({ openingFormFields: [{ key: 'durationDays', label: '工期', type: 'integer' }] });
    expect(noPrice.body.error.code).toBe('VALIDATION_FAILED');
    const wrongTotal = await post({
      evaluationMethod: 'COMPREHENSIVE',
      scoringTemplate: {
        method: 'COMPREHENSIVE',
        technical: [{ key: 'plan', label: '施工方案', maxPoints: 30 }],
        commercial: [],
        price: { maxPoints: 60, benchmark: { kind: 'LOWEST_VALID' }, deductPerPercentAbove: 1, deductPerPercentBelow: 0.5 },
      },
    });
    expect(JSON.stringify(wrongTotal.body.error)).toContain('points must add up to 100');
    const mismatch = await post({ evaluationMethod: 'COMPREHENSIVE' });
    expect(mismatch.body.error.code).toBe('VALIDATION_FAILED');
    const duplicate = await post({ code: 'A1' });
    expect(duplicate.status).toBe(201);
    expect((await post({ code: 'A1' })).body.error.code).toBe('SECTION_CODE_TAKEN');
    const unknownTenderer = await request(app)
      .post('/api/projects')
      .set(as(agency))
      .send({ code: 'X-1', name: '不存在的招标人', type: 'GOODS', regionCode: '320500', estimatedPrice: '1.00', mandatoryTender: false, tendererOrgId: agency.org!.id });
    expect(unknownTenderer.body.error.code).toBe('NOT_FOUND');
    expect((await draftProject({ code: 'SAME-CODE' })).code).toBe('SAME-CODE');
    const sameCode = await request(app)
      .post('/api/projects')
      .set(as(agency))
      .send({ code: 'SAME-CODE', name: '重复编号', type: 'GOODS', regionCode: '320500', estimatedPrice: '1.00', mandatoryTender: false, tendererOrgId: tenderer.org!.id });
    expect(sameCode.body.error.code).toBe('PROJECT_CODE_TAKEN');
  });

  it('lists active tenderers for agencies only', async () => {
    const list = await request(app).get('/api/directory/tenderers').set(as(agency));
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(tenderer.org!.id);
    expect((await request(app).get('/api/directory/tenderers').set(as(tenderer))).status).toBe(403);
  });

  it('lets only the agency change a draft; the tenderer and supervisors read it; others do not see it', async () => {
    const project = await draftProject();
    const otherAgency = await createTestUser(s, { role: 'AGENCY' });
    const otherTenderer = await createTestUser(s, { role: 'TENDERER' });
    const supervisor = await createTestUser(s, { role: 'SUPERVISOR' });
    expect((await request(app).get(`/api/projects/${project.id}`).set(as(tenderer))).status).toBe(200);
    expect((await request(app).get(`/api/projects/${project.id}`).set(as(supervisor))).status).toBe(200);
    expect((await request(app).get(`/api/projects/${project.id}`).set(as(otherAgency))).body.error.code).toBe('NOT_FOUND');
    expect((await request(app).get(`/api/projects/${project.id}`).set(as(otherTenderer))).body.error.code).toBe('NOT_FOUND');
    expect((await request(app).patch(`/api/projects/${project.id}`).set(as(otherAgency)).send({ name: '被篡改' })).body.error.code).toBe('NOT_FOUND');
    expect((await request(app).patch(`/api/projects/${project.id}`).set(as(tenderer)).send({ name: '被篡改' })).body.error.code).toBe('FORBIDDEN');
    const list = await request(app).get('/api/projects').set(as(otherAgency));
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(project.id);
    for (const role of ZRole.options.filter((r) => !['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'].includes(r))) {
      const other = await createTestUser(s, { role });
      expect((await request(app).get(`/api/projects/${project.id}`).set(as(other))).body.error.code).toBe('FORBIDDEN');
    }
    const renamed = await request(app).patch(`/api/projects/${project.id}`).set(as(agency)).send({ name: '鼎城市改名后的工程' });
    expect(renamed.body.name).toBe('鼎城市改名后的工程');
  });

  it('freezes a published project except through amendments', async () => {
    const live = await publishedProject();
    expect((await request(app).patch(`/api/projects/${live.id}`).set(as(agency)).send({ name: '改名' })).body.error.code).toBe('INVALID_STATE');
    expect((await request(app).patch(`/api/sections/${live.sections[0]!.id}`).set(as(agency)).send({ bondAmount: '1.00' })).body.error.code).toBe('INVALID_STATE');
    expect((await request(app).delete(`/api/sections/${live.sections[0]!.id}`).set(as(agency))).body.error.code).toBe('INVALID_STATE');
  });
});

describe('amendments and the public portal', () => {
  it('publishes an amendment as a new version with exactly what changed', async () => {
    const live = await publishedProject();
    const sectionId = live.sections[0]!.id;
    const newDeadline = new Date(clock.now().getTime() + 7_200_000).toISOString();
    const res = await request(app)
      .post(`/api/sections/${sectionId}/amendments`)
      .set(as(agency))
      .send({ reason: '延长投标截止时间', clarification: '第 3 章工程量清单更正。', changes: { bidDeadline: newDeadline, bidValidityDays: 90 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, changes: { bidDeadline: { from: live.sections[0]!.bidDeadline, to: newDeadline } } });
    expect(Object.keys(res.body.changes)).toEqual(['bidDeadline']);
    const portal = await request(app).get(`/api/portal/announcements/${live.id}`);
    expect(portal.body.sections[0]).toMatchObject({ version: 2, bidDeadline: newDeadline });
    expect(portal.body.amendments).toHaveLength(1);
    const event = await s.prisma.auditEvent.findFirstOrThrow({ where: { action: 'section.amended', subjectId: sectionId } });
    expect(event.data).toMatchObject({ version: 2, reason: '延长投标截止时间' });
  });

  it('notifies registered bidders of a moved deadline, and only them, without telling the agency who they are', async () => {
    const live = await publishedProject();
    const sectionId = live.sections[0]!.id;
    const [registered, unregistered] = [await createTestUser(s, { role: 'BIDDER' }), await createTestUser(s, { role: 'BIDDER' })];
    const reg = await request(app).put(`/api/sections/${sectionId}/registration`).set(as(registered));
    expect(reg.status).toBe(200);
    expect((await request(app).put(`/api/sections/${sectionId}/registration`).set(as(registered))).body.registeredAt).toBe(reg.body.registeredAt);
    const delivered: unknown[] = [];
    s.events.on('notification', (e) => delivered.push(e));

    const amended = await request(app)
      .post(`/api/sections/${sectionId}/amendments`)
      .set(as(agency))
      .send({ reason: '延期', clarification: '同时更正工程量清单', changes: { bidDeadline: new Date(clock.now().getTime() + 5_400_000).toISOString(), bidValidityDays: 120 } });
    expect(JSON.stringify(amended.body)).not.toContain(registered.org!.id);
    const mine = await request(app).get('/api/notifications').set(as(registered));
    expect(mine.body.items).toEqual([expect.objectContaining({ kind: 'DEADLINE_CHANGED', data: expect.objectContaining({ sectionId, version: 2 }) })]);
    // The notice says what changed, so that a client can word it: not only the deadline.
    const named = await s.prisma.section.findUniqueOrThrow({ where: { id: sectionId }, include: { project: true } });
    expect(ZAmendmentNotificationData.parse(mine.body.items[0].data)).toEqual({
      projectId: live.id,
      projectName: named.project.name,
      sectionId,
      sectionName: named.name,
      version: 2,
      fields: ['bidValidityDays', 'bidDeadline'],
      documents: false,
      clarified: true,
    });
    expect((await request(app).get('/api/notifications').set(as(unregistered))).body.items).toEqual([]);
    expect((await request(app).get('/api/notifications').set(as(agency))).body.items).toEqual([]);
    expect(delivered).toEqual([{ orgIds: [registered.org!.id], notification: mine.body.items[0] }]);
    const read = await request(app).post(`/api/notifications/${mine.body.items[0].id}/read`).set(as(registered));
    expect(read.body.readAt).toBe(clock.now().toISOString());
    expect((await request(app).post(`/api/notifications/${mine.body.items[0].id}/read`).set(as(unregistered))).body.error.code).toBe('NOT_FOUND');
    const registrations = await request(app).get('/api/bidder/registrations').set(as(registered));
    expect(registrations.body.items.map((r: { sectionId: string }) => r.sectionId)).toContain(sectionId);
    expect((await request(app).get('/api/bidder/registrations').set(as(agency))).status).toBe(403);
  });

  it('refuses amendments and registrations once the deadline has passed', async () => {
    const live = await publishedProject();
    const sectionId = live.sections[0]!.id;
    const bidder = await createTestUser(s, { role: 'BIDDER' });
    clock.advance(3_600_000);
    try {
      const res = await request(app).post(`/api/sections/${sectionId}/amendments`).set(as(agency)).send({ reason: '太晚了', clarification: '补充说明' });
      expect([res.status, res.body.error.code]).toEqual([409, 'DEADLINE_PASSED']);
      expect((await request(app).put(`/api/sections/${sectionId}/registration`).set(as(bidder))).body.error.code).toBe('DEADLINE_PASSED');
    } finally {
      clock.advance(-3_600_000);
    }
    expect((await s.prisma.section.findUniqueOrThrow({ where: { id: sectionId } })).version).toBe(1);
  });

  it('shows published announcements to anyone, searchable and paginated, and never drafts', async () => {
    const unique = `Q${Date.now()}`;
    const draft = await draftProject({ name: `${unique} 草稿工程` });
    const a = await publishedProject();
    await request(app).patch(`/api/projects/${draft.id}`).set(as(agency)).send({ name: `${unique} 草稿工程` });
    const goods = await draftProject({ code: `${unique}-GOODS`, name: '办公设备采购', type: 'GOODS', regionCode: '110105' });
    await request(app).post(`/api/projects/${goods.id}/sections`).set(as(agency)).send(sampleSection(clock.now()));
    await request(app).post(`/api/projects/${goods.id}/publish`).set(as(agency));

    const byCode = await request(app).get(`/api/portal/announcements?q=${encodeURIComponent(unique.toLowerCase())}`);
    expect(byCode.body.items.map((p: { id: string }) => p.id)).toEqual([goods.id]);
    const byRegion = await request(app).get('/api/portal/announcements?regionCode=11');
    expect(byRegion.body.items.map((p: { id: string }) => p.id)).toContain(goods.id);
    expect(byRegion.body.items.map((p: { id: string }) => p.id)).not.toContain(a.id);
    const byType = await request(app).get('/api/portal/announcements?type=GOODS');
    expect(byType.body.items.every((p: { type: string }) => p.type === 'GOODS')).toBe(true);
    const page = await request(app).get('/api/portal/announcements?pageSize=1&page=2');
    expect(page.body).toMatchObject({ page: 2, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
    expect((await request(app).get(`/api/portal/announcements/${draft.id}`)).body.error.code).toBe('NOT_FOUND');
    const all = await request(app).get('/api/portal/announcements?pageSize=100');
    expect(all.body.items.map((p: { id: string }) => p.id)).not.toContain(draft.id);
    expect((await request(app).get('/api/portal/announcements?pageSize=1000')).body.error.code).toBe('VALIDATION_FAILED');
  });
});
