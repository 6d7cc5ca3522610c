import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generateBidderKeyPair } from '@bidhall/contracts/envelope';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { OpeningDriver } from './modules/opening/opening-driver';
import { createHttpServer, type RunningServer } from './server';
import { bearerFor, createBiddingSection, createBidder, createTestClock, createTestServices, createTestUser, randomCreditCode, sampleSection, type TestServices } from './testing';

const NUL = 'a\u0000b';
const LONE = 'a\uD800b';
const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
let app: ReturnType<typeof createApp>;
let server: RunningServer;
let url: string;
beforeAll(async () => {
  s = await createTestServices({ clock });
  app = createApp(s);
  server = createHttpServer(s);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close(500);
  await s.close();
});

/** What the database holds that a refused request could have changed. */
const counts = async () => ({
  orgs: await s.prisma.organization.count(),
  projects: await s.prisma.project.count(),
  sections: await s.prisma.section.count(),
  amendments: await s.prisma.amendment.count(),
  keys: await s.prisma.bidderKey.count(),
  objections: await s.prisma.objection.count(),
  audit: await s.prisma.auditEvent.count(),
});
const errorsLogged = () => s.logs().split('\n').filter((line) => /"level":(50|60)/.test(line));

function expectRefused(res: request.Response, path: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  expect((res.body.error.details as { path: string }[]).map((d) => d.path)).toContain(path);
}

describe('text the database cannot store (U+0000, unpaired surrogates)', () => {
  it('is refused with the field path on every HTTP route that takes text, changing nothing', async () => {
    const agency = await createTestUser(s, { role: 'AGENCY' });
    const tenderer = await createTestUser(s, { role: 'TENDERER' });
    const bidder = await createTestUser(s, { role: 'BIDDER' });
    const supervisor = await createTestUser(s, { role: 'SUPERVISOR' });
    const { project, section } = await createBiddingSection(s);
    const owner = await s.prisma.project.findUniqueOrThrow({ where: { id: project.id }, include: { agency: { include: { users: true } } } });
    const asAgency = bearerFor(s, owner.agency.users[0]!);
    const before = await counts();

    // A URL is UTF-8, which has no unpaired surrogates (an invalid sequence decodes to U+FFFD): only U+0000 comes that way.
    expectRefused(await request(app).get('/api/portal/announcements').query({ q: NUL }), 'q');
    expectRefused(await request(app).get('/api/audit/events').set(bearerFor(s, supervisor.user)).query({ subjectType: NUL }), 'subjectType');
    for (const bad of [NUL, LONE]) {
      expectRefused(await request(app).post('/api/auth/login').send({ username: bad, password: 'whatever-1' }), 'username');
      expectRefused(
        await request(app)
          .post('/api/auth/register')
          .send({ organization: { name: `公司${bad}`, kind: 'BIDDER', creditCode: randomCreditCode(), regionCode: '320500' }, user: { username: `u${randomUUID().slice(0, 8)}`, displayName: bad, password: 'Password-2026' } }),
        'organization.name',
      );
      expectRefused(
        await request(app)
          .post('/api/projects')
          .set(bearerFor(s, agency.user))
          .send({ code: 'P-NUL-1', name: `工程${bad}`, type: 'ENGINEERING', regionCode: '320506', estimatedPrice: '10000000.00', mandatoryTender: false, tendererOrgId: tenderer.org!.id }),
        'name',
      );
      expectRefused(await request(app).post(`/api/projects/${project.id}/sections`).set(asAgency).send(sampleSection(clock.now(), { name: `标段${bad}` })), 'name');
      expectRefused(await request(app).post(`/api/sections/${section.id}/amendments`).set(asAgency).send({ reason: `原因${bad}`, changes: {} }), 'reason');
      const key = await generateBidderKeyPair();
      expectRefused(await request(app).post('/api/bidder/keys').set(bearerFor(s, bidder.user)).send({ publicJwk: key.publicJwk, label: bad }), 'label');
    }
    expect(await counts()).toEqual(before);
    expect(errorsLogged()).toEqual([]);
  });

  it('is refused in objections and answers over the socket, changing nothing', async () => {
    const { section, agency } = await createBiddingSection(s);
    const form = (price: string) => ({ price, durationDays: 180 });
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    const driver = new OpeningDriver(s.db, s.openings, clock, s.logger);
    clock.set(new Date(section.bidDeadline));
    await driver.tick();
    clock.advance(61_000);
    await driver.tick();
    await driver.stop();

    const open = async (user: Parameters<typeof bearerFor>[1]) => {
      const socket: Socket = connect(url, { transports: ['websocket'], reconnection: false, auth: { token: bearerFor(s, user).authorization.slice(7) } });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    };
    const bidderSocket = await open(bidders[0]!.user);
    const hostSocket = await open(agency.user);
    try {
      const raised = await bidderSocket.timeout(5000).emitWithAck('opening:object', { sectionId: section.id, text: '正当的异议内容', clientId: randomUUID() });
      if (!raised.ok) throw new Error(raised.error.code);
      const { objectionId } = raised.data;
      const before = await counts();
      for (const bad of [NUL, LONE]) {
        const objection = await bidderSocket.timeout(5000).emitWithAck('opening:object', { sectionId: section.id, text: `异议${bad}内容`, clientId: randomUUID() });
        expect(objection).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'text' })] } });
        const answer = await hostSocket.timeout(5000).emitWithAck('opening:answer', { sectionId: section.id, objectionId, answer: `答复${bad}内容` });
        expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'answer' })] } });
      }
      expect(await counts()).toEqual(before);
      expect(await s.prisma.objection.findUniqueOrThrow({ where: { id: objectionId } })).toMatchObject({ answer: null });
      expect(errorsLogged()).toEqual([]);
    } finally {
      bidderSocket.disconnect();
      hostSocket.disconnect();
    }
  });
});
