import { rm } from 'node:fs/promises';
import { inspectEnvelope, MAX_HEADER_BYTES } from '@bidhall/contracts/envelope';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { bearerFor, createBiddingSection, createBidder, createTestClock, createTestServices, type TestServices } from '../../testing';
import { OpeningDriver } from './opening-driver';

const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
let driver: OpeningDriver;

beforeAll(async () => {
  s = await createTestServices({ clock });
  driver = new OpeningDriver(s.db, s.openings, clock, s.logger);
});
afterAll(async () => {
  await driver.stop();
  await s.close();
});

const at = async (when: Date | string) => {
  clock.set(new Date(when));
  await driver.tick();
};

function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void) {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
}

describe("serving a bidder's own envelope", () => {
  it('works with the blob store under a dot folder, as on a default install', () => {
    expect(s.keys.blobDir.split('/').some((segment) => segment.startsWith('.'))).toBe(true);
  });

  it('serves the header by range in the window, and records a platform fault when the file cannot be served', async () => {
    const { section } = await createBiddingSection(s);
    const form = (price: string) => ({ price, durationDays: 180 });
    const bidders = [await createBidder(s, section.id, form('1.00')), await createBidder(s, section.id, form('2.00')), await createBidder(s, section.id, form('3.00'))];
    const app = createApp(s);
    const envelopeOf = (bidder: (typeof bidders)[number]) =>
      request(app).get(`/api/sections/${section.id}/my-bid/envelope`).set(bearerFor(s, bidder.user)).set('range', `bytes=0-${MAX_HEADER_BYTES - 1}`).buffer(true).parse(binary);

    // Before the deadline the self-check reads the bid back.
    const early = await envelopeOf(bidders[0]!);
    expect(early.status).toBe(206);
    expect(inspectEnvelope(new Uint8Array(early.body as Buffer)).recipients).toEqual(inspectEnvelope(bidders[0]!.bytes).recipients);
    const outside = await request(app)
      .get(`/api/sections/${section.id}/my-bid/envelope`)
      .set(bearerFor(s, bidders[0]!.user))
      .set('range', `bytes=${bidders[0]!.bytes.length + 10}-${bidders[0]!.bytes.length + 20}`);
    expect(outside.status).toBe(416);
    expect(outside.body.error.code).toBe('RANGE_NOT_SATISFIABLE');

    await at(section.bidDeadline);
    await at(new Date(new Date(section.bidDeadline).getTime() + 61_000));
    expect((await envelopeOf(bidders[0]!)).status).toBe(206);

    // Bidder 2's stored file is gone: the platform's fault, on record as such.
    await rm(s.bids.blobs.pathOf(bidders[1]!.receipt.sha256));
    const failed = await envelopeOf(bidders[1]!);
    expect(failed.status).toBe(503);
    expect(failed.headers['content-type']).toContain('application/json');
    expect(JSON.parse((failed.body as Buffer).toString()).error.code).toBe('STORAGE_UNAVAILABLE');
    const attempts = await s.prisma.decryptionAttempt.findMany({ where: { sectionId: section.id, bidderOrgId: bidders[1]!.org!.id } });
    expect(attempts).toEqual([expect.objectContaining({ source: 'SERVER', outcome: 'STORAGE_ERROR', detail: 'envelope download failed: ENOENT' })]);
    expect(s.logs()).toContain('a stored envelope could not be served');
    expect(s.logs()).not.toContain(s.keys.blobDir);

    // The window ends: the bid the platform could not serve is deemed withdrawn, the silent one revoked.
    const opening = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id } });
    await at(opening.decryptEndsAt!);
    const participants = await s.prisma.openingParticipant.findMany({ where: { sectionId: section.id } });
    const outcome = (i: number) => participants.find((p) => p.bidderOrgId === bidders[i]!.org!.id);
    expect(outcome(1)).toMatchObject({ decryption: 'WITHDRAWN' });
    expect(outcome(1)!.failureNote).toContain('视为撤回');
    expect(outcome(2)).toMatchObject({ decryption: 'REVOKED' });
    // After the window nothing more is put on record for a failed download.
    await envelopeOf(bidders[1]!);
    expect(await s.prisma.decryptionAttempt.count({ where: { sectionId: section.id, bidderOrgId: bidders[1]!.org!.id } })).toBe(1);
  });
});
