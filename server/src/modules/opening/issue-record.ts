import { randomUUID } from 'node:crypto';
import type { TOpeningEvent } from '@bidhall/contracts';
import type { PrismaClient, SqlDriver } from '@bidhall/db';
import type { Clock } from '../../lib/clock';
import type { ReceiptSigner } from '../../lib/receipt-signer';
import type { BlobStore } from '../bids/blob-store';
import { withOpening } from './opening-store';
import type { OpeningRecordInput } from './record/record-input';
import { renderOpeningRecord } from './record/render-record';

export interface RecordDeps {
  prisma: PrismaClient;
  sql: SqlDriver;
  clock: Clock;
  blobs: BlobStore;
  signer: ReceiptSigner;
  platformName: string;
}

/** What the platform signs for a record: its identity and the hashes of both renderings. */
export const recordStatement = (r: { recordId: string; sectionId: string; htmlSha256: string; pdfSha256: string; keyId: string }) => ({
  recordId: r.recordId,
  sectionId: r.sectionId,
  htmlSha256: r.htmlSha256,
  pdfSha256: r.pdfSha256,
  keyId: r.keyId,
});

async function recordInput(prisma: PrismaClient, sectionId: string, recordId: string, platformName: string, generatedAt: Date): Promise<OpeningRecordInput> {
  const o = await prisma.opening.findUniqueOrThrow({
    where: { sectionId },
    include: {
      section: { include: { project: { include: { tenderer: true, agency: true } } } },
      participants: { orderBy: { order: 'asc' } },
      objections: { orderBy: { raisedAt: 'asc' } },
    },
  });
  const orgs = new Map(
    (await prisma.organization.findMany({ where: { id: { in: [...o.participants.map((p) => p.bidderOrgId), ...o.objections.map((x) => x.bidderOrgId)] } } })).map((org) => [org.id, org]),
  );
  const started = await prisma.openingEvent.findFirst({ where: { sectionId, type: 'STATE_CHANGED', data: { path: ['to'], equals: 'DECRYPTING' } } });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const s = o.section;
  return {
    platformName,
    project: { code: s.project.code, name: s.project.name, tendererName: s.project.tenderer.name, agencyName: s.project.agency.name },
    section: {
      code: s.code,
      name: s.name,
      estimatedPrice: s.estimatedPrice.toFixed(2),
      ceilingPrice: s.ceilingPrice?.toFixed(2) ?? null,
      bondAmount: s.bondAmount.toFixed(2),
      bidDeadline: s.bidDeadline.toISOString(),
      openingFormFields: s.openingFormFields as unknown as OpeningRecordInput['section']['openingFormFields'],
    },
    opening: {
      outcome: o.state === 'FAILED' ? 'FAILED' : 'CLOSED',
      startedAt: iso(started?.at ?? null),
      decryptWindowEndsAt: iso(o.decryptEndsAt),
      extension: o.extendedUntil ? { until: o.extendedUntil.toISOString(), reason: o.extensionReason ?? '' } : null,
      confirmWindowEndsAt: iso(o.confirmEndsAt),
      closedAt: (o.closedAt ?? generatedAt).toISOString(),
      failureReason: o.failureReason,
    },
    bids: o.participants.map((p) => ({
      order: p.order,
      bidderName: orgs.get(p.bidderOrgId)?.name ?? '',
      creditCode: orgs.get(p.bidderOrgId)?.creditCode ?? '',
      signedInAt: iso(p.signedInAt),
      decryption: p.decryption,
      failureNote: p.failureNote,
      form: p.decryption === 'DECRYPTED' ? (p.form as Record<string, string | number>) : null,
      bond: { kind: p.bondKind, detail: p.bondDetail },
    })),
    objections: o.objections.map((x) => ({ bidderName: orgs.get(x.bidderOrgId)?.name ?? '', raisedAt: x.raisedAt.toISOString(), text: x.text, answer: x.answer, answeredAt: iso(x.answeredAt) })),
    confirmations:
      o.state === 'FAILED'
        ? []
        : o.participants.map((p) => ({ bidderName: orgs.get(p.bidderOrgId)?.name ?? '', status: p.confirmedAt ? ('CONFIRMED' as const) : ('LAPSED' as const), at: iso(p.confirmedAt) })),
    supervisors: [],
    recordId,
    generatedAt: generatedAt.toISOString(),
  };
}

/**
 * Issues the opening record (开标记录) of a closed or failed opening once: renders HTML and PDF,
 * stores both under their hashes, signs the hashes with the platform key, and appends
 * RECORD_ISSUED (which also puts the hashes into the audit chain).
 */
export async function issueRecord(deps: RecordDeps, sectionId: string): Promise<TOpeningEvent[]> {
  const opening = await deps.prisma.opening.findUnique({ where: { sectionId }, select: { state: true, recordId: true } });
  if (!opening || opening.recordId || (opening.state !== 'CLOSED' && opening.state !== 'FAILED')) return [];
  const recordId = randomUUID();
  const now = deps.clock.now();
  const rendered = await renderOpeningRecord(await recordInput(deps.prisma, sectionId, recordId, deps.platformName, now));
  const [htmlSha256, pdfSha256] = await Promise.all([deps.blobs.put(Buffer.from(rendered.html, 'utf8')), deps.blobs.put(rendered.pdf)]);
  const statement = recordStatement({ recordId, sectionId, htmlSha256, pdfSha256, keyId: deps.signer.keyId });
  const signature = deps.signer.sign(statement);
  const { events } = await withOpening(deps.sql, sectionId, deps.clock, async (o) => {
    if (o.opening.recordId) return;
    await o.update({ recordId, recordHtmlSha256: htmlSha256, recordPdfSha256: pdfSha256, recordKeyId: deps.signer.keyId, recordSignature: signature });
    o.emit('RECORD_ISSUED', { ...statement, signature });
  });
  return events;
}
