import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { MAX_DOCUMENTS_PER_SECTION, MAX_TENDER_DOCUMENT_BYTES } from '@bidhall/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { bearerFor, createBiddingSection, createDraftSection, createTestClock, createTestServices, createTestUser, type TestServices } from '../../testing';
import { uploadDocument } from './upload-document';

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
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);

const upload = (sectionId: string, who: User, name: string, bytes: Buffer) =>
  request(app).post(`/api/sections/${sectionId}/documents`).query({ name }).set(as(who)).set('Content-Type', 'application/octet-stream').send(bytes);
const download = (documentId: string, who: User) =>
  request(app)
    .get(`/api/documents/${documentId}/file`)
    .set(as(who))
    .buffer(true)
    .parse((res, done) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => done(null, Buffer.concat(parts)));
    });
const register = (sectionId: string, who: User) => request(app).put(`/api/sections/${sectionId}/registration`).set(as(who));

describe('tender documents (招标文件)', () => {
  it('are uploaded to a draft, published with the announcement and frozen by it, each step audited with its hash', async () => {
    const { section, project, agency } = await createDraftSection(s);
    const bytes = pdf('招标文件 第一册');
    const res = await upload(section.id, agency, '招标文件（第一册）.pdf', bytes);
    expect(res.status).toBe(201);
    // Files are listed in the order they were uploaded.
    clock.advance(1000);
    expect(res.body).toMatchObject({ name: '招标文件（第一册）.pdf', size: bytes.length, sha256: sha256(bytes), status: 'DRAFT', publishedVersion: null });
    const drawings = await upload(section.id, agency, '施工图.zip', Buffer.from('PK\u0003\u0004 drawings'));
    clock.advance(-1000);
    const removed = await upload(section.id, agency, '作废.docx', Buffer.from('old draft'));
    expect((await request(app).delete(`/api/documents/${removed.body.id}`).set(as(agency))).status).toBe(204);

    const published = await request(app).post(`/api/projects/${project.id}/publish`).set(as(agency));
    expect(published.status).toBe(200);
    const listed = await request(app).get(`/api/sections/${section.id}/documents`).set(as(agency));
    expect(listed.body.items.map((d: { name: string; status: string; publishedVersion: number }) => [d.name, d.status, d.publishedVersion])).toEqual([
      ['招标文件（第一册）.pdf', 'CURRENT', 1],
      ['施工图.zip', 'CURRENT', 1],
    ]);
    const frozen = await request(app).delete(`/api/documents/${res.body.id}`).set(as(agency));
    expect([frozen.status, frozen.body.error.code]).toEqual([409, 'INVALID_STATE']);

    const events = await s.prisma.auditEvent.findMany({ where: { OR: [{ subjectId: section.id }, { subjectId: project.id }] }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['project.created', 'section.created', 'tender_document.uploaded', 'tender_document.uploaded', 'tender_document.uploaded', 'tender_document.removed', 'project.published']);
    expect((events.at(-1)!.data as { sections: { documents: unknown[] }[] }).sections[0]!.documents).toEqual([
      { id: res.body.id, name: '招标文件（第一册）.pdf', sha256: sha256(bytes), size: bytes.length },
      { id: drawings.body.id, name: '施工图.zip', sha256: drawings.body.sha256, size: drawings.body.size },
    ]);

    // The public sees names, sizes and hashes, never the files.
    const announcement = await request(app).get(`/api/portal/announcements/${project.id}`);
    expect(announcement.body.sections[0].documents).toEqual([
      { id: res.body.id, name: '招标文件（第一册）.pdf', size: bytes.length, sha256: sha256(bytes), publishedVersion: 1 },
      { id: drawings.body.id, name: '施工图.zip', size: drawings.body.size, sha256: drawings.body.sha256, publishedVersion: 1 },
    ]);
    expect((await request(app).get(`/api/documents/${res.body.id}/file`)).status).toBe(401);
  });

  it('go to registered bidders only, with their hash, and only once they registered', async () => {
    const { section, agency } = await createBiddingSection(s);
    const bidder = await createTestUser(s, { role: 'BIDDER' });
    const bytes = pdf('补充条款');
    const staged = await upload(section.id, agency, '补充条款.pdf', bytes);
    await request(app).post(`/api/sections/${section.id}/amendments`).set(as(agency)).send({ reason: '补充条款', documents: { add: [staged.body.id] } });

    expect((await request(app).get(`/api/sections/${section.id}/documents`).set(as(bidder))).body.error.code).toBe('NOT_REGISTERED');
    const refused = await download(staged.body.id, bidder);
    expect([refused.status, JSON.parse(refused.body.toString()).error.code]).toEqual([403, 'NOT_REGISTERED']);

    await register(section.id, bidder);
    const listed = await request(app).get(`/api/sections/${section.id}/documents`).set(as(bidder));
    expect(listed.body.items).toEqual([expect.objectContaining({ id: staged.body.id, sha256: sha256(bytes), status: 'CURRENT', publishedVersion: 2 })]);
    const got = await download(staged.body.id, bidder);
    expect(got.status).toBe(200);
    expect(sha256(got.body)).toBe(sha256(bytes));
    expect(got.headers['x-content-sha256']).toBe(sha256(bytes));
    expect(got.headers['content-disposition']).toContain("filename*=UTF-8''%E8%A1%A5%E5%85%85%E6%9D%A1%E6%AC%BE.pdf");
    expect(got.headers['cache-control']).toBe('private, no-store');
    const part = await request(app).get(`/api/documents/${staged.body.id}/file`).set(as(bidder)).set('Range', 'bytes=0-7').buffer(true);
    expect([part.status, part.headers['content-range']]).toEqual([206, `bytes 0-7/${bytes.length}`]);
  });

  it('change after publication only through an amendment, which records old and new hashes and tells registered bidders', async () => {
    const { section, agency, project } = await createBiddingSection(s);
    const first = pdf('第一版');
    const original = await upload(section.id, agency, '招标文件.pdf', first);
    clock.advance(1000);
    const keep = await upload(section.id, agency, '清单.xlsx', Buffer.from('bill of quantities'));
    clock.advance(-1000);
    expect([original.body.status, keep.body.status]).toEqual(['STAGED', 'STAGED']);
    const bidder = await createTestUser(s, { role: 'BIDDER' });
    await register(section.id, bidder);
    // Staged files are the agency's alone until an amendment publishes them.
    expect((await request(app).get(`/api/sections/${section.id}/documents`).set(as(bidder))).body.items).toEqual([]);
    expect((await download(original.body.id, bidder)).status).toBe(404);
    expect((await request(app).get(`/api/portal/announcements/${project.id}`)).body.sections[0].documents).toEqual([]);
    const v2 = await request(app).post(`/api/sections/${section.id}/amendments`).set(as(agency)).send({ reason: '发布招标文件', documents: { add: [original.body.id, keep.body.id] } });
    expect(v2.status).toBe(201);

    const second = pdf('第二版');
    const replacement = await upload(section.id, agency, '招标文件.pdf', second);
    const delivered: unknown[] = [];
    s.events.on('notification', (e) => delivered.push(e));
    const v3 = await request(app)
      .post(`/api/sections/${section.id}/amendments`)
      .set(as(agency))
      .send({ reason: '更正招标文件', documents: { replace: [{ documentId: original.body.id, withId: replacement.body.id }], remove: [keep.body.id] } });
    expect(v3.status).toBe(201);
    expect(v3.body).toMatchObject({ version: 3, changes: { documents: { from: [{ id: original.body.id, sha256: sha256(first) }, { id: keep.body.id }], to: [{ id: replacement.body.id, sha256: sha256(second) }] } } });
    expect(delivered).toEqual([{ orgIds: [bidder.org!.id], notification: expect.objectContaining({ kind: 'AMENDMENT_PUBLISHED', data: expect.objectContaining({ version: 3, fields: [], documents: true }) }) }]);

    const listed = await request(app).get(`/api/sections/${section.id}/documents`).set(as(bidder));
    expect(listed.body.items.map((d: { id: string; status: string; publishedVersion: number; supersededVersion: number | null; replacesId: string | null }) => [d.id, d.status, d.publishedVersion, d.supersededVersion, d.replacesId])).toEqual([
      [original.body.id, 'SUPERSEDED', 2, 3, null],
      [keep.body.id, 'SUPERSEDED', 2, 3, null],
      [replacement.body.id, 'CURRENT', 3, null, original.body.id],
    ]);
    expect((await request(app).get(`/api/portal/announcements/${project.id}`)).body.sections[0].documents.map((d: { id: string }) => d.id)).toEqual([replacement.body.id]);
    const event = await s.prisma.auditEvent.findFirstOrThrow({ where: { action: 'section.amended', subjectId: section.id, data: { path: ['version'], equals: 3 } } });
    expect(JSON.stringify(event.data)).toContain(sha256(second));

    // The same amendment again finds its files no longer staged or current, and publishes nothing.
    const replay = await request(app)
      .post(`/api/sections/${section.id}/amendments`)
      .set(as(agency))
      .send({ reason: '更正招标文件', documents: { replace: [{ documentId: original.body.id, withId: replacement.body.id }] } });
    expect([replay.status, replay.body.error.code]).toEqual([409, 'INVALID_STATE']);
    const foreign = await createBiddingSection(s);
    const elsewhere = await upload(foreign.section.id, foreign.agency, '其他.pdf', pdf('其他'));
    const misplaced = await request(app).post(`/api/sections/${section.id}/amendments`).set(as(agency)).send({ reason: '错误的文件', documents: { add: [elsewhere.body.id] } });
    expect(misplaced.body.error.code).toBe('NOT_FOUND');
    expect((await s.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).version).toBe(3);
  });

  it('never leaves a draft file in a published section when an upload and the publication meet', async () => {
    for (let round = 0; round < 4; round++) {
      const { section, project, agency } = await createDraftSection(s);
      const [uploaded, published] = await Promise.all([
        upload(section.id, agency, `招标文件-${round}.pdf`, pdf(`round ${round}`)),
        request(app).post(`/api/projects/${project.id}/publish`).set(as(agency)),
      ]);
      expect([uploaded.status, published.status]).toEqual([201, 200]);
      const stored = await s.prisma.tenderDocument.findUniqueOrThrow({ where: { id: uploaded.body.id } });
      expect([['CURRENT', 1], ['STAGED', null]]).toContainEqual([stored.status, stored.publishedVersion]);
      const recorded = await s.prisma.auditEvent.findFirstOrThrow({ where: { action: 'project.published', subjectId: project.id } });
      const listed = (recorded.data as { sections: { documents: { id: string }[] }[] }).sections[0]!.documents.map((d) => d.id);
      expect(listed.includes(stored.id)).toBe(stored.status === 'CURRENT');
    }
  });

  it('refuses bad uploads and changes nothing', async () => {
    const { section, agency } = await createDraftSection(s);
    const other = await createDraftSection(s);
    const count = () => s.prisma.tenderDocument.count({ where: { sectionId: section.id } });
    const refusals = [
      [await upload(section.id, agency, 'setup.exe', Buffer.from('MZ')), 415, 'DOCUMENT_TYPE_REFUSED'],
      [await upload(section.id, agency, '空文件.pdf', Buffer.alloc(0)), 400, 'EMPTY_FILE'],
      [await upload(section.id, agency, '../招标文件.pdf', pdf('x')), 400, 'VALIDATION_FAILED'],
      [await upload(section.id, other.agency, '招标文件.pdf', pdf('x')), 404, 'NOT_FOUND'],
      [await upload('7d9f0c52-0000-4000-8000-000000000000', agency, '招标文件.pdf', pdf('x')), 404, 'NOT_FOUND'],
      [await upload(section.id, other.tenderer, '招标文件.pdf', pdf('x')), 403, 'FORBIDDEN'],
      [await upload(section.id, await createTestUser(s, { role: 'BIDDER' }), '招标文件.pdf', pdf('x')), 403, 'FORBIDDEN'],
    ] as const;
    expect(refusals.map(([res]) => [res.status, res.body.error.code])).toEqual(refusals.map(([, status, code]) => [status, code]));
    const declaredTooLarge = await request(app)
      .post(`/api/sections/${section.id}/documents`)
      .query({ name: '图纸.zip' })
      .set(as(agency))
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Length', String(MAX_TENDER_DOCUMENT_BYTES + 1))
      .send(Buffer.alloc(16));
    expect([declaredTooLarge.status, declaredTooLarge.body.error?.code]).toEqual([413, 'DOCUMENT_TOO_LARGE']);
    expect(await count()).toBe(0);

    const kept = await upload(section.id, agency, '招标文件.pdf', pdf('x'));
    expect((await request(app).delete(`/api/documents/${kept.body.id}`).set(as(other.agency))).body.error.code).toBe('NOT_FOUND');
    expect(await count()).toBe(1);
  });

  it('cuts off a file sent without a length at the size limit, leaving nothing behind', async () => {
    const { section, auth } = await createDraftSection(s);
    const deps = { prisma: s.prisma, clock: s.clock, sealer: s.bids.sealer, blobs: s.bids.blobs, maxBytes: 1024 };
    const endless = Readable.from((function* () {
      for (let i = 0; i < 8; i++) yield Buffer.alloc(256, i);
    })());
    await expect(uploadDocument(deps, auth, section.id, '图纸.zip', endless)).rejects.toMatchObject({ code: 'DOCUMENT_TOO_LARGE', details: { maxBytes: 1024 } });
    const exact = await uploadDocument(deps, auth, section.id, '图纸.zip', Readable.from([Buffer.alloc(1024, 1)]));
    expect(exact.size).toBe(1024);
    expect(await s.prisma.tenderDocument.count({ where: { sectionId: section.id } })).toBe(1);
  });

  it('holds at most the set number of files per section, and none after the deadline', async () => {
    const { section, agency } = await createBiddingSection(s);
    await s.prisma.tenderDocument.createMany({
      data: Array.from({ length: MAX_DOCUMENTS_PER_SECTION }, (_, i) => ({
        sectionId: section.id,
        name: `第${i + 1}册.pdf`,
        sha256: sha256(Buffer.from(String(i))),
        size: 1n,
        status: 'CURRENT' as const,
        publishedVersion: 1,
        uploadedById: agency.user.id,
        uploadedAt: clock.now(),
      })),
    });
    expect((await upload(section.id, agency, '再一册.pdf', pdf('x'))).body.error.code).toBe('TOO_MANY_DOCUMENTS');
    const { section: late, agency: lateAgency } = await createBiddingSection(s);
    clock.advance(3_600_000);
    try {
      expect((await upload(late.id, lateAgency, '迟到.pdf', pdf('x'))).body.error.code).toBe('DEADLINE_PASSED');
    } finally {
      clock.advance(-3_600_000);
    }
  });

  it('lets the tenderer and supervisors read the documents but not the staged ones, and hides them from other agencies', async () => {
    const { section, agency, tenderer } = await createBiddingSection(s);
    const staged = await upload(section.id, agency, '待发布.pdf', pdf('staged'));
    const supervisor = await createTestUser(s, { role: 'SUPERVISOR' });
    for (const who of [tenderer, supervisor]) {
      expect((await request(app).get(`/api/sections/${section.id}/documents`).set(as(who))).body.items).toEqual([]);
      expect((await download(staged.body.id, who)).status).toBe(404);
    }
    expect((await download(staged.body.id, agency)).status).toBe(200);
    const stranger = await createTestUser(s, { role: 'AGENCY' });
    expect((await request(app).get(`/api/sections/${section.id}/documents`).set(as(stranger))).body.error.code).toBe('NOT_FOUND');
    expect((await download(staged.body.id, stranger)).status).toBe(404);
  });
});
