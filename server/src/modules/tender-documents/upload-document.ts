import type { IncomingHttpHeaders } from 'node:http';
import { type Readable, Transform } from 'node:stream';
import { documentTypeAllowed, MAX_DOCUMENTS_PER_SECTION, MAX_TENDER_DOCUMENT_BYTES, TENDER_DOCUMENT_EXTENSIONS, type TTenderDocument } from '@bidhall/contracts';
import type { Prisma } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import { lockSection } from '../projects/project-access';
import type { DocumentDeps } from './document-deps';
import { toDocumentView } from './document-views';

const tooLarge = (maxBytes: number) => new AppError('DOCUMENT_TOO_LARGE', `a tender document may have at most ${maxBytes} bytes`, { maxBytes });

/**
 * The status a new file of the agency's own section gets: part of the set while the section is a
 * draft; staged for the next amendment once it is published, until the deadline. Anyone else's
 * section does not exist.
 */
async function uploadStatus(db: Prisma.TransactionClient | DocumentDeps['prisma'], auth: AuthContext, sectionId: string, now: Date) {
  const section = await db.section.findFirst({ where: { id: sectionId, project: { agencyOrgId: auth.orgId ?? '' } }, select: { status: true, bidDeadline: true } });
  if (!section) throw AppError.notFound('section');
  if (section.status === 'DRAFT') return 'DRAFT' as const;
  if (section.status !== 'PUBLISHED' || now >= section.bidDeadline) {
    throw new AppError('DEADLINE_PASSED', 'the bid deadline has passed; the tender documents can no longer change', { bidDeadline: section.bidDeadline.toISOString() });
  }
  return 'STAGED' as const;
}

async function assertRoom(db: Prisma.TransactionClient | DocumentDeps['prisma'], sectionId: string) {
  const held = await db.tenderDocument.count({ where: { sectionId, status: { in: ['DRAFT', 'STAGED', 'CURRENT'] } } });
  if (held >= MAX_DOCUMENTS_PER_SECTION) throw new AppError('TOO_MANY_DOCUMENTS', `a section holds at most ${MAX_DOCUMENTS_PER_SECTION} documents`, { maxDocuments: MAX_DOCUMENTS_PER_SECTION });
}

/**
 * Stores one file of a section's tender documents, streamed to the blob store under its sha-256
 * (nothing is held in memory), and records it: in a draft section's set, or staged for the next
 * amendment of a published one. The checks are made before the bytes are read and again, under
 * the section's lock, before the file is recorded: the project may have been published meanwhile.
 */
export async function uploadDocument(deps: DocumentDeps, auth: AuthContext, sectionId: string, name: string, body: Readable & { headers?: IncomingHttpHeaders }): Promise<TTenderDocument> {
  if (!documentTypeAllowed(name)) throw new AppError('DOCUMENT_TYPE_REFUSED', 'this file type is not accepted for tender documents', { allowed: TENDER_DOCUMENT_EXTENSIONS });
  const maxBytes = deps.maxBytes ?? MAX_TENDER_DOCUMENT_BYTES;
  const declared = Number(body.headers?.['content-length'] ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (declared === 0) throw new AppError('EMPTY_FILE', 'the file is empty');
  await uploadStatus(deps.prisma, auth, sectionId, deps.clock.now());
  await assertRoom(deps.prisma, sectionId);

  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      // A body sent without a length (chunked) is cut off here.
      done(received > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  let stored: { sha256: string; size: number };
  try {
    stored = await deps.blobs.putStream(body, limit);
  } catch (error) {
    throw error instanceof AppError ? error : new AppError('VALIDATION_FAILED', 'the upload was interrupted; send the file again');
  }
  if (stored.size === 0) throw new AppError('EMPTY_FILE', 'the file is empty');

  return deps.prisma.$transaction(async (tx) => {
    const now = deps.clock.now();
    await lockSection(tx, sectionId);
    const status = await uploadStatus(tx, auth, sectionId, now);
    await assertRoom(tx, sectionId);
    const document = await tx.tenderDocument.create({
      data: { sectionId, name, sha256: stored.sha256, size: BigInt(stored.size), status, uploadedById: auth.userId, uploadedAt: now },
    });
    await appendAudit(
      tx,
      {
        actor: { id: auth.userId, orgId: auth.orgId },
        action: 'tender_document.uploaded',
        subjectType: 'section',
        subjectId: sectionId,
        data: { documentId: document.id, name, sha256: stored.sha256, size: stored.size, status },
      },
      now,
    );
    return toDocumentView(document);
  });
}

/** Takes a file out of a draft section's set, or a staged file out of the next amendment; published files change only by amendment. */
export async function removeDocument(deps: DocumentDeps, auth: AuthContext, documentId: string): Promise<void> {
  const found = await deps.prisma.tenderDocument.findFirst({ where: { id: documentId, section: { project: { agencyOrgId: auth.orgId ?? '' } } }, select: { sectionId: true } });
  if (!found) throw AppError.notFound('document');
  await deps.prisma.$transaction(async (tx) => {
    const now = deps.clock.now();
    await lockSection(tx, found.sectionId);
    const document = await tx.tenderDocument.findUnique({ where: { id: documentId } });
    if (!document) throw AppError.notFound('document');
    if (document.status !== 'DRAFT' && document.status !== 'STAGED') throw AppError.invalidState('a published document changes only through an amendment');
    await tx.tenderDocument.delete({ where: { id: documentId } });
    await appendAudit(
      tx,
      { actor: { id: auth.userId, orgId: auth.orgId }, action: 'tender_document.removed', subjectType: 'section', subjectId: document.sectionId, data: { documentId, name: document.name, sha256: document.sha256 } },
      now,
    );
  });
}
