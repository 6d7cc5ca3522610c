import type { Prisma, PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import { enterDeadlineGate } from '../../lib/deadline-gate';
import { prismaSql } from '../audit/audit-log';
import type { BidDeps } from './bid-context';

/** The section must be open for bids by the server's clock; a draft or unknown section does not exist. */
export async function biddingSection(prisma: PrismaClient | Prisma.TransactionClient, sectionId: string, now: Date) {
  const section = await prisma.section.findFirst({ where: { id: sectionId, status: { not: 'DRAFT' } }, select: { id: true, status: true, bidDeadline: true } });
  if (!section) throw AppError.notFound('section');
  if (section.status !== 'PUBLISHED' || now >= section.bidDeadline) {
    throw new AppError('DEADLINE_PASSED', 'the bid deadline has passed; bids can no longer be uploaded, changed or withdrawn', { bidDeadline: section.bidDeadline.toISOString() });
  }
  return section;
}

/**
 * Runs a change to which bids count inside the section's deadline gate (lib/deadline-gate): the
 * clock is read once the gate is entered, and that one instant is the deadline check, the
 * receipt's time and the bid's. A change that loses the race with the freeze is DEADLINE_PASSED
 * and leaves everything as it was.
 */
export async function withinDeadline<T>(deps: BidDeps, sectionId: string, fn: (tx: Prisma.TransactionClient, now: Date) => Promise<T>): Promise<T> {
  return deps.prisma.$transaction(async (tx) => {
    await enterDeadlineGate(prismaSql(tx), deps.sealer.deadlineLockKey(sectionId));
    const now = deps.clock.now();
    await biddingSection(tx, sectionId, now);
    await deps.hooks?.insideDeadlineGate?.();
    return fn(tx, now);
  });
}
