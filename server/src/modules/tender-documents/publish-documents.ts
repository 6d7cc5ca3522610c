import type { TDocumentChangeEntry, ZDocumentChanges } from '@bidhall/contracts';
import type { Prisma, TenderDocument } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import { toChangeEntry } from './document-views';

/** Publication of the announcement: every draft section's documents become its current ones (version 1), and are frozen from then on. */
export async function publishDraftDocuments(tx: Prisma.TransactionClient, sectionIds: string[]): Promise<Map<string, TDocumentChangeEntry[]>> {
  const drafts = await tx.tenderDocument.findMany({ where: { sectionId: { in: sectionIds }, status: 'DRAFT' }, orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }] });
  await tx.tenderDocument.updateMany({ where: { id: { in: drafts.map((d) => d.id) } }, data: { status: 'CURRENT', publishedVersion: 1 } });
  const bySection = new Map<string, TDocumentChangeEntry[]>(sectionIds.map((id) => [id, []]));
  for (const d of drafts) bySection.get(d.sectionId)!.push(toChangeEntry(d));
  return bySection;
}

type Changes = z.output<typeof ZDocumentChanges>;

/**
 * The tender documents an amendment publishes as version `version`, under the section's lock:
 * staged files become current (in place of the files they replace), replaced and withdrawn files
 * are superseded. Returns what the amendment records — the files before (`from`) and after (`to`),
 * with their hashes — or null when it touches no document.
 */
export async function applyDocumentChanges(tx: Prisma.TransactionClient, sectionId: string, version: number, changes: Changes): Promise<{ from: TDocumentChangeEntry[]; to: TDocumentChangeEntry[] } | null> {
  const incoming = [...changes.add, ...changes.replace.map((r) => r.withId)];
  const outgoing = [...changes.replace.map((r) => r.documentId), ...changes.remove];
  if (incoming.length + outgoing.length === 0) return null;
  const rows = await tx.tenderDocument.findMany({ where: { id: { in: [...incoming, ...outgoing] }, sectionId } });
  const byId = new Map(rows.map((d) => [d.id, d]));
  const expect = (ids: string[], status: TenderDocument['status'], what: string) =>
    ids.map((id) => {
      const document = byId.get(id);
      if (!document) throw AppError.notFound('document');
      if (document.status !== status) throw AppError.invalidState(`${what} must be ${status.toLowerCase()}`, { documentId: id, status: document.status });
      return document;
    });
  const added = expect(incoming, 'STAGED', 'a document the amendment publishes');
  const removed = expect(outgoing, 'CURRENT', 'a document the amendment replaces or withdraws');

  await tx.tenderDocument.updateMany({ where: { id: { in: changes.add } }, data: { status: 'CURRENT', publishedVersion: version } });
  for (const { documentId, withId } of changes.replace) {
    await tx.tenderDocument.update({ where: { id: withId }, data: { status: 'CURRENT', publishedVersion: version, replacesId: documentId } });
  }
  await tx.tenderDocument.updateMany({ where: { id: { in: outgoing } }, data: { status: 'SUPERSEDED', supersededVersion: version } });
  return { from: removed.map(toChangeEntry), to: added.map(toChangeEntry) };
}
