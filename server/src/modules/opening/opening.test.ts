import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ClientToServerEvents, ServerToClientEvents, TOpeningEvent, TOpeningView } from '@bidhall/contracts';
import { inspectEnvelope, unwrapContentKey } from '@bidhall/contracts/envelope';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { verifyAuditChain } from '../audit/audit-log';
import { createHttpServer, type RunningServer } from '../../server';
import { bearerFor, createBiddingSection, createBidder, createTestClock, createTestServices, createTestUser, type TestServices } from '../../testing';
import { OpeningDriver } from './opening-driver';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
let server: RunningServer;
let url: string;
let driver: OpeningDriver;
const clients: Client[] = [];

beforeAll(async () => {
  s = await createTestServices({ clock });
  server = createHttpServer(s);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
  driver = new OpeningDriver(s.db, s.openings, clock, s.logger);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await driver.stop();
  await server.close(500);
  await s.close();
});

type Person = { user: { id: string; role: 'ADMIN' | 'TENDERER' | 'AGENCY' | 'BIDDER' | 'INSTITUTION' | 'SUPERVISOR' | 'EXPERT'; orgId: string | null; displayName: string } };

/** A connected participant that keeps every opening event it receives. */
async function participant(person: Person) {
  const token = bearerFor(s, person.user).authorization.slice(7);
  const socket: Client = connect(url, { transports: ['websocket'], reconnection: false, auth: { token } });
  clients.push(socket);
  const events: TOpeningEvent[] = [];
  socket.on('opening:events', (batch) => events.push(...batch));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const call = <T,>(event: keyof ClientToServerEvents, payload: unknown) =>
    (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<Ack<T>> } }).timeout(10_000).emitWithAck(event, payload);
  return { socket, events, call };
}

const at = async (when: Date | string) => {
  clock.set(new Date(when));
  await driver.tick();
};
const form = (price: string) => ({ price, durationDays: 180 });
/** Events reach sockets a moment after the transaction commits. */
const received = async (p: { events: TOpeningEvent[] }, type: TOpeningEvent['type'], count = 1) => {
  await expect.poll(() => p.events.filter((e) => e.type === type).length).toBeGreaterThanOrEqual(count);
  return p.events.filter((e) => e.type === type);
};
const ok = <T,>(ack: Ack<T>): T => {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
};

async function contentKeyOf(bidder: Awaited<ReturnType<typeof createBidder>>) {
  const header = inspectEnvelope(bidder.bytes);
  return Buffer.from(await unwrapContentKey(header, bidder.key)).toString('base64url');
}

describe('a full remote opening with five bidders', () => {
  it('runs from sign-in to the record, one bidder failing to decrypt and one objecting', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section, agency } = await createBiddingSection(s);
    const prices = ['9650000.00', '9580000.00', '9720000.00', '9499999.99', '9600000.00'];
    const bidders: Awaited<ReturnType<typeof createBidder>>[] = [];
    for (const price of prices) bidders.push(await createBidder(s, section.id, form(price)));
    const supervisor = await createTestUser(s, { role: 'SUPERVISOR' });

    const host = await participant(agency);
    const watcher = await participant(supervisor);
    const halls = await Promise.all(bidders.map((b) => participant(b)));
    const everyone = [host, watcher, ...halls];
    for (const p of everyone) ok(await p.call<{ view: TOpeningView }>('opening:join', { sectionId: section.id }));
    // A bidder without a bid may wait in the hall before the deadline, and is shown out at the freeze.
    const lurker = await participant(await createTestUser(s, { role: 'BIDDER' }));
    ok(await lurker.call('opening:join', { sectionId: section.id }));

    // Before the deadline nobody learns who is bidding, not even who signed in.
    await at(new Date(new Date(section.bidDeadline).getTime() - 20 * 60_000));
    for (const hall of halls) ok(await hall.call('opening:signIn', { sectionId: section.id }));
    expect((await host.call('opening:signIn', { sectionId: section.id })) as Ack<unknown>).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const hostBefore = ok(await host.call<{ view: TOpeningView }>('opening:join', { sectionId: section.id })).view;
    expect(hostBefore.state).toBe('SIGN_IN');
    expect(hostBefore.participants).toEqual([]);
    expect(JSON.stringify(host.events)).not.toContain(bidders[0]!.org!.id);

    // The deadline freezes the bids; the list with sign-in times becomes visible to all.
    await at(section.bidDeadline);
    const [frozen] = await received(host, 'BIDS_FROZEN');
    const list = frozen!.data.participants as { bidderOrgId: string; order: number; signedInAt: string | null }[];
    expect(list.map((p) => p.bidderOrgId).sort()).toEqual(bidders.map((b) => b.org!.id).sort());
    expect(list.every((p) => p.signedInAt !== null)).toBe(true);
    expect(list.map((p) => p.order)).toEqual([1, 2, 3, 4, 5]);
    await received(watcher, 'BIDS_FROZEN');
    expect(lurker.events.some((e) => e.type === 'BIDS_FROZEN')).toBe(false);
    expect(lurker.events.length).toBeGreaterThan(0);
    expect(await lurker.call('opening:join', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // Decrypting before the host starts is out of state.
    const early = await halls[0]!.call('opening:decrypt', { sectionId: section.id, contentKey: await contentKeyOf(bidders[0]!) });
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    ok(await host.call('opening:start', { sectionId: section.id }));
    for (let i = 0; i < 4; i++) {
      expect(ok(await halls[i]!.call<{ decryption: string }>('opening:decrypt', { sectionId: section.id, contentKey: await contentKeyOf(bidders[i]!) }))).toEqual({ decryption: 'DECRYPTED' });
    }
    // Bidder 5 sends the wrong key, then its browser reports why it cannot do better.
    const wrong = await halls[4]!.call('opening:decrypt', { sectionId: section.id, contentKey: await contentKeyOf(bidders[0]!) });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_CONTENT_KEY' } });
    const report = { sectionId: section.id, attemptId: randomUUID(), error: 'private key file lost (KEY_NOT_FOUND)' };
    ok(await halls[4]!.call('opening:reportFailure', report));
    expect(await halls[4]!.call('opening:reportFailure', report)).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
    // Replays change nothing.
    expect(await halls[0]!.call('opening:decrypt', { sectionId: section.id, contentKey: await contentKeyOf(bidders[0]!) })).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });

    const clientId = randomUUID();
    const { objectionId } = ok(await halls[1]!.call<{ objectionId: string }>('opening:object', { sectionId: section.id, text: '第3号投标人的项目经理资格存疑', clientId }));
    expect(await halls[1]!.call('opening:object', { sectionId: section.id, text: '第3号投标人的项目经理资格存疑', clientId })).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_DONE' },
    });
    ok(await host.call('opening:answer', { sectionId: section.id, objectionId, answer: '已记录，提交评标委员会审查' }));
    ok(await host.call('opening:recordBond', { sectionId: section.id, bidderOrgId: bidders[0]!.org!.id, reference: '保证金到账 流水号 2026120100017' }));

    // The window ends: bidder 5's bid is revoked on the evidence; the host announces the first bid, then the rest.
    const view = ok(await host.call<{ view: TOpeningView }>('opening:join', { sectionId: section.id })).view;
    await at(view.times.decryptEndsAt!);
    expect(ok(await host.call('opening:announceNext', { sectionId: section.id, order: 1 }))).toEqual({ order: 1, remaining: 4 });
    expect(ok(await host.call('opening:announceRest', { sectionId: section.id }))).toEqual({ announced: 4 });
    const announced = await received(host, 'ANNOUNCED', 5);
    expect(announced).toHaveLength(5);
    const byOrg = new Map(announced.map((e) => [e.data.bidderOrgId as string, e.data]));
    for (let i = 0; i < 4; i++) expect(byOrg.get(bidders[i]!.org!.id)).toMatchObject({ decryption: 'DECRYPTED', form: form(prices[i]!) });
    expect(byOrg.get(bidders[4]!.org!.id)).toMatchObject({ decryption: 'REVOKED', form: null });
    expect(String(byOrg.get(bidders[4]!.org!.id)!.failureNote)).toContain('视为撤销');
    expect(announced.map((e) => e.data.order)).toEqual([1, 2, 3, 4, 5]);

    for (const hall of halls.slice(0, 4)) ok(await hall.call('opening:confirm', { sectionId: section.id }));
    expect(await halls[0]!.call('opening:confirm', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
    const confirming = ok(await host.call<{ view: TOpeningView }>('opening:join', { sectionId: section.id })).view;
    expect(confirming.state).toBe('CONFIRMING');
    await at(confirming.times.confirmEndsAt!);
    const closed = ok(await watcher.call<{ view: TOpeningView }>('opening:join', { sectionId: section.id })).view;
    expect(closed.state).toBe('CLOSED');
    expect(closed.participants.find((p) => p.bidderOrgId === bidders[0]!.org!.id)!.bond).toEqual({ kind: 'CASH', detail: '保证金到账 流水号 2026120100017' });
    expect(closed.objections).toEqual([expect.objectContaining({ id: objectionId, answer: '已记录，提交评标委员会审查' })]);
    expect(await halls[1]!.call('opening:object', { sectionId: section.id, text: '结束后再提异议', clientId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });

    // The host and the supervisor are on the hall's attendance once each, however often they joined; bidders are not.
    const byRole = (list: { role: string }[]) => [...list].sort((a, b) => a.role.localeCompare(b.role));
    expect(byRole(closed.attendance)).toEqual([
      { userId: agency.user.id, role: 'AGENCY', name: agency.user.displayName, orgName: agency.org!.name, at: expect.any(String) },
      { userId: supervisor.user.id, role: 'SUPERVISOR', name: supervisor.user.displayName, orgName: supervisor.org!.name, at: expect.any(String) },
    ]);
    expect(host.events.filter((e) => e.type === 'ATTENDED').map((e) => e.data.userId)).toEqual([agency.user.id, supervisor.user.id]);

    // Every participant saw the same events from when it joined, in order, without gaps or repeats.
    await expect.poll(() => watcher.events.length).toBe(closed.lastSeq - watcher.events[0]!.seq + 1);
    for (const p of everyone) {
      const seqs = p.events.map((e) => e.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    }
    expect(halls[2]!.events.map((e) => e.seq)).toEqual(host.events.map((e) => e.seq).filter((seq) => seq >= halls[2]!.events[0]!.seq));
    expect((await s.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).status).toBe('EVALUATING');
    const attempts = await s.prisma.decryptionAttempt.findMany({ where: { sectionId: section.id, bidderOrgId: bidders[4]!.org!.id } });
    expect(attempts.map((a) => a.outcome).sort()).toEqual(['CLIENT_ERROR', 'WRONG_KEY']);
    expect(await verifyAuditChain(s.prisma)).toMatchObject({ ok: true });

    // The record is issued once, by the job the closing wrote, signed, hashed into the chain, and downloadable by participants.
    expect(await s.prisma.job.findMany({ where: { queue: 'opening.issue-record', key: section.id } })).toEqual([expect.objectContaining({ state: 'PENDING' })]);
    await s.jobs.tick();
    const [issued] = await received(watcher, 'RECORD_ISSUED');
    const statement = issued!.data as { recordId: string; sectionId: string; htmlSha256: string; pdfSha256: string; keyId: string; signature: string };
    const { signature, ...signed } = statement;
    expect(s.bids.signer.verify(signed, signature)).toBe(true);
    await driver.tick();
    await s.jobs.tick();
    expect(watcher.events.filter((e) => e.type === 'RECORD_ISSUED')).toHaveLength(1);
    expect(await s.prisma.job.findFirst({ where: { key: section.id } })).toMatchObject({ state: 'DONE', attempts: 1 });
    const app = createApp(s);
    const pdf = await request(app).get(`/api/openings/${section.id}/record.pdf`).set(bearerFor(s, bidders[2]!.user)).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf.body as Buffer).digest('hex')).toBe(statement.pdfSha256);
    expect(pdf.headers['x-record-signature']).toContain(signature);
    const html = await request(app).get(`/api/openings/${section.id}/record.html`).set(bearerFor(s, supervisor.user));
    expect(html.text).toContain('开标记录');
    expect(html.text).toContain(bidders[0]!.org!.name);
    expect(html.text).toContain('9,650,000.00');
    const outsider = await createTestUser(s, { role: 'BIDDER' });
    expect((await request(app).get(`/api/openings/${section.id}/record.pdf`).set(bearerFor(s, outsider.user))).status).toBe(404);
    const chain = await s.prisma.auditEvent.findFirst({ where: { action: 'opening.record_issued', subjectId: section.id } });
    expect(chain?.data).toMatchObject({ pdfSha256: statement.pdfSha256 });
  });
});

function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void) {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
}

describe('openings that cannot go on', () => {
  it('fails the section (流标) when fewer than three bids stand at the deadline', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section, agency } = await createBiddingSection(s);
    await createBidder(s, section.id, form('1.00'));
    await createBidder(s, section.id, form('2.00'));
    const host = await participant(agency);
    ok(await host.call('opening:join', { sectionId: section.id }));
    await at(section.bidDeadline);
    const view = ok(await host.call<{ view: TOpeningView }>('opening:join', { sectionId: section.id })).view;
    expect(view.state).toBe('FAILED');
    expect(view.failureReason).toContain('流标');
    expect(view.participants).toHaveLength(2);
    expect((await s.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).status).toBe('FAILED');
    expect(await host.call('opening:start', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('refuses a decryption after the window, and lets attempts begun in time finish', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section } = await createBiddingSection(s);
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    await at(section.bidDeadline);
    await at(new Date(new Date(section.bidDeadline).getTime() + 61_000));
    const late = await participant(bidders[0]!);
    const v = ok(await late.call<{ view: TOpeningView }>('opening:join', { sectionId: section.id })).view;
    expect(v.state).toBe('DECRYPTING');
    await at(new Date(new Date(v.times.decryptEndsAt!).getTime() + 1));
    const refused = await late.call('opening:decrypt', { sectionId: section.id, contentKey: await contentKeyOf(bidders[0]!) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const after = ok(await late.call<{ view: TOpeningView }>('opening:join', { sectionId: section.id })).view;
    expect(after.participants.every((p) => p.decryption === 'REVOKED')).toBe(true);
  });
});

describe('the end of the decryption window', () => {
  it('takes no attempt and no report begun after it, lets one begun inside finish within the grace, then closes', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section } = await createBiddingSection(s);
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    await at(section.bidDeadline);
    await at(new Date(new Date(section.bidDeadline).getTime() + 61_000));
    const { decryptEndsAt } = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } });
    const end = decryptEndsAt!.getTime();
    // Bidder 1's attempt began a minute before the end, on a node still reading its large file.
    await s.prisma.decryptionAttempt.create({
      data: { sectionId: section.id, bidderOrgId: bidders[0]!.org!.id, userId: bidders[0]!.user.id, at: new Date(end - 60_000), source: 'SERVER', outcome: 'IN_PROGRESS' },
    });
    await at(new Date(end + 1000));
    expect((await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } })).state).toBe('DECRYPTING');
    const late = await participant(bidders[1]!);
    expect(await late.call('opening:decrypt', { sectionId: section.id, contentKey: await contentKeyOf(bidders[1]!) })).toMatchObject({ ok: false, error: { code: 'WINDOW_CLOSED' } });
    expect(await late.call('opening:reportFailure', { sectionId: section.id, attemptId: randomUUID(), error: 'too late' })).toMatchObject({ ok: false, error: { code: 'WINDOW_CLOSED' } });
    expect(await s.prisma.decryptionAttempt.count({ where: { sectionId: section.id, bidderOrgId: bidders[1]!.org!.id } })).toBe(0);
    // However many come late, none holds the window open past the grace.
    await at(new Date(end + 5 * 60_000 + 1000));
    const view = await s.openings.view(bidders[0]!.auth, section.id);
    expect(view.state).toBe('ANNOUNCING');
    expect(view.participants.map((p) => p.decryption)).toEqual(['REVOKED', 'REVOKED', 'REVOKED']);
  });

  it('limits failure reports, and scopes client ids to the bidder: another bidder may use the same one', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section, agency } = await createBiddingSection(s);
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    await at(section.bidDeadline);
    await at(new Date(new Date(section.bidDeadline).getTime() + 61_000));
    const [first, second] = [await participant(bidders[0]!), await participant(bidders[1]!)];
    const reports = [];
    for (let i = 0; i < 12; i++) reports.push(await first.call('opening:reportFailure', { sectionId: section.id, attemptId: randomUUID(), error: `browser failure ${i}` }));
    expect(reports.filter((r) => !r.ok).map((r) => (r as { error: { code: string } }).error.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);

    const shared = randomUUID();
    const a = ok(await first.call<{ objectionId: string }>('opening:object', { sectionId: section.id, text: '第一位投标人的异议', clientId: shared }));
    const b = ok(await second.call<{ objectionId: string }>('opening:object', { sectionId: section.id, text: '第二位投标人的异议', clientId: shared }));
    expect(a.objectionId).not.toBe(b.objectionId);
    expect(await first.call('opening:object', { sectionId: section.id, text: '第一位投标人的异议', clientId: shared })).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
    const host = await participant(agency);
    ok(await host.call('opening:answer', { sectionId: section.id, objectionId: b.objectionId, answer: '已答复第二位' }));
    const objections = await s.prisma.objection.findMany({ where: { sectionId: section.id }, orderBy: { raisedAt: 'asc' } });
    expect(objections.map((o) => [o.text, o.answer])).toEqual([
      ['第一位投标人的异议', null],
      ['第二位投标人的异议', '已答复第二位'],
    ]);
  });
});

describe('bad requests in the hall', () => {
  it('refuses outsiders, bidders acting as host, floods and garbage, changing nothing', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section, tenderer } = await createBiddingSection(s);
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    const otherTenderer = await createTestUser(s, { role: 'TENDERER' });
    const outsider = await createBidder(s, (await createBiddingSection(s)).section.id, form('1.00'));
    const otherAgency = await createTestUser(s, { role: 'AGENCY' });
    const expert = await createTestUser(s, { role: 'EXPERT' });
    await at(section.bidDeadline);
    await at(new Date(new Date(section.bidDeadline).getTime() + 61_000));
    const hall = await participant(bidders[0]!);
    const seqBefore = (await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } })).lastSeq;

    const stranger = await participant(outsider);
    expect(await stranger.call('opening:join', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await stranger.call('opening:confirm', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await (await participant(otherAgency)).call('opening:start', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await (await participant(expert)).call('opening:join', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The project's tenderer watches and may not host; another tenderer finds no opening.
    const owner = await participant(tenderer);
    expect(await owner.call('opening:join', { sectionId: section.id })).toMatchObject({ ok: true, data: { view: { role: 'OBSERVER' } } });
    expect(await owner.call('opening:start', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await (await participant(otherTenderer)).call('opening:join', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await hall.call('opening:extend', { sectionId: section.id, minutes: 10, reason: '网络故障' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await hall.call('opening:recordBond', { sectionId: section.id, bidderOrgId: bidders[1]!.org!.id, reference: '伪造' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await hall.call('opening:confirm', { sectionId: section.id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await hall.call('opening:decrypt', { sectionId: section.id, contentKey: 'not-a-key' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await hall.call('opening:object', { sectionId: section.id, text: 'x', clientId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await hall.call('opening:join', { sectionId: 'nope' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const flood = [];
    for (let i = 0; i < 8; i++) flood.push(await hall.call('opening:object', { sectionId: section.id, text: `异议 ${i}`, clientId: randomUUID() }));
    expect(flood.filter((a) => a.ok)).toHaveLength(5);
    expect(flood.filter((a) => !a.ok).map((a) => (a as { error: { code: string } }).error.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    // What was logged meanwhile: the tenderer's attendance and the five objections let through.
    const logged = await s.prisma.openingEvent.findMany({ where: { sectionId: section.id, seq: { gt: seqBefore } }, orderBy: { seq: 'asc' } });
    expect(logged.map((e) => e.type)).toEqual(['ATTENDED', ...Array<string>(5).fill('OBJECTION_RAISED')]);
  });
});

describe('resilience', () => {
  it('replays what a reconnecting client missed, by sequence number, without duplicates', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section, agency } = await createBiddingSection(s);
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    const hall = await participant(bidders[0]!);
    ok(await hall.call('opening:join', { sectionId: section.id }));
    await at(new Date(new Date(section.bidDeadline).getTime() - 60_000));
    await expect.poll(() => hall.events.length).toBeGreaterThan(0);
    const seen = hall.events.at(-1)!.seq;
    hall.socket.disconnect();

    await at(section.bidDeadline);
    const host = await participant(agency);
    ok(await host.call('opening:start', { sectionId: section.id }));
    const back = await participant(bidders[0]!);
    const { events, view } = ok(await back.call<{ view: TOpeningView; events: TOpeningEvent[] }>('opening:join', { sectionId: section.id, afterSeq: seen }));
    expect(events[0]!.seq).toBe(seen + 1);
    expect(events.at(-1)!.seq).toBe(view.lastSeq);
    expect(events.map((e) => e.type)).toEqual(['STATE_CHANGED', 'BIDS_FROZEN', 'STATE_CHANGED']);
  });

  it('resumes after a restart during decryption with the same deadlines and nothing lost', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section } = await createBiddingSection(s);
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    await at(section.bidDeadline);
    await at(new Date(new Date(section.bidDeadline).getTime() + 61_000));
    const hall = await participant(bidders[0]!);
    ok(await hall.call('opening:decrypt', { sectionId: section.id, contentKey: await contentKeyOf(bidders[0]!) }));
    const before = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } });

    // A second process over the same database and keys, as after a restart, takes over.
    // This node leaves no pause between announced bids, so confirmation starts with the announcement.
    const restarted = await createTestServices({ clock, db: s.db, shareWith: s, announcePaceSeconds: 0 });
    const restartedDriver = new OpeningDriver(s.db, restarted.openings, clock, s.logger);
    const auth = bidders[1]!.auth;
    const { decryption } = await restarted.openings.decrypt(auth, section.id, Buffer.from(await contentKeyOf(bidders[1]!), 'base64url'));
    expect(decryption).toBe('DECRYPTED');
    const after = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } });
    expect(after.decryptEndsAt).toEqual(before.decryptEndsAt);
    clock.set(after.decryptEndsAt!);
    await restartedDriver.tick();
    await restartedDriver.stop();
    const view = await restarted.openings.view(bidders[0]!.auth, section.id);
    expect(view.state).toBe('CONFIRMING');
    expect(view.participants.map((p) => p.decryption).sort()).toEqual(['DECRYPTED', 'DECRYPTED', 'REVOKED']);
  });
});

/** The platform's default pace of the announcement. */
const PACE_MS = 20_000;
const payload = (sectionId: string, order?: number) => (order === undefined ? { sectionId } : { sectionId, order });

/** A section whose three bids were all decrypted, its hall joined by the host and the first bidder; announcing starts at `t0`. */
async function decryptedSection(prices = ['300.00', '100.00', '200.00']) {
  clock.set(new Date('2026-12-01T01:00:00.000Z'));
  const { section, agency } = await createBiddingSection(s);
  const bidders: Awaited<ReturnType<typeof createBidder>>[] = [];
  for (const price of prices) bidders.push(await createBidder(s, section.id, form(price)));
  const host = await participant(agency);
  const hall = await participant(bidders[0]!);
  for (const p of [host, hall]) ok(await p.call('opening:join', { sectionId: section.id }));
  await at(section.bidDeadline);
  ok(await host.call('opening:start', { sectionId: section.id }));
  // Before the last bid is decrypted there is nothing to announce.
  expect(await host.call('opening:announceNext', payload(section.id, 1))).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  expect(await host.call('opening:announceRest', payload(section.id))).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  for (const b of bidders) await s.openings.decrypt(b.auth, section.id, Buffer.from(await contentKeyOf(b), 'base64url'));
  const t0 = clock.now().getTime();
  const hostAuth = { userId: agency.user.id, role: 'AGENCY' as const, orgId: agency.org!.id, name: agency.user.displayName };
  const view = await s.openings.view(hostAuth, section.id);
  expect(view.state).toBe('ANNOUNCING');
  expect(view.times.nextAnnounceAt).toBe(new Date(t0 + PACE_MS).toISOString());
  const orgOf = (order: number) => view.participants.find((p) => p.order === order)!.bidderOrgId;
  return { section, agency, hostAuth, bidders, host, hall, t0, orgOf };
}

describe('the announcement (唱标)', () => {

  /** What the database holds, for checking that nothing was announced (an event may still be on its way). */
  const announcedInDb = async (sectionId: string) => s.prisma.openingParticipant.count({ where: { sectionId, announcedAt: { not: null } } });
  const announcedOrders = (p: { events: TOpeningEvent[] }, sectionId: string) =>
    p.events.filter((e) => e.sectionId === sectionId && e.type === 'ANNOUNCED').map((e) => [e.data.order, e.data.by]);

  it('lets the host announce bid by bid and then the rest, refusing replays, other bids and other roles', async () => {
    const { section, agency, hostAuth, bidders, host, hall } = await decryptedSection();
    const bidderView = () => s.openings.view(bidders[0]!.auth, section.id);
    expect((await bidderView()).participants.every((p) => p.form === null && p.announcedAt === null)).toBe(true);

    expect(await hall.call('opening:announceNext', payload(section.id, 1))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await hall.call('opening:announceRest', payload(section.id))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('opening:announceNext', payload(section.id, 2))).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await host.call('opening:announceNext', payload(section.id, 99))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.call('opening:announceNext', payload(section.id, 0))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    clock.advance(5_000);
    expect(ok(await host.call('opening:announceNext', payload(section.id, 1)))).toEqual({ order: 1, remaining: 2 });
    expect(await host.call('opening:announceNext', payload(section.id, 1))).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
    // Only the announced bid's form is public; the pace restarts from the host's announcement.
    const partly = await bidderView();
    expect(partly.state).toBe('ANNOUNCING');
    expect(partly.participants.map((p) => p.form !== null)).toEqual([true, false, false]);
    expect(partly.times.nextAnnounceAt).toBe(new Date(clock.now().getTime() + PACE_MS).toISOString());
    await expect.poll(() => announcedOrders(hall, section.id)).toEqual([[1, 'HOST']]);

    expect(ok(await host.call('opening:announceRest', payload(section.id)))).toEqual({ announced: 2 });
    expect(await host.call('opening:announceRest', payload(section.id))).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
    expect(await host.call('opening:announceNext', payload(section.id, 3))).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
    await expect.poll(() => announcedOrders(hall, section.id)).toEqual([
      [1, 'HOST'],
      [2, 'HOST'],
      [3, 'HOST'],
    ]);
    // Confirmation starts after the last bid, in the same transaction.
    const last = hall.events.filter((e) => e.sectionId === section.id).slice(-2);
    expect(last.map((e) => [e.type, e.data.to ?? e.data.order])).toEqual([
      ['ANNOUNCED', 3],
      ['STATE_CHANGED', 'CONFIRMING'],
    ]);
    const confirming = await s.openings.view(hostAuth, section.id);
    expect(confirming.times).toMatchObject({ nextAnnounceAt: null, confirmEndsAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString() });
    expect(confirming.participants.every((p) => p.form !== null && p.announcedAt !== null)).toBe(true);
    // The announcements went into the audit chain as the host's.
    const audited = await s.prisma.auditEvent.findMany({ where: { subjectId: section.id, action: 'opening.announced' } });
    expect(audited.map((a) => a.actorId)).toEqual([agency.user.id, agency.user.id, agency.user.id]);
  });

  it('announces on its own at the pace when the host does not, the host may step in between', async () => {
    const { section, host, hall, t0 } = await decryptedSection();
    await at(new Date(t0 + PACE_MS - 1));
    expect(await announcedInDb(section.id)).toBe(0);
    await at(new Date(t0 + PACE_MS));
    await expect.poll(() => announcedOrders(hall, section.id)).toEqual([[1, 'PACE']]);

    clock.set(new Date(t0 + PACE_MS + 5_000));
    ok(await host.call('opening:announceNext', payload(section.id, 2)));
    // The pace counts from the host's announcement, not from the one the pace made.
    await at(new Date(t0 + 2 * PACE_MS + 5_000 - 1));
    expect(await announcedInDb(section.id)).toBe(2);
    await at(new Date(t0 + 2 * PACE_MS + 5_000));
    await expect.poll(() => announcedOrders(hall, section.id)).toEqual([
      [1, 'PACE'],
      [2, 'HOST'],
      [3, 'PACE'],
    ]);
    await expect.poll(async () => (await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } })).state).toBe('CONFIRMING');
  });

  it('catches up in one go when the driver was away for several paces', async () => {
    const { section, hall, t0, orgOf } = await decryptedSection();
    await at(new Date(t0 + 3 * PACE_MS + 7_000));
    await expect.poll(() => announcedOrders(hall, section.id)).toEqual([
      [1, 'PACE'],
      [2, 'PACE'],
      [3, 'PACE'],
    ]);
    const rows = await s.prisma.openingParticipant.findMany({ where: { sectionId: section.id }, orderBy: { order: 'asc' } });
    expect(rows.map((r) => r.bidderOrgId)).toEqual([orgOf(1), orgOf(2), orgOf(3)]);
    const opening = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } });
    expect(opening.state).toBe('CONFIRMING');
    expect(opening.confirmEndsAt).toEqual(new Date(t0 + 3 * PACE_MS + 7_000 + 10 * 60_000));
  });
});

describe('the opening record states what happened', () => {
  it('names who attended, flags a price above the ceiling, spells prices out, and tells a bidder cut short by the host from one out of time', async () => {
    const supervisor = await createTestUser(s, { role: 'SUPERVISOR' });
    // The sample section's ceiling is 9,800,000.00: the first bid is a fen above it.
    const { section, agency, hostAuth, bidders, host } = await decryptedSection(['9800000.01', '9650000.00', '9700000.00']);
    const watcher = await participant(supervisor);
    ok(await watcher.call('opening:join', { sectionId: section.id }));
    ok(await host.call('opening:announceRest', payload(section.id)));
    ok(await (await participant(bidders[0]!)).call('opening:confirm', { sectionId: section.id }));
    clock.advance(60_000);
    expect(ok(await host.call<{ state: string }>('opening:close', { sectionId: section.id }))).toEqual({ state: 'CLOSED' });
    await s.jobs.tick();
    await expect.poll(async () => (await s.openings.view(hostAuth, section.id)).record).not.toBeNull();

    const html = (await request(createApp(s)).get(`/api/openings/${section.id}/record.html`).set(bearerFor(s, supervisor.user))).text;
    for (const person of [agency.user.displayName, supervisor.user.displayName]) expect(html).toContain(person);
    expect(html).toContain('主持人在确认时限届满前宣布结束');
    expect(html.match(/主持人结束开标时尚未确认/g)).toHaveLength(2);
    expect(html).not.toContain('确认时限届满未确认');
    expect(html).toContain('9,800,000.01\n玖佰捌拾万元零壹分\n高于最高投标限价');
    expect(html).toContain('9,650,000.00\n玖佰陆拾伍万元整');
    expect(html).toContain('开标大厅没有录像。');
    // Someone reading the hall after it closed did not attend the opening.
    const late = await participant(await createTestUser(s, { role: 'SUPERVISOR' }));
    ok(await late.call('opening:join', { sectionId: section.id }));
    expect((await s.openings.view(hostAuth, section.id)).attendance.map((a) => a.userId).sort()).toEqual([agency.user.id, supervisor.user.id].sort());
  });

  it('gives the cause of a failed decryption once, in plain words', async () => {
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const { section, agency } = await createBiddingSection(s);
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    await at(section.bidDeadline);
    await at(new Date(new Date(section.bidDeadline).getTime() + 61_000));
    await s.openings.decrypt(bidders[0]!.auth, section.id, Buffer.from(await contentKeyOf(bidders[0]!), 'base64url'));
    await expect(s.openings.decrypt(bidders[1]!.auth, section.id, Buffer.from(await contentKeyOf(bidders[0]!), 'base64url'))).rejects.toMatchObject({ code: 'WRONG_CONTENT_KEY' });
    await s.openings.reportFailure(bidders[1]!.auth, section.id, randomUUID(), 'private key file lost (KEY_NOT_FOUND)');
    const hostAuth = { userId: agency.user.id, role: 'AGENCY' as const, orgId: agency.org!.id, name: agency.user.displayName };
    await at((await s.openings.view(hostAuth, section.id)).times.decryptEndsAt!);
    await at(new Date(clock.now().getTime() + 3 * PACE_MS));
    await at(new Date(clock.now().getTime() + 10 * 60_000));
    await s.jobs.tick();
    const html = (await request(createApp(s)).get(`/api/openings/${section.id}/record.html`).set(bearerFor(s, agency.user))).text;
    expect(html).toContain('视为撤销投标文件（投标人原因）：投标人端未能取得解密密钥，共尝试解密 2 次。');
    expect(html).toContain('视为撤销投标文件（投标人原因）：解密时限内未解密。');
    expect(html).toContain('确认时限届满未确认');
    // No stored note or raw code is pasted after the verdict.
    expect(html).not.toMatch(/WRONG_KEY|CLIENT_ERROR|视为撤销[^<]*视为撤销/);
  });
});
