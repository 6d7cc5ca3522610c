import type { TTenderDocument } from '@bidhall/contracts';
import type { TenderDocument } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import { visibleProjects } from '../projects/project-access';
import { requireRegistration } from '../projects/registrations';
import type { DocumentDeps } from './document-deps';
import { documentOrder, toDocumentView } from './document-views';

/** What bidders may have: the files the announcement and its amendments published. */
const PUBLISHED = ['CURRENT', 'SUPERSEDED'] as const;

/**
 * A section's tender documents for the caller. A bidder must have registered for it (after
 * publication), and gets the published files; the agency running it, its tenderer and
 * supervisors get every file but the agency's staged ones, which only the agency sees.
 */
export async function listDocuments(deps: DocumentDeps, auth: AuthContext, sectionId: string): Promise<{ items: TTenderDocument[] }> {
  if (auth.role === 'BIDDER') {
    const section = await deps.prisma.section.findFirst({ where: { id: sectionId, status: { not: 'DRAFT' } }, select: { id: true } });
    if (!section) throw AppError.notFound('section');
    await requireRegistration(deps.prisma, deps.sealer, sectionId, auth.orgId);
    const rows = await deps.prisma.tenderDocument.findMany({ where: { sectionId, status: { in: [...PUBLISHED] } }, orderBy: [...documentOrder] });
    return { items: rows.map(toDocumentView) };
  }
  const section = await deps.prisma.section.findFirst({ where: { id: sectionId, project: visibleProjects(auth) }, select: { project: { select: { agencyOrgId: true } } } });
  if (!section) throw AppError.notFound('section');
  const ownAgency = auth.role === 'AGENCY' && section.project.agencyOrgId === auth.orgId;
  const rows = await deps.prisma.tenderDocument.findMany({ where: { sectionId, ...(ownAgency ? {} : { status: { not: 'STAGED' } }) }, orderBy: [...documentOrder] });
  return { items: rows.map(toDocumentView) };
}

/** Whether a request for the file starts at its first byte: a download, not the resumption of one. */
const startsAtZero = (range: string | undefined) => range === undefined || /^bytes=0-/.test(range.trim());

/**
 * The document a caller may download. A bidder's download is recorded in the audit chain without
 * naming the bidder or the section (supervisors read the chain, and who obtained the documents is
 * secret until the opening, 《招标投标法》 art. 22): the event's subject is the opaque registration,
 * and what was downloaded is sealed for evidence. Resumed transfers (a Range not starting at 0) are
 * not recorded again.
 */
export async function documentForDownload(deps: DocumentDeps, auth: AuthContext, documentId: string, range: string | undefined): Promise<TenderDocument> {
  if (auth.role === 'BIDDER') {
    const document = await deps.prisma.tenderDocument.findFirst({ where: { id: documentId, status: { in: [...PUBLISHED] } } });
    if (!document) throw AppError.notFound('document');
    const registration = await requireRegistration(deps.prisma, deps.sealer, document.sectionId, auth.orgId);
    if (startsAtZero(range)) {
      const now = deps.clock.now();
      const evidence = deps.sealer.sealValue('document-download', { s: document.sectionId, o: registration.orgId, d: document.id, sha256: document.sha256, at: now.toISOString() });
      await deps.prisma.$transaction((tx) =>
        appendAudit(tx, { actor: null, action: 'tender_document.downloaded', subjectType: 'registration', subjectId: registration.id, data: { evidence } }, now),
      );
    }
    return document;
  }
  const document = await deps.prisma.tenderDocument.findFirst({ where: { id: documentId, section: { project: visibleProjects(auth) } } });
  if (!document || (document.status === 'STAGED' && auth.role !== 'AGENCY')) throw AppError.notFound('document');
  return document;
}
