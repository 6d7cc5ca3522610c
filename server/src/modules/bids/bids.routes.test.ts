import { createHash, createPublicKey, verify } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BidderKey, encryptEnvelope, generateBidderKeyPair, openEnvelope } from '@bidhall/contracts/envelope';
import canonicalize from 'canonicalize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { createHttpServer } from '../../server';
import { bearerFor, createBiddingSection, createTestClock, createTestServices, createTestUser, type TestServices } from '../../testing';

const clock = createTestClock();
let s: TestServices;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  s = await createTestServices({ clock });
  app = createApp(s);
});
afterAll(() => s.close());

type TestUser = Awaited<ReturnType<typeof createTestUser>>;
const as = (u: TestUser) => bearerFor(s, u.user);
const form = { price: '9650000.00', durationDays: 180 };

async function bidderWithKey(): Promise<{ bidder: TestUser; key: BidderKey }> {
  const bidder = await createTestUser(s, { role: 'BIDDER' });
  const key = await generateBidderKeyPair();
  const res = await request(app).post('/api/bidder/keys').set(as(bidder)).send({ publicJwk: key.publicJwk, label: '办公室电脑' });
  expect(res.status).toBe(201);
  expect(res.body.fingerprint).toBe(key.kid);
  return { bidder, key };
}

async function envelope(recipients: BidderKey['publicJwk'][], content: Uint8Array, chunkSize = 64 * 1024): Promise<Buffer> {
  const sealed = await encryptEnvelope({ recipients, form, fileName: '投标文件.pdf', source: new Blob([Buffer.from(content)]).stream(), size: content.length, chunkSize });
  const parts: Uint8Array[] = [];
  for await (const part of sealed.stream) parts.push(part);
  const bytes = Buffer.concat(parts);
  expect(bytes.length).toBe(sealed.size);
  return bytes;
}

const content = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7919) % 251);

async function start(bidder: TestUser, sectionId: string, size: number) {
  return request(app).post(`/api/sections/${sectionId}/uploads`).set(as(bidder)).send({ size });
}
const put = (bidder: TestUser, uploadId: string, offset: number, bytes: Buffer) =>
  request(app).put(`/api/uploads/${uploadId}?offset=${offset}`).set(as(bidder)).set('content-type', 'application/octet-stream').send(bytes);

async function uploadWhole(bidder: TestUser, sectionId: string, bytes: Buffer, piece = 100_000) {
  const started = await start(bidder, sectionId, bytes.length);
  expect(started.status).toBe(201);
  const uploadId = started.body.uploadId as string;
  for (let offset = 0; offset < bytes.length; offset += piece) {
    const res = await put(bidder, uploadId, offset, bytes.subarray(offset, offset + piece));
    expect(res.status).toBe(200);
  }
  return { uploadId, complete: await request(app).post(`/api/uploads/${uploadId}/complete`).set(as(bidder)) };
}

function verifyReceipt(receipt: Record<string, unknown>, publicJwk: { kty: string; crv: string; x: string }): boolean {
  const { signature, ...signed } = receipt;
  return verify(null, Buffer.from(canonicalize(signed)!), createPublicKey({ key: publicJwk, format: 'jwk' }), Buffer.from(signature as string, 'base64url'));
}

describe('bidder keys', () => {
  it('registers a public key with its fingerprint, refuses it twice, and refuses a point off the curve', async () => {
    const { bidder, key } = await bidderWithKey();
    const again = await request(app).post('/api/bidder/keys').set(as(bidder)).send({ publicJwk: key.publicJwk });
    expect([again.status, again.body.error.code]).toEqual([409, 'KEY_ALREADY_REGISTERED']);
    const off = { ...key.publicJwk, y: key.publicJwk.x };
    expect((await request(app).post('/api/bidder/keys').set(as(bidder)).send({ publicJwk: off })).body.error.code).toBe('KEY_INVALID');
    expect((await request(app).post('/api/bidder/keys').set(as(bidder)).send({ publicJwk: { ...key.publicJwk, d: 'secret' } })).body.error.code).toBe('VALIDATION_FAILED');
    const list = await request(app).get('/api/bidder/keys').set(as(bidder));
    expect(list.body.items.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([key.kid]);
  });
});

describe('uploading a bid', () => {
  it('streams an envelope in pieces and returns a signed receipt that the published key verifies', async () => {
    const { section } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    const file = content(300_000);
    const bytes = await envelope([key.publicJwk], file);
    const { complete } = await uploadWhole(bidder, section.id, bytes);
    expect(complete.status).toBe(201);
    const receipt = complete.body;
    expect(receipt).toMatchObject({ kind: 'SUBMISSION', sectionId: section.id, bidderOrgId: bidder.org!.id, size: bytes.length, serverTime: clock.now().toISOString() });
    expect(receipt.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const keys = await request(app).get('/api/keys');
    expect(keys.body.receipts.keyId).toBe(receipt.keyId);
    expect(verifyReceipt(receipt, keys.body.receipts.publicJwk)).toBe(true);
    expect(verifyReceipt({ ...receipt, size: receipt.size + 1 }, keys.body.receipts.publicJwk)).toBe(false);

    const mine = await request(app).get(`/api/sections/${section.id}/my-bid`).set(as(bidder));
    expect(mine.body.bid).toMatchObject({ status: 'SUBMITTED', sha256: receipt.sha256 });
    expect(mine.body.receipts).toEqual([receipt]);

    const back = await request(app).get(`/api/sections/${section.id}/my-bid/envelope`).set(as(bidder)).buffer(true).parse(binary);
    expect(Buffer.compare(back.body as Buffer, bytes)).toBe(0);
    const head = await request(app).get(`/api/sections/${section.id}/my-bid/envelope`).set(as(bidder)).set('range', 'bytes=0-1023').buffer(true).parse(binary);
    expect(head.status).toBe(206);
    expect(Buffer.compare(head.body as Buffer, bytes.subarray(0, 1024))).toBe(0);
    // The bidder's own key opens what the platform stored.
    const opened = await openEnvelope({ source: new Blob([new Uint8Array(back.body as Buffer)]).stream(), key });
    expect(opened.form).toEqual(form);
    expect(Buffer.compare(Buffer.from(await new Response(opened.content).arrayBuffer()), Buffer.from(file))).toBe(0);
  });

  it('resumes after an interrupted chunk, also on another node that never saw the first bytes', async () => {
    const { section } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    const bytes = await envelope([key.publicJwk], content(250_000));
    const { uploadId } = (await start(bidder, section.id, bytes.length)).body as { uploadId: string };
    expect((await put(bidder, uploadId, 0, bytes.subarray(0, 100_000))).body.receivedBytes).toBe(100_000);

    // A request that dies halfway through its body.
    const server = createHttpServer(s);
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: (server.http.address() as AddressInfo).port,
        method: 'PUT',
        path: `/api/uploads/${uploadId}?offset=100000`,
        headers: { ...as(bidder), 'content-type': 'application/octet-stream', 'content-length': 100_000 },
      });
      req.on('error', () => resolve());
      req.write(bytes.subarray(100_000, 150_000), () => setTimeout(() => req.destroy(), 100));
    });
    await server.close(500);
    const status = await request(app).get(`/api/uploads/${uploadId}`).set(as(bidder));
    expect(status.body).toMatchObject({ receivedBytes: 100_000, status: 'IN_PROGRESS' });
    const wrong = await put(bidder, uploadId, 150_000, bytes.subarray(150_000));
    expect([wrong.status, wrong.body.error.code, wrong.body.error.details.receivedBytes]).toEqual([409, 'UPLOAD_OFFSET_MISMATCH', 100_000]);

    // The rest goes to a second node sharing the database and storage but none of the memory.
    const other = await createTestServices({ clock, db: s.db, shareWith: s });
    const otherApp = createApp(other);
    const rest = await request(otherApp).put(`/api/uploads/${uploadId}?offset=100000`).set(as(bidder)).set('content-type', 'application/octet-stream').send(bytes.subarray(100_000));
    expect(rest.body.receivedBytes).toBe(bytes.length);
    const done = await request(otherApp).post(`/api/uploads/${uploadId}/complete`).set(as(bidder));
    expect(done.body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('counts only the latest complete upload; a partial one never counts; withdrawal and resubmission are receipted', async () => {
    const { section } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    const first = await uploadWhole(bidder, section.id, await envelope([key.publicJwk], content(1000)));
    clock.advance(1000);
    const secondBytes = await envelope([key.publicJwk], content(2000));
    const second = await uploadWhole(bidder, section.id, secondBytes);
    const partial = (await start(bidder, section.id, secondBytes.length)).body as { uploadId: string };
    await put(bidder, partial.uploadId, 0, secondBytes.subarray(0, 500));

    let mine = await request(app).get(`/api/sections/${section.id}/my-bid`).set(as(bidder));
    expect(mine.body.bid.sha256).toBe(second.complete.body.sha256);
    expect(mine.body.receipts.map((r: { receiptId: string }) => r.receiptId)).toEqual([first.complete.body.receiptId, second.complete.body.receiptId]);
    expect(await s.prisma.bid.count({ where: { status: 'SUBMITTED', tag: s.bids.sealer.tag({ sectionId: section.id, orgId: bidder.org!.id }) } })).toBe(1);

    clock.advance(1000);
    const withdrawal = await request(app).post(`/api/sections/${section.id}/my-bid/withdraw`).set(as(bidder));
    expect(withdrawal.body).toMatchObject({ kind: 'WITHDRAWAL', sha256: second.complete.body.sha256 });
    expect(verifyReceipt(withdrawal.body, s.bids.signer.publicJwk)).toBe(true);
    mine = await request(app).get(`/api/sections/${section.id}/my-bid`).set(as(bidder));
    expect(mine.body.bid.status).toBe('WITHDRAWN');
    expect((await request(app).post(`/api/sections/${section.id}/my-bid/withdraw`).set(as(bidder))).body.error.code).toBe('NOT_FOUND');
    const again = await uploadWhole(bidder, section.id, await envelope([key.publicJwk], content(10)));
    expect(again.complete.status).toBe(201);
  });
});

describe('bad uploads are refused and leave nothing counted', () => {
  it('refuses an unencrypted file at its first bytes and ends the upload', async () => {
    const { section } = await createBiddingSection(s);
    const { bidder } = await bidderWithKey();
    const pdf = Buffer.from('%PDF-1.7\n投标文件正文……'.repeat(100));
    const { uploadId } = (await start(bidder, section.id, pdf.length)).body as { uploadId: string };
    const res = await put(bidder, uploadId, 0, pdf);
    expect([res.status, res.body.error.code]).toEqual([422, 'NOT_AN_ENVELOPE']);
    expect((await request(app).get(`/api/uploads/${uploadId}`).set(as(bidder))).body.status).toBe('ABORTED');
    expect((await request(app).post(`/api/uploads/${uploadId}/complete`).set(as(bidder))).body.error.code).toBe('INVALID_STATE');
    expect((await request(app).get(`/api/sections/${section.id}/my-bid`).set(as(bidder))).body.bid).toBeNull();
  });

  it('refuses an envelope wrapped to another bidder, or to a revoked key', async () => {
    const { section } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    const { key: othersKey } = await bidderWithKey();
    const forOther = await envelope([othersKey.publicJwk], content(100));
    const { uploadId } = (await start(bidder, section.id, forOther.length)).body as { uploadId: string };
    expect((await put(bidder, uploadId, 0, forOther)).body.error.code).toBe('ENVELOPE_NOT_FOR_BIDDER');

    const keyId = (await request(app).get('/api/bidder/keys').set(as(bidder))).body.items[0].id;
    await request(app).delete(`/api/bidder/keys/${keyId}`).set(as(bidder));
    const second = await generateBidderKeyPair();
    await request(app).post('/api/bidder/keys').set(as(bidder)).send({ publicJwk: second.publicJwk });
    const toRevoked = await envelope([key.publicJwk], content(100));
    const revokedUpload = (await start(bidder, section.id, toRevoked.length)).body as { uploadId: string };
    expect((await put(bidder, revokedUpload.uploadId, 0, toRevoked)).body.error.code).toBe('ENVELOPE_NOT_FOR_BIDDER');
  });

  it('detects truncated and padded envelopes at completion, and incomplete uploads', async () => {
    const { section } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    const bytes = await envelope([key.publicJwk], content(5000));
    const truncated = await uploadWhole(bidder, section.id, bytes.subarray(0, bytes.length - 10));
    expect(truncated.complete.body.error.code).toBe('ENVELOPE_SIZE_MISMATCH');
    const padded = await uploadWhole(bidder, section.id, Buffer.concat([bytes, Buffer.from('extra')]));
    expect(padded.complete.body.error.code).toBe('ENVELOPE_SIZE_MISMATCH');
    const { uploadId } = (await start(bidder, section.id, bytes.length)).body as { uploadId: string };
    await put(bidder, uploadId, 0, bytes.subarray(0, 1000));
    const incomplete = await request(app).post(`/api/uploads/${uploadId}/complete`).set(as(bidder));
    expect([incomplete.status, incomplete.body.error.code]).toEqual([409, 'UPLOAD_INCOMPLETE']);
    expect((await request(app).get(`/api/sections/${section.id}/my-bid`).set(as(bidder))).body.bid).toBeNull();
  });

  it('refuses empty, oversized, overlong chunks, unknown and draft sections, and bidders without a key', async () => {
    const { section } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    expect((await start(bidder, section.id, 0)).body.error.code).toBe('EMPTY_FILE');
    expect((await start(bidder, section.id, 3 * 1024 ** 3)).body.error.code).toBe('FILE_TOO_LARGE');
    expect((await start(bidder, '00000000-0000-4000-8000-000000000000', 10)).body.error.code).toBe('NOT_FOUND');
    const draft = await s.prisma.section.update({ where: { id: section.id }, data: { status: 'DRAFT' } });
    expect((await start(bidder, draft.id, 10)).body.error.code).toBe('NOT_FOUND');
    await s.prisma.section.update({ where: { id: section.id }, data: { status: 'PUBLISHED' } });
    const keyless = await createTestUser(s, { role: 'BIDDER' });
    expect((await start(keyless, section.id, 10)).body.error.code).toBe('NO_BIDDER_KEY');
    const small = await envelope([key.publicJwk], content(10));
    const { uploadId } = (await start(bidder, section.id, small.length)).body as { uploadId: string };
    const tooLong = await put(bidder, uploadId, 0, Buffer.concat([small, Buffer.alloc(10)]));
    expect([tooLong.status, tooLong.body.error.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect((await request(app).get(`/api/uploads/${uploadId}`).set(as(bidder))).body.receivedBytes).toBe(0);
    expect((await request(app).put(`/api/uploads/${uploadId}?offset=-1`).set(as(bidder)).set('content-type', 'application/octet-stream').send(small)).body.error.code).toBe('VALIDATION_FAILED');
  });

  it("treats another bidder's upload as nonexistent", async () => {
    const { section } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    const { bidder: intruder } = await bidderWithKey();
    const bytes = await envelope([key.publicJwk], content(100));
    const { uploadId } = (await start(bidder, section.id, bytes.length)).body as { uploadId: string };
    const codes = [
      (await request(app).get(`/api/uploads/${uploadId}`).set(as(intruder))).body.error.code,
      (await put(intruder, uploadId, 0, bytes)).body.error.code,
      (await request(app).post(`/api/uploads/${uploadId}/complete`).set(as(intruder))).body.error.code,
      (await request(app).delete(`/api/uploads/${uploadId}`).set(as(intruder))).body.error.code,
      (await request(app).get('/api/uploads/00000000-0000-4000-8000-000000000000').set(as(intruder))).body.error.code,
    ];
    expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    expect((await request(app).get(`/api/uploads/${uploadId}`).set(as(bidder))).body.receivedBytes).toBe(0);
  });

  it('refuses every step after the deadline by the server clock', async () => {
    const { section } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    const bytes = await envelope([key.publicJwk], content(100));
    await uploadWhole(bidder, section.id, bytes);
    const { uploadId } = (await start(bidder, section.id, bytes.length)).body as { uploadId: string };
    await put(bidder, uploadId, 0, bytes.subarray(0, bytes.length - 10));
    clock.advance(3_600_000);
    try {
      const codes = [
        (await start(bidder, section.id, bytes.length)).body.error.code,
        (await put(bidder, uploadId, bytes.length - 10, bytes.subarray(bytes.length - 10))).body.error.code,
        (await request(app).post(`/api/uploads/${uploadId}/complete`).set(as(bidder))).body.error.code,
        (await request(app).post(`/api/sections/${section.id}/my-bid/withdraw`).set(as(bidder))).body.error.code,
      ];
      expect(codes).toEqual(['DEADLINE_PASSED', 'DEADLINE_PASSED', 'DEADLINE_PASSED', 'DEADLINE_PASSED']);
    } finally {
      clock.advance(-3_600_000);
    }
  });
});

describe('before the deadline nobody but the bidder learns that a bid exists', () => {
  it('keeps section and bidder out of the database, the audit chain, the logs and every other role', async () => {
    const { section, project, agency, tenderer } = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    const bytes = await envelope([key.publicJwk], content(1000));
    const { uploadId, complete } = await uploadWhole(bidder, section.id, bytes);
    expect(complete.status).toBe(201);
    const orgId = bidder.org!.id;

    const rows = JSON.stringify([await s.prisma.bid.findMany(), await s.prisma.bidUpload.findMany()], (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
    expect(rows).not.toContain(orgId);
    expect(rows).not.toContain(section.id);
    const audit = JSON.stringify(await s.prisma.auditEvent.findMany({ where: { subjectType: { in: ['bid', 'bidder_key'] } } }));
    expect(audit).toContain('bid.submitted');
    expect(audit).toContain('bidder_key.registered');
    expect(audit).not.toContain(orgId);
    expect(audit).not.toContain(bidder.user.id);
    expect(s.logs()).not.toContain(orgId);

    const observers = [agency, tenderer, ...(await Promise.all(['SUPERVISOR', 'ADMIN', 'EXPERT', 'INSTITUTION'].map((role) => createTestUser(s, { role: role as never }))))];
    const otherBidder = (await bidderWithKey()).bidder;
    const routes = (u: TestUser) => [
      request(app).get(`/api/sections/${section.id}/my-bid`).set(as(u)),
      request(app).get(`/api/sections/${section.id}/my-bid/envelope`).set(as(u)),
      request(app).post(`/api/sections/${section.id}/my-bid/withdraw`).set(as(u)),
      request(app).get(`/api/uploads/${uploadId}`).set(as(u)),
      request(app).post(`/api/uploads/${uploadId}/complete`).set(as(u)),
      request(app).delete(`/api/uploads/${uploadId}`).set(as(u)),
    ];
    for (const observer of observers) {
      const codes = (await Promise.all(routes(observer))).map((r) => r.body.error?.code);
      expect({ role: observer.user.role, codes }).toEqual({ role: observer.user.role, codes: Array(6).fill('FORBIDDEN') });
    }
    const asOther = await Promise.all(routes(otherBidder));
    expect(asOther[0]!.body).toEqual({ bid: null, receipts: [] });
    expect(asOther.slice(1).map((r) => r.body.error?.code)).toEqual(Array(5).fill('NOT_FOUND'));

    const views = [
      await request(app).get(`/api/projects/${project.id}`).set(as(agency)),
      await request(app).get(`/api/projects/${project.id}`).set(as(tenderer)),
      await request(app).get(`/api/portal/announcements/${project.id}`),
      await request(app).get('/api/audit/events?subjectType=bid&limit=500').set(as(observers[2]!)),
      await request(app).get('/api/notifications').set(as(agency)),
    ];
    for (const view of views) {
      expect(view.status).toBe(200);
      expect(JSON.stringify(view.body)).not.toContain(orgId);
    }
    expect(JSON.stringify(views[0]!.body)).not.toMatch(/bidCount|bids/);
  });

  it('answers the same for a section with bids and one without, to anyone but the bidder', async () => {
    const withBid = await createBiddingSection(s);
    const without = await createBiddingSection(s);
    const { bidder, key } = await bidderWithKey();
    await uploadWhole(bidder, withBid.section.id, await envelope([key.publicJwk], content(100)));
    const { bidder: other } = await bidderWithKey();
    const a = await request(app).get(`/api/sections/${withBid.section.id}/my-bid`).set(as(other));
    const b = await request(app).get(`/api/sections/${without.section.id}/my-bid`).set(as(other));
    expect(a.body).toEqual(b.body);
    const strip = (p: { body: Record<string, unknown> }) => JSON.stringify(p.body).replace(/[0-9a-f-]{36}|T-[0-9a-f]+|(tenderer|agency)-[a-z0-9]+/g, '');
    const pa = await request(app).get(`/api/projects/${withBid.project.id}`).set(as(withBid.agency));
    const pb = await request(app).get(`/api/projects/${without.project.id}`).set(as(without.agency));
    expect(strip(pa)).toBe(strip(pb));
  });
});

function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void) {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
}
