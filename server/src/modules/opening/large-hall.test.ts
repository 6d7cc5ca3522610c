import type { AddressInfo } from 'node:net';
import type { ClientToServerEvents, ServerToClientEvents, TOpeningEvent } from '@bidhall/contracts';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type RunningServer } from '../../server';
import { bearerFor, createBiddingSection, createBidder, createTestClock, createTestServices, createTestUser, type TestServices } from '../../testing';
import { OpeningDriver } from './opening-driver';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Ack = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string } };

// Four bids in a hall that sends its list with the freeze only up to two, and pages it by two:
// the paths of a 5,000-bidder hall at the size of a test.
const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
let server: RunningServer;
let url: string;

beforeAll(async () => {
  s = await createTestServices({ clock, participantList: { inline: 2, page: 2 } });
  server = createHttpServer(s);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close(500);
  await s.close();
});

async function connected(user: Parameters<typeof bearerFor>[1]) {
  const socket: Client = connect(url, { transports: ['websocket'], reconnection: false, auth: { token: bearerFor(s, user).authorization.slice(7) } });
  const events: TOpeningEvent[] = [];
  socket.on('opening:events', (batch) => events.push(...batch));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const call = (event: string, payload: unknown) =>
    (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<Ack> } }).timeout(10_000).emitWithAck(event, payload);
  return { socket, events, call };
}

describe('a hall too large to send its list with the freeze', () => {
  it('freezes with the count, keeps the whole list in the audit chain, and pages it to those who may see it', async () => {
    const { section, agency } = await createBiddingSection(s);
    const bidders = [];
    for (const price of ['1.00', '2.00', '3.00', '4.00']) bidders.push(await createBidder(s, section.id, { price, durationDays: 180 }));
    const outsider = await createTestUser(s, { role: 'BIDDER' });
    const host = await connected(agency.user);
    const last = await connected(bidders[3]!.user);
    const stranger = await connected(outsider.user);
    for (const p of [host, last, stranger]) expect(await p.call('opening:join', { sectionId: section.id })).toMatchObject({ ok: true });
    // Before the deadline there is no list to page, whoever asks.
    expect(await stranger.call('opening:participants', { sectionId: section.id, offset: 0 })).toMatchObject({ ok: true, data: { participants: [], participantCount: 0 } });

    clock.set(new Date(section.bidDeadline));
    const driver = new OpeningDriver(s.db, s.openings, clock, s.logger);
    await driver.tick();
    await driver.stop();
    await expect.poll(() => host.events.some((e) => e.type === 'BIDS_FROZEN')).toBe(true);
    const frozen = host.events.find((e) => e.type === 'BIDS_FROZEN')!;
    expect(frozen.data).toEqual({ orderSeed: expect.any(String), count: 4 });
    const chained = await s.prisma.auditEvent.findFirstOrThrow({ where: { action: 'opening.bids_frozen', subjectId: section.id } });
    expect((chained.data as { participants: unknown[] }).participants).toHaveLength(4);

    // A bidder's view holds the first page and its own row, wherever that stands.
    const view = await s.openings.view(bidders[3]!.auth, section.id);
    const order = await s.prisma.openingParticipant.findUniqueOrThrow({ where: { sectionId_bidderOrgId: { sectionId: section.id, bidderOrgId: bidders[3]!.org!.id } } });
    expect(view.participantCount).toBe(4);
    expect(view.participants.map((p) => p.order)).toEqual(order.order <= 2 ? [1, 2] : [1, 2, order.order]);

    // Pages in order, then an empty one past the end.
    const pages = [];
    for (const offset of [0, 2, 4]) {
      const ack = await last.call('opening:participants', { sectionId: section.id, offset });
      if (!ack.ok) throw new Error(ack.error.code);
      pages.push(ack.data as { participants: { order: number; bidderOrgId: string }[]; participantCount: number; lastSeq: number });
    }
    expect(pages.map((p) => p.participants.map((r) => r.order))).toEqual([[1, 2], [3, 4], []]);
    expect(pages.flatMap((p) => p.participants.map((r) => r.bidderOrgId)).sort()).toEqual(bidders.map((b) => b.org!.id).sort());
    expect(pages[0]!.lastSeq).toBe((await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } })).lastSeq);

    // Whoever's bid did not stand is out of the hall, pages included; bad offsets change nothing.
    expect(await stranger.call('opening:participants', { sectionId: section.id, offset: 0 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(stranger.events.some((e) => e.type === 'BIDS_FROZEN')).toBe(false);
    for (const offset of [-1, 1.5, '2', 2_000_000]) {
      expect(await last.call('opening:participants', { sectionId: section.id, offset })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    expect(await last.call('opening:participants', { sectionId: section.id, offset: 0, extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    for (const p of [host, last, stranger]) p.socket.disconnect();
  });
});
