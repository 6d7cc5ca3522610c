import { pipeline } from 'node:stream/promises';
import { apiRoutes, type TDecryptionAttempt } from '@bidhall/contracts';
import type { Response } from 'express';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';

export function openingRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.opening;
  return [
    bind(r.view, async ({ auth, params }) => s.openings.view(auth, params.sectionId)),
    bind(r.attempts, async ({ auth, params }) => {
      const role = await s.openings.roleOf(params.sectionId, auth);
      if (role === 'BIDDER') throw AppError.forbidden();
      const opening = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: params.sectionId }, select: { state: true } });
      // Before the deadline there are no attempts, and the list would only tell who meant to bid.
      if (opening.state === 'SCHEDULED' || opening.state === 'SIGN_IN') return { items: [] };
      const attempts = await s.prisma.decryptionAttempt.findMany({ where: { sectionId: params.sectionId }, orderBy: { at: 'asc' } });
      return {
        items: attempts.map((a) => ({
          id: a.id,
          bidderOrgId: a.bidderOrgId,
          at: a.at.toISOString(),
          source: a.source as TDecryptionAttempt['source'],
          outcome: a.outcome as TDecryptionAttempt['outcome'],
          detail: a.detail,
        })),
      };
    }),
    bind(r.recordHtml, async ({ auth, params, res }) => sendRecord(s, auth, params.sectionId, 'html', res)),
    bind(r.recordPdf, async ({ auth, params, res }) => sendRecord(s, auth, params.sectionId, 'pdf', res)),
  ];
}

/** Anyone who may see the opening may download its record once issued; the signature travels in headers. */
async function sendRecord(s: Services, auth: AuthContext, sectionId: string, format: 'html' | 'pdf', res: Response): Promise<void> {
  await s.openings.roleOf(sectionId, auth);
  const o = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId } });
  const sha256 = format === 'html' ? o.recordHtmlSha256 : o.recordPdfSha256;
  if (!o.recordId || !sha256) throw AppError.notFound('opening record');
  res.setHeader('Content-Type', format === 'html' ? 'text/html; charset=utf-8' : 'application/pdf');
  res.setHeader('Content-Disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="opening-record-${o.recordId}.${format}"`);
  res.setHeader('X-Record-Id', o.recordId);
  res.setHeader('X-Record-Sha256', sha256);
  res.setHeader('X-Record-Signature', `keyId=${o.recordKeyId}; sig=${o.recordSignature}`);
  // The record's own policy forbids scripts; the download inherits it.
  if (format === 'html') res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  await pipeline(s.bids.blobs.read(sha256), res);
}
