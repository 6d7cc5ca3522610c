import { AppError } from '../../lib/app-error';
import { renderDocumentPdf } from '../../lib/documents/render-pdf';
import type { AuthContext } from '../../lib/http/auth-context';
import { canonicalText } from '../../lib/receipt-signer';
import type { BidDeps } from './bid-context';
import { myBid } from './my-bid';
import { buildReceiptDocument } from './receipt-document';
import { signedPart } from './receipts';

/**
 * One of the bidder's own receipts as a printable PDF (Chinese text, fonts embedded). Only
 * receipts of the caller's own bids are found; anyone else's receipt id is NOT_FOUND, as is a
 * section the public cannot see.
 */
export async function receiptPdf(deps: BidDeps, auth: AuthContext, sectionId: string, receiptId: string): Promise<{ pdf: Buffer; fileName: string }> {
  const { receipts } = await myBid(deps, auth, sectionId);
  const receipt = receipts.find((r) => r.receiptId === receiptId);
  if (!receipt) throw AppError.notFound('receipt');
  const [section, bidder] = await Promise.all([
    deps.prisma.section.findUniqueOrThrow({ where: { id: sectionId }, select: { code: true, name: true, project: { select: { code: true, name: true } } } }),
    deps.prisma.organization.findUniqueOrThrow({ where: { id: receipt.bidderOrgId }, select: { name: true, creditCode: true } }),
  ]);
  const doc = buildReceiptDocument({
    platformName: deps.platformName,
    project: section.project,
    section: { code: section.code, name: section.name },
    bidder,
    receipt,
    platformKey: { keyId: deps.signer.keyId, x: deps.signer.publicJwk.x },
    signedText: canonicalText(signedPart(receipt)),
  });
  const pdf = await renderDocumentPdf(doc, {
    title: `${doc.title} ${receipt.receiptId}`,
    author: deps.platformName,
    subject: `${section.project.name} ${section.name}`,
    createdAt: new Date(receipt.serverTime),
  });
  return { pdf, fileName: `bidhall-receipt-${receipt.kind.toLowerCase()}-${receipt.receiptId}.pdf` };
}
