import type { TMyBid, TReceipt } from '@bidhall/contracts';
import type { Bid } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import type { BidDeps } from './bid-context';
import { withinDeadline } from './bid-window';
import { issueReceipt } from './receipts';

/** Only a bidder may ask about its own bid; the section must be one the public can see. */
async function identityFor(deps: BidDeps, auth: AuthContext, sectionId: string) {
  const section = await deps.prisma.section.findFirst({ where: { id: sectionId, status: { not: 'DRAFT' } }, select: { id: true, status: true, bidDeadline: true } });
  if (!section || !auth.orgId) throw AppError.notFound('section');
  const identity = { sectionId, orgId: auth.orgId };
  return { section, identity, tag: deps.sealer.tag(identity) };
}

const receiptsOf = (b: Bid, identity: { sectionId: string; orgId: string }): TReceipt[] => {
  const common = { sectionId: identity.sectionId, bidderOrgId: identity.orgId, sha256: b.sha256, size: Number(b.size) };
  const submitted: TReceipt = { ...common, receiptId: b.receiptId, kind: 'SUBMISSION', serverTime: b.submittedAt.toISOString(), keyId: b.receiptKeyId, signature: b.receiptSignature };
  if (!b.withdrawnAt || !b.withdrawalReceiptId) return [submitted];
  return [
    submitted,
    { ...common, receiptId: b.withdrawalReceiptId, kind: 'WITHDRAWAL', serverTime: b.withdrawnAt.toISOString(), keyId: b.withdrawalKeyId!, signature: b.withdrawalSignature! },
  ];
};

export async function myBid(deps: BidDeps, auth: AuthContext, sectionId: string): Promise<TMyBid> {
  const { identity, tag } = await identityFor(deps, auth, sectionId);
  const bids = await deps.prisma.bid.findMany({ where: { tag }, orderBy: { submittedAt: 'asc' } });
  const current = bids.find((b) => b.status === 'SUBMITTED' || b.status === 'OPENED') ?? bids.filter((b) => b.status === 'WITHDRAWN').at(-1) ?? null;
  return {
    bid: current && {
      id: current.id,
      status: current.status === 'SUPERSEDED' ? 'WITHDRAWN' : current.status,
      sha256: current.sha256,
      size: Number(current.size),
      submittedAt: current.submittedAt.toISOString(),
      withdrawnAt: current.withdrawnAt?.toISOString() ?? null,
    },
    receipts: bids.flatMap((b) => receiptsOf(b, identity)).sort((a, b) => a.serverTime.localeCompare(b.serverTime)),
  };
}

/** The bidder's counted bid (before or after the opening), for downloading it back: the self-check and the hall's decryption open it in the browser. */
export async function myCurrentBid(deps: BidDeps, auth: AuthContext, sectionId: string): Promise<Bid> {
  const { tag } = await identityFor(deps, auth, sectionId);
  const bid = await deps.prisma.bid.findFirst({ where: { tag, status: { in: ['SUBMITTED', 'OPENED'] } } });
  if (!bid) throw AppError.notFound('bid');
  return bid;
}

/** Withdraws the bid before the deadline (《招标投标法实施条例》 art. 35); the bond is then due back within 5 days. */
export async function withdrawBid(deps: BidDeps, auth: AuthContext, sectionId: string): Promise<TReceipt> {
  const { identity, tag } = await identityFor(deps, auth, sectionId);
  return withinDeadline(deps, sectionId, async (tx, now) => {
    const bid = await tx.bid.findFirst({ where: { tag, status: 'SUBMITTED' } });
    if (!bid) throw AppError.notFound('bid');
    const receipt = issueReceipt(deps.signer, { kind: 'WITHDRAWAL', sectionId, bidderOrgId: identity.orgId, sha256: bid.sha256, size: Number(bid.size), serverTime: now });
    const done = await tx.bid.updateMany({
      where: { id: bid.id, status: 'SUBMITTED' },
      data: { status: 'WITHDRAWN', withdrawnAt: now, withdrawalReceiptId: receipt.receiptId, withdrawalKeyId: receipt.keyId, withdrawalSignature: receipt.signature },
    });
    if (done.count !== 1) throw AppError.notFound('bid');
    await appendAudit(tx, { actor: null, action: 'bid.withdrawn', subjectType: 'bid', subjectId: bid.id, data: { tag, receiptId: receipt.receiptId } }, now);
    return receipt;
  });
}
