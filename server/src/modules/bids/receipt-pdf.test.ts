import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { pdfText, withPoppler } from '../../lib/documents/pdf-text';
import { bearerFor, createBiddingSection, createBidder, createTestClock, createTestServices, createTestUser, type TestServices } from '../../testing';

const clock = createTestClock(new Date('2026-11-28T01:02:03.456Z'));
let s: TestServices;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  s = await createTestServices({ clock });
  app = createApp(s);
});
afterAll(() => s.close());

const form = { price: '9650000.00', durationDays: 180 };
const pdfOf = (user: Parameters<typeof bearerFor>[1], sectionId: string, receiptId: string) =>
  request(app)
    .get(`/api/sections/${sectionId}/my-bid/receipts/${receiptId}/pdf`)
    .set(bearerFor(s, user))
    .buffer(true)
    .parse((res, done) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => done(null, Buffer.concat(parts)));
    });
/** pdftotext breaks long values over lines; compare without the breaks. */
const flat = (text: string) => text.replace(/\s+/g, '');

describe('a printable receipt', () => {
  withPoppler('is a PDF in Chinese with the project, the section, the bidder, the times, the hash, the signature and how to verify it', async () => {
    const { section, project } = await createBiddingSection(s);
    const bidder = await createBidder(s, section.id, form);
    const res = await pdfOf(bidder.user, section.id, bidder.receipt.receiptId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="bidhall-receipt-submission-${bidder.receipt.receiptId}.pdf"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const text = pdfText(pdf);
    for (const expected of ['投标文件递交回执', project.name, project.code, section.name, bidder.org!.name, bidder.org!.creditCode, '如何核验本回执', 'GET /api/keys', 'verify-receipt', 'Ed25519']) {
      expect(text).toContain(expected);
    }
    // The time in Beijing time and as signed (ISO 8601).
    expect(text).toContain('2026-11-28 09:02:03');
    expect(flat(text)).toContain(bidder.receipt.serverTime);
    for (const value of [bidder.receipt.sha256, bidder.receipt.receiptId, bidder.receipt.keyId, bidder.receipt.signature, s.bids.signer.publicJwk.x]) expect(flat(text)).toContain(value);
    // What was signed is printed exactly, so the signature can be checked from the page alone.
    const { signature, ...signed } = bidder.receipt;
    const signedText = JSON.stringify(Object.fromEntries(Object.entries(signed).sort(([a], [b]) => a.localeCompare(b))));
    expect(flat(text)).toContain(flat(signedText));
    expect(s.bids.signer.verify(signed, signature)).toBe(true);
  });

  withPoppler('prints a withdrawal receipt as such', async () => {
    const { section } = await createBiddingSection(s);
    const bidder = await createBidder(s, section.id, form);
    const withdrawn = await request(app).post(`/api/sections/${section.id}/my-bid/withdraw`).set(bearerFor(s, bidder.user));
    expect(withdrawn.status).toBe(201);
    const res = await pdfOf(bidder.user, section.id, withdrawn.body.receiptId as string);
    expect(res.status).toBe(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('投标文件撤回回执');
    expect(text).toContain('撤回时间（北京时间）');
    // The submission receipt of the same bid is still the bidder's to print.
    expect((await pdfOf(bidder.user, section.id, bidder.receipt.receiptId)).status).toBe(200);
  });

  it("is served to the bidder for its own receipts only: anyone else's is NOT_FOUND, other roles are refused", async () => {
    const { section, agency } = await createBiddingSection(s);
    const mine = await createBidder(s, section.id, form);
    const rival = await createBidder(s, section.id, { ...form, price: '9600000.00' });
    const stranger = await createTestUser(s, { role: 'BIDDER' });
    const url = `/api/sections/${section.id}/my-bid/receipts/${mine.receipt.receiptId}/pdf`;

    for (const other of [rival.user, stranger.user]) {
      const res = await request(app).get(url).set(bearerFor(s, other));
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    // Another section's path with the bidder's own receipt id finds nothing either.
    const elsewhere = (await createBiddingSection(s)).section;
    expect((await request(app).get(`/api/sections/${elsewhere.id}/my-bid/receipts/${mine.receipt.receiptId}/pdf`).set(bearerFor(s, mine.user))).status).toBe(404);
    expect((await request(app).get(`/api/sections/${section.id}/my-bid/receipts/${crypto.randomUUID()}/pdf`).set(bearerFor(s, mine.user))).status).toBe(404);
    expect((await request(app).get(`/api/sections/${section.id}/my-bid/receipts/not-an-id/pdf`).set(bearerFor(s, mine.user))).body.error.code).toBe('VALIDATION_FAILED');
    expect((await request(app).get(url).set(bearerFor(s, agency.user))).status).toBe(403);
    expect((await request(app).get(url)).status).toBe(401);
    // A rival's receipt answers exactly as one that does not exist.
    const rivalsOwn = await request(app).get(`/api/sections/${section.id}/my-bid/receipts/${rival.receipt.receiptId}/pdf`).set(bearerFor(s, mine.user));
    const unknown = await request(app).get(`/api/sections/${section.id}/my-bid/receipts/${crypto.randomUUID()}/pdf`).set(bearerFor(s, mine.user));
    expect([rivalsOwn.status, rivalsOwn.body]).toEqual([unknown.status, unknown.body]);
  });
});
