import type { TDocumentChangeEntry, TPublicDocument, TTenderDocument } from '@bidhall/contracts';
import type { TenderDocument } from '@bidhall/db';

export const toDocumentView = (d: TenderDocument): TTenderDocument => ({
  id: d.id,
  sectionId: d.sectionId,
  name: d.name,
  size: Number(d.size),
  sha256: d.sha256,
  status: d.status,
  publishedVersion: d.publishedVersion,
  supersededVersion: d.supersededVersion,
  replacesId: d.replacesId,
  uploadedAt: d.uploadedAt.toISOString(),
});

/** A current document as the announcement lists it. */
export const toPublicDocument = (d: TenderDocument): TPublicDocument => ({ id: d.id, name: d.name, size: Number(d.size), sha256: d.sha256, publishedVersion: d.publishedVersion ?? 1 });

/** A document as an amendment or the publication records it. */
export const toChangeEntry = (d: TenderDocument): TDocumentChangeEntry => ({ id: d.id, name: d.name, sha256: d.sha256, size: Number(d.size) });

/** Documents in the order they were published, then uploaded. */
export const documentOrder = [{ publishedVersion: { sort: 'asc', nulls: 'last' } }, { uploadedAt: 'asc' }, { id: 'asc' }] as const;
