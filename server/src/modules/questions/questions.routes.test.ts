import { randomUUID } from 'node:crypto';
import { MAX_OPEN_QUESTIONS_PER_BIDDER } from '@bidhall/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { bearerFor, createBiddingSection, createDraftSection, createTestClock, createTestServices, createTestUser, sampleSection, type TestServices } from '../../testing';

const clock = createTestClock();
let s: TestServices;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  s = await createTestServices({ clock });
  app = createApp(s);
});
afterAll(() => s.close());

type User = { user: Parameters<typeof bearerFor>[1] };
const as = (u: User) => bearerFor(s, u.user);
const ask = (sectionId: string, who: User, text: string, id: string = randomUUID()) => request(app).post(`/api/sections/${sectionId}/questions`).set(as(who)).send({ id, text });
const registeredBidder = async (sectionId: string) => {
  const bidder = await createTestUser(s, { role: 'BIDDER' });
  expect((await request(app).put(`/api/sections/${sectionId}/registration`).set(as(bidder))).status).toBe(200);
  return bidder;
};
const DAY = 86_400_000;

describe('questions and answers (答疑)', () => {
  it('lets a registered bidder ask without anyone learning who asked, the database included', async () => {
    const { section, agency, tenderer } = await createBiddingSection(s);
    const [asker, other] = [await registeredBidder(section.id), await registeredBidder(section.id)];
    const before = await s.prisma.auditEvent.count();
    const res = await ask(section.id, asker, '工程量清单第 3 章第 12 项的单位是否有误？');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sectionId: section.id, status: 'PENDING', answer: null, askedAt: clock.now().toISOString() });

    for (const who of [agency, tenderer, await createTestUser(s, { role: 'SUPERVISOR' })]) {
      const inbox = await request(app).get(`/api/sections/${section.id}/questions`).set(as(who));
      expect(inbox.body.items).toEqual([res.body]);
    }
    const stored = JSON.stringify(await s.db.sql.query('SELECT * FROM "Question"'));
    const chain = JSON.stringify(await s.prisma.auditEvent.findMany({ where: { seq: { gt: before } } }));
    for (const text of [stored, chain]) {
      for (const id of [asker.org!.id, asker.user.id]) expect(text).not.toContain(id);
    }
    expect((await request(app).get(`/api/sections/${section.id}/my-questions`).set(as(asker))).body.items).toEqual([res.body]);
    expect((await request(app).get(`/api/sections/${section.id}/my-questions`).set(as(other))).body.items).toEqual([]);
  });

  it('publishes the answers as a clarification, the next version, told to every registered bidder, with the question but not the asker', async () => {
    const { section, agency, project } = await createBiddingSection(s);
    const [asker, listener] = [await registeredBidder(section.id), await registeredBidder(section.id)];
    const q1 = await ask(section.id, asker, '投标保证金是否接受电子保函？');
    const q2 = await ask(section.id, listener, '项目经理可否兼任其他在建项目？');
    const delivered: { orgIds: string[] }[] = [];
    s.events.on('notification', (e) => delivered.push(e));
    const answered = await request(app)
      .post(`/api/sections/${section.id}/answers`)
      .set(as(agency))
      .send({ answers: [{ questionId: q1.body.id, answer: '接受银行出具的电子保函。' }] });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ version: 2, reason: '答疑澄清', clarification: '1. 问：投标保证金是否接受电子保函？\n答：接受银行出具的电子保函。', changes: {} });
    expect(JSON.stringify(answered.body)).not.toContain(asker.org!.id);
    expect(delivered.map((e) => e.orgIds.sort())).toEqual([[asker.org!.id, listener.org!.id].sort()]);

    const mine = await request(app).get(`/api/sections/${section.id}/my-questions`).set(as(asker));
    expect(mine.body.items).toEqual([expect.objectContaining({ id: q1.body.id, status: 'ANSWERED', answer: '接受银行出具的电子保函。', answeredVersion: 2 })]);
    const published = await request(app).get(`/api/portal/sections/${section.id}/answers`);
    expect(published.body.items).toEqual([expect.objectContaining({ id: q1.body.id, text: '投标保证金是否接受电子保函？', answeredVersion: 2 })]);
    const announcement = await request(app).get(`/api/portal/announcements/${project.id}`);
    expect(announcement.body.amendments).toEqual([expect.objectContaining({ version: 2, clarification: answered.body.clarification })]);
    const notes = await request(app).get('/api/notifications').set(as(listener));
    expect(notes.body.items).toEqual([expect.objectContaining({ kind: 'AMENDMENT_PUBLISHED', data: expect.objectContaining({ version: 2 }) })]);

    // Answered once is answered: a second answer, alone or with another, publishes nothing.
    const again = await request(app)
      .post(`/api/sections/${section.id}/answers`)
      .set(as(agency))
      .send({ answers: [{ questionId: q2.body.id, answer: '不可以。' }, { questionId: q1.body.id, answer: '改答。' }] });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_DONE']);
    expect((await s.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).version).toBe(2);
    expect((await s.prisma.question.findUniqueOrThrow({ where: { id: q2.body.id } })).answer).toBeNull();
    const events = await s.prisma.auditEvent.findMany({ where: { subjectId: section.id, action: { in: ['question.asked', 'questions.answered', 'section.amended'] } }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['question.asked', null],
      ['question.asked', null],
      ['questions.answered', agency.user.id],
      ['section.amended', agency.user.id],
    ]);
  });

  it('recognizes a retried question and refuses a reused id', async () => {
    const { section } = await createBiddingSection(s);
    const [bidder, other] = [await registeredBidder(section.id), await registeredBidder(section.id)];
    const id = randomUUID();
    const [a, b] = await Promise.all([ask(section.id, bidder, '开标地点是否为线上？', id), ask(section.id, bidder, '开标地点是否为线上？', id)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect((await ask(section.id, bidder, '换一个问题内容', id)).body.error.code).toBe('ALREADY_DONE');
    expect((await ask(section.id, other, '开标地点是否为线上？', id)).body.error.code).toBe('ALREADY_DONE');
    expect(await s.prisma.question.count({ where: { sectionId: section.id } })).toBe(1);
  });

  it('refuses questions from bidders not registered, on unknown or draft sections, past the cut-off, beyond the limit, and from other roles', async () => {
    const { section, agency } = await createBiddingSection(s, { bidDeadline: new Date(clock.now().getTime() + 3 * DAY).toISOString(), questionCutoffDays: 1 });
    const bidder = await registeredBidder(section.id);
    const { section: draft } = await createDraftSection(s);
    expect((await ask(section.id, await createTestUser(s, { role: 'BIDDER' }), '未报名也可以提问吗？')).body.error.code).toBe('NOT_REGISTERED');
    expect((await ask(draft.id, bidder, '草稿标段的问题？')).body.error.code).toBe('NOT_FOUND');
    expect((await ask(randomUUID(), bidder, '不存在的标段？')).body.error.code).toBe('NOT_FOUND');
    expect((await request(app).post(`/api/sections/${section.id}/questions`).set(as(agency)).send({ id: randomUUID(), text: '代理机构提问？' })).status).toBe(403);
    expect((await request(app).get(`/api/sections/${section.id}/questions`).set(as(bidder))).status).toBe(403);
    expect((await request(app).post(`/api/sections/${section.id}/answers`).set(as(bidder)).send({ answers: [{ questionId: randomUUID(), answer: '答复' }] })).status).toBe(403);
    expect((await ask(section.id, bidder, '短')).body.error.code).toBe('VALIDATION_FAILED');

    for (let i = 0; i < MAX_OPEN_QUESTIONS_PER_BIDDER; i++) expect((await ask(section.id, bidder, `第 ${i + 1} 个问题是什么？`)).status).toBe(201);
    const over = await ask(section.id, bidder, '还能再问一个吗？');
    expect([over.status, over.body.error.code]).toEqual([409, 'TOO_MANY_QUESTIONS']);
    // Another bidder's allowance is its own.
    expect((await ask(section.id, await registeredBidder(section.id), '另一家投标人的问题？')).status).toBe(201);

    clock.advance(2 * DAY);
    try {
      const closed = await ask(section.id, await registeredBidder(section.id), '截止后还能提问吗？');
      expect([closed.status, closed.body.error.code, closed.body.error.details.questionsCloseAt]).toEqual([409, 'QUESTIONS_CLOSED', new Date(section.bidDeadline.getTime() - DAY).toISOString()]);
    } finally {
      clock.advance(-2 * DAY);
    }
  });

  it('holds the cut-off to the deadline on drafts and at publication', async () => {
    const agency = await createTestUser(s, { role: 'AGENCY' });
    const tenderer = await createTestUser(s, { role: 'TENDERER' });
    const project = await request(app)
      .post('/api/projects')
      .set(as(agency))
      .send({ code: `Q-${randomUUID().slice(0, 8)}`, name: '答疑截止测试工程', type: 'ENGINEERING', regionCode: '320500', estimatedPrice: '1000000.00', mandatoryTender: false, tendererOrgId: tenderer.org!.id });
    const tooLate = await request(app).post(`/api/projects/${project.body.id}/sections`).set(as(agency)).send(sampleSection(clock.now(), { questionCutoffDays: 1 }));
    expect([tooLate.status, tooLate.body.error.code]).toEqual([422, 'QUESTION_CUTOFF_IN_PAST']);
    const ok = await request(app).post(`/api/projects/${project.body.id}/sections`).set(as(agency)).send(sampleSection(clock.now(), { bidDeadline: new Date(clock.now().getTime() + 2 * DAY).toISOString(), questionCutoffDays: 1 }));
    expect(ok.body.sections[0]).toMatchObject({ questionCutoffDays: 1, questionsCloseAt: new Date(clock.now().getTime() + DAY).toISOString() });
    clock.advance(DAY);
    try {
      expect((await request(app).post(`/api/projects/${project.body.id}/publish`).set(as(agency))).body.error.code).toBe('QUESTION_CUTOFF_IN_PAST');
    } finally {
      clock.advance(-DAY);
    }
  });

  it("keeps another agency's section and its questions out of reach", async () => {
    const { section } = await createBiddingSection(s);
    const bidder = await registeredBidder(section.id);
    const q = await ask(section.id, bidder, '评标办法中的信用分如何计算？');
    const stranger = await createTestUser(s, { role: 'AGENCY' });
    expect((await request(app).get(`/api/sections/${section.id}/questions`).set(as(stranger))).body.error.code).toBe('NOT_FOUND');
    const answer = await request(app).post(`/api/sections/${section.id}/answers`).set(as(stranger)).send({ answers: [{ questionId: q.body.id, answer: '越权答复' }] });
    expect(answer.body.error.code).toBe('NOT_FOUND');
    expect((await s.prisma.question.findUniqueOrThrow({ where: { id: q.body.id } })).answer).toBeNull();
  });
});
