import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { bearerFor, createTestClock, createTestServices, createTestUser, sampleSection, type TestServices } from '../../testing';

/**
 * Who registered for a section and who downloaded its tender documents is secret until the
 * opening (《招标投标法》 art. 22). Two sections of one project are made alike; bidders register
 * for one and download its documents; everything the agency, the tenderer, supervisors and
 * administrators can read must look the same for both, before and after.
 */
const clock = createTestClock();
let s: TestServices;
let app: ReturnType<typeof createApp>;
type User = Awaited<ReturnType<typeof createTestUser>>;
let agency: User, tenderer: User, supervisor: User, admin: User;
const as = (u: User) => bearerFor(s, u.user);

beforeAll(async () => {
  s = await createTestServices({ clock });
  app = createApp(s);
  [agency, tenderer, supervisor, admin] = [
    await createTestUser(s, { role: 'AGENCY' }),
    await createTestUser(s, { role: 'TENDERER' }),
    await createTestUser(s, { role: 'SUPERVISOR' }),
    await createTestUser(s, { role: 'ADMIN' }),
  ];
});
afterAll(() => s.close());

interface Twin {
  sectionId: string;
  code: string;
  documentId: string;
}

async function twinSections(): Promise<{ projectId: string; busy: Twin; quiet: Twin }> {
  const project = await request(app)
    .post('/api/projects')
    .set(as(agency))
    .send({ code: `C-${randomUUID().slice(0, 8)}`, name: '鼎城市保密测试工程', type: 'ENGINEERING', regionCode: '320500', estimatedPrice: '20000000.00', mandatoryTender: false, tendererOrgId: tenderer.org!.id });
  const twins: Twin[] = [];
  for (const code of ['01', '02']) {
    const added = await request(app).post(`/api/projects/${project.body.id}/sections`).set(as(agency)).send(sampleSection(clock.now(), { code, name: '施工标段' }));
    const sectionId = added.body.sections.find((x: { code: string }) => x.code === code).id as string;
    const document = await request(app)
      .post(`/api/sections/${sectionId}/documents`)
      .query({ name: '招标文件.pdf' })
      .set(as(agency))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('%PDF-1.7 招标文件 %%EOF'));
    twins.push({ sectionId, code, documentId: document.body.id });
  }
  expect((await request(app).post(`/api/projects/${project.body.id}/publish`).set(as(agency))).status).toBe(200);
  return { projectId: project.body.id, busy: twins[0]!, quiet: twins[1]! };
}

/** The same text for either twin once its own ids and code are written alike. */
const alike = (value: unknown, twin: Twin) =>
  JSON.stringify(value).replaceAll(twin.sectionId, '<section>').replaceAll(twin.documentId, '<document>').replaceAll(`"code":"${twin.code}"`, '"code":"<code>"');

/** Everything the observers can read about one section. */
async function observe(projectId: string, twin: Twin) {
  const seen: Record<string, unknown> = {};
  for (const [name, who] of Object.entries({ agency, tenderer, supervisor, admin })) {
    const project = await request(app).get(`/api/projects/${projectId}`).set(as(who));
    seen[`${name} section`] = project.body.sections.find((x: { id: string }) => x.id === twin.sectionId);
    seen[`${name} documents`] = (await request(app).get(`/api/sections/${twin.sectionId}/documents`).set(as(who))).body;
    seen[`${name} questions`] = (await request(app).get(`/api/sections/${twin.sectionId}/questions`).set(as(who))).body;
    seen[`${name} notifications`] = (await request(app).get('/api/notifications').set(as(who))).body;
    const file = await request(app).get(`/api/documents/${twin.documentId}/file`).set(as(who));
    seen[`${name} download`] = [file.status, file.headers['content-length']];
  }
  for (const [name, who] of Object.entries({ supervisor, admin })) {
    seen[`${name} audit of the section`] = (await request(app).get('/api/audit/events').query({ subjectId: twin.sectionId, limit: 500 }).set(as(who))).body.items.map(
      (e: { action: string; subjectType: string; data: unknown }) => [e.action, e.subjectType, e.data],
    );
  }
  const announcement = await request(app).get(`/api/portal/announcements/${projectId}`);
  seen.announcement = announcement.body.sections.find((x: { id: string }) => x.id === twin.sectionId);
  seen.answers = (await request(app).get(`/api/portal/sections/${twin.sectionId}/answers`)).body;
  return alike(seen, twin);
}

describe('who registered and who downloaded', () => {
  it('cannot be learnt by the agency, the tenderer, supervisors or administrators: not from responses, the audit chain or the logs', async () => {
    const { projectId, busy, quiet } = await twinSections();
    const before = { busy: await observe(projectId, busy), quiet: await observe(projectId, quiet) };
    expect(before.busy).toBe(before.quiet);
    const firstSeq = (await s.prisma.auditEvent.aggregate({ _max: { seq: true } }))._max.seq!;
    const logsBefore = s.logs().length;

    const bidders = [await createTestUser(s, { role: 'BIDDER' }), await createTestUser(s, { role: 'BIDDER' }), await createTestUser(s, { role: 'BIDDER' })];
    for (const bidder of bidders) {
      expect((await request(app).put(`/api/sections/${busy.sectionId}/registration`).set(as(bidder))).status).toBe(200);
      expect((await request(app).get(`/api/sections/${busy.sectionId}/documents`).set(as(bidder))).status).toBe(200);
      expect((await request(app).get(`/api/documents/${busy.documentId}/file`).set(as(bidder))).status).toBe(200);
      expect((await request(app).get(`/api/documents/${busy.documentId}/file`).set(as(bidder)).set('Range', 'bytes=4-9')).status).toBe(206);
      expect((await request(app).get(`/api/sections/${busy.sectionId}/my-questions`).set(as(bidder))).status).toBe(200);
      expect((await request(app).get('/api/notifications').set(as(bidder))).status).toBe(200);
    }
    // A bidder that is not registered is refused without anything being recorded about it either.
    expect((await request(app).get(`/api/documents/${quiet.documentId}/file`).set(as(await createTestUser(s, { role: 'BIDDER' })))).status).toBe(403);

    const after = { busy: await observe(projectId, busy), quiet: await observe(projectId, quiet) };
    expect(after.busy).toBe(after.quiet);
    expect(after.busy).toBe(before.busy);

    const events = await s.prisma.auditEvent.findMany({ where: { seq: { gt: firstSeq } }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.action, e.actorId, e.actorOrgId, e.subjectType])).toEqual(
      bidders.flatMap(() => [
        ['registration.created', null, null, 'registration'],
        ['tender_document.downloaded', null, null, 'registration'],
      ]),
    );
    const chain = JSON.stringify(events);
    const logs = s.logs().slice(logsBefore);
    const secrets = [busy.sectionId, busy.documentId, projectId, ...bidders.flatMap((b) => [b.org!.id, b.user.id, b.user.username])];
    for (const secret of secrets) {
      expect(chain).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    // The requests were logged, by their routes.
    expect(logs).toContain('/api/documents/:documentId/file');
    expect(logs).toContain('/api/sections/:sectionId/registration');
  });
});
