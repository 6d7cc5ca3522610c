import type { AddressInfo } from 'node:net';
import type { TOpeningEvent, TProject } from '@bidhall/contracts';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpeningDriver } from '../opening/opening-driver';
import { createHttpServer, type RunningServer } from '../../server';
import { bearerFor, createTestClock, createTestServices, createTestUser, sampleSection, type TestServices } from '../../testing';

const DAY = 86_400_000;
const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
let server: RunningServer;
let url: string;
let agency: Awaited<ReturnType<typeof createTestUser>>;
let tenderer: Awaited<ReturnType<typeof createTestUser>>;
const sockets: Socket[] = [];
beforeAll(async () => {
  s = await createTestServices({ clock });
  server = createHttpServer(s);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
  agency = await createTestUser(s, { role: 'AGENCY' });
  tenderer = await createTestUser(s, { role: 'TENDERER' });
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server.close(500);
  await s.close();
});

const api = () => request(server.http);
let n = 0;
async function draft(mandatoryTender: boolean, deadlineInMs: number) {
  const project = await api()
    .post('/api/projects')
    .set(bearerFor(s, agency.user))
    .send({ code: `TL-${++n}-${Date.now()}`, name: `时限测试工程 ${n}`, type: 'ENGINEERING', regionCode: '320500', estimatedPrice: '10000000.00', mandatoryTender, tendererOrgId: tenderer.org!.id });
  expect(project.status).toBe(201);
  const added = await api()
    .post(`/api/projects/${project.body.id}/sections`)
    .set(bearerFor(s, agency.user))
    .send(sampleSection(clock.now(), { bidDeadline: new Date(clock.now().getTime() + deadlineInMs).toISOString() }));
  expect(added.status).toBe(201);
  return added.body as TProject;
}
const publish = (project: TProject) => api().post(`/api/projects/${project.id}/publish`).set(bearerFor(s, agency.user));

describe('the statutory time limits', () => {
  it('refuses to publish a mandatory project whose deadline is less than 20 days after the documents are issued, and only warns for others', async () => {
    const mandatory = await draft(true, 19 * DAY);
    expect(mandatory.mandatoryTender).toBe(true);
    expect(mandatory.sections[0]!.timeLimits).toMatchObject({ issueToDeadlineDays: 19, meetsIssueToDeadline: false });
    const refused = await publish(mandatory);
    expect([refused.status, refused.body.error.code, refused.body.error.details.rule]).toEqual([422, 'TIME_LIMIT', 'ISSUE_TO_DEADLINE']);
    expect((await s.prisma.project.findUniqueOrThrow({ where: { id: mandatory.id } })).status).toBe('DRAFT');
    expect((await publish(await draft(true, 20 * DAY + 60_000))).status).toBe(200);

    const other = await draft(false, 3_600_000);
    expect(other.sections[0]!.timeLimits.meetsIssueToDeadline).toBe(false);
    expect((await publish(other)).status).toBe(200);
  });

  it('moves the deadline of a mandatory project 15 days past an amendment that can affect bid preparation, and the halls follow at once', async () => {
    const published = (await publish(await draft(true, 21 * DAY))).body as TProject;
    const section = published.sections[0]!;
    // Ten days before the deadline, the agency replaces the scoring of a criterion and clarifies it.
    clock.set(new Date(clock.now().getTime() + 11 * DAY));
    const token = bearerFor(s, agency.user).authorization.slice(7);
    const hall = connect(url, { transports: ['websocket'], reconnection: false, auth: { token } });
    sockets.push(hall);
    const events: TOpeningEvent[] = [];
    hall.on('opening:events', (batch) => events.push(...batch));
    await new Promise<void>((resolve) => hall.once('connect', () => resolve()));
    const joined = await hall.timeout(5000).emitWithAck('opening:join', { sectionId: section.id, afterSeq: 0 });
    expect(joined.ok).toBe(true);

    const amended = await api().post(`/api/sections/${section.id}/amendments`).set(bearerFor(s, agency.user)).send({ reason: '更正技术标准', clarification: '第五章技术标准以本澄清为准。', changes: {} });
    expect(amended.status).toBe(201);
    const earliest = clock.now().getTime() + 15 * DAY;
    expect(amended.body.changes.bidDeadline).toMatchObject({ from: section.bidDeadline, movedByRule: 'AMENDMENT_LEAD_15_DAYS' });
    expect(new Date(amended.body.changes.bidDeadline.to as string).getTime()).toBeGreaterThanOrEqual(earliest);
    const moved = await s.prisma.section.findUniqueOrThrow({ where: { id: section.id } });
    const opening = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } });
    expect(opening.deadlineAt).toEqual(moved.bidDeadline);
    await expect.poll(() => events.filter((e) => e.type === 'TIMES_CHANGED').length).toBe(1);
    expect(events.find((e) => e.type === 'TIMES_CHANGED')!.data).toMatchObject({ version: 2, deadlineAt: moved.bidDeadline.toISOString() });
    const audit = await s.prisma.auditEvent.findFirst({ where: { action: 'opening.times_changed', subjectId: section.id } });
    expect(audit).not.toBeNull();

    // A pure postponement or a clarification said not to affect preparation moves nothing more.
    const typo = await api().post(`/api/sections/${section.id}/amendments`).set(bearerFor(s, agency.user)).send({ reason: '更正错别字', clarification: '第 3 页“工期”笔误更正。', changes: {}, affectsPreparation: false });
    expect(typo.body.changes.bidDeadline).toBeUndefined();
  });

  it('keeps the deadline a non-mandatory project chose, and refuses an amendment once the freeze has taken the bids', async () => {
    const published = (await publish(await draft(false, 3 * DAY))).body as TProject;
    const section = published.sections[0]!;
    const kept = await api().post(`/api/sections/${section.id}/amendments`).set(bearerFor(s, agency.user)).send({ reason: '补充说明', clarification: '补充说明施工组织要求。', changes: {} });
    expect(kept.status).toBe(201);
    expect(kept.body.changes.bidDeadline).toBeUndefined();

    clock.set(new Date(section.bidDeadline));
    const driver = new OpeningDriver(s.db, s.openings, clock, s.logger);
    await driver.tick();
    await driver.stop();
    const late = await api().post(`/api/sections/${section.id}/amendments`).set(bearerFor(s, agency.user)).send({ reason: '截止后修改', clarification: '不应被接受。', changes: {} });
    expect([late.status, late.body.error.code]).toEqual([409, 'DEADLINE_PASSED']);
    expect(await s.prisma.amendment.count({ where: { sectionId: section.id } })).toBe(1);
  });
});
