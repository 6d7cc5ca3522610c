import { createHash } from 'node:crypto';
import { buildRecordDocument, RECORD_TITLE } from './record-document';
import type { OpeningRecordInput } from './record-input';
import { renderDocumentHtml } from '../../../lib/documents/render-html';
import { renderDocumentPdf } from '../../../lib/documents/render-pdf';

export type { OpeningRecordInput } from './record-input';

export interface RenderedOpeningRecord {
  html: string;
  pdf: Buffer;
  /** Hex digests of the exact bytes served: the HTML as UTF-8, and the PDF. */
  sha256: { html: string; pdf: string };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * The opening record (开标记录) as a printable HTML page and an A4 PDF. The same input always
 * gives the same bytes, so a record's hashes can be recomputed by anyone holding its input.
 */
export async function renderOpeningRecord(input: OpeningRecordInput): Promise<RenderedOpeningRecord> {
  const createdAt = new Date(input.generatedAt);
  if (Number.isNaN(createdAt.getTime())) throw new RangeError(`generatedAt is not an ISO 8601 time: ${JSON.stringify(input.generatedAt)}`);
  const doc = buildRecordDocument(input);
  const html = renderDocumentHtml(doc);
  const pdf = await renderDocumentPdf(doc, {
    title: `${RECORD_TITLE} ${input.project.code} ${input.section.code}`,
    author: input.platformName,
    subject: `${input.project.name} ${input.section.name}`,
    createdAt,
  });
  return { html, pdf, sha256: { html: sha256(html), pdf: sha256(pdf) } };
}
