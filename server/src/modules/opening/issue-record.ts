import { randomUUID } from 'node:crypto';
import type { TOpeningEvent } from '@bidhall/contracts';
import type { PrismaClient, SqlDriver } from '@bidhall/db';
import type { Clock } from '../../lib/clock';
import type { ReceiptSigner } from '../../lib/receipt-signer';
import type { BlobStore } from '../bids/blob-store';
import { withOpening } from './opening-store';
import { gatherRecordInput } from './record/gather-record';
import { renderOpeningRecord } from './record/render-record';

export interface RecordDeps {
  prisma: PrismaClient;
  sql: SqlDriver;
  clock: Clock;
  blobs: BlobStore;
  signer: ReceiptSigner;
  platformName: string;
  /** The hall's audio and video on this node; null where media is switched off. */
  hallMedia?: HallMedia | null;
}

/** What issuing a record needs of the media plane. */
export interface HallMedia {
  /** Ends the hall's audio and video (its room on this node) and resolves once its recordings are filed. */
  end(sectionId: string): Promise<void>;
}

/** What the platform signs for a record: its identity and the hashes of both renderings. */
export const recordStatement = (r: { recordId: string; sectionId: string; htmlSha256: string; pdfSha256: string; keyId: string }) => ({
  recordId: r.recordId,
  sectionId: r.sectionId,
  htmlSha256: r.htmlSha256,
  pdfSha256: r.pdfSha256,
  keyId: r.keyId,
});

/**
 * Issues the opening record (开标记录) of a closed or failed opening once: ends the hall's media
 * so its recordings are complete, renders HTML and PDF,
 * stores both under their hashes, signs the hashes with the platform key, and appends
 * RECORD_ISSUED (which also puts the hashes into the audit chain).
 */
export async function issueRecord(deps: RecordDeps, sectionId: string): Promise<TOpeningEvent[]> {
  const opening = await deps.prisma.opening.findUnique({ where: { sectionId }, select: { state: true, recordId: true } });
  if (!opening || opening.recordId || (opening.state !== 'CLOSED' && opening.state !== 'FAILED')) return [];
  // The hall's video ends with the opening, so that the record can list every recording of it.
  await deps.hallMedia?.end(sectionId);
  const recordId = randomUUID();
  const now = deps.clock.now();
  const rendered = await renderOpeningRecord(await gatherRecordInput(deps.prisma, sectionId, recordId, deps.platformName, now));
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
