import type { PrismaClient } from '@bidhall/db';
import type { Sealer } from '../bids/sealing';
import { markRead } from './notifications';
import { storeRegistration } from './registrations';

const BATCH = 200;

/**
 * Seals the registrations an earlier version stored in clear (the migration that sealed them
 * could not: the database does not hold the key). Each one becomes a sealed registration, the
 * notifications its bidder had read stay read, and the clear row is deleted in the same
 * transaction, so a crash midway leaves nothing half done. Runs at every start; it finds
 * nothing to do once it has run.
 */
export async function sealLegacyRegistrations(deps: { prisma: PrismaClient; sealer: Sealer }): Promise<number> {
  let sealed = 0;
  for (;;) {
    const rows = await deps.prisma.unsealedRegistration.findMany({ take: BATCH, orderBy: [{ sectionId: 'asc' }, { bidderOrgId: 'asc' }] });
    for (const row of rows) {
      await deps.prisma.$transaction(async (tx) => {
        await storeRegistration(tx, deps.sealer, { sectionId: row.sectionId, orgId: row.bidderOrgId, registeredAt: row.registeredAt });
        const reads = Array.isArray(row.reads) ? (row.reads as { version?: unknown; readAt?: unknown }[]) : [];
        const amendments = await tx.amendment.findMany({
          where: { sectionId: row.sectionId, version: { in: reads.map((r) => Number(r.version)).filter(Number.isInteger) } },
          select: { id: true, version: true },
        });
        for (const amendment of amendments) {
          const readAt = new Date(String(reads.find((r) => Number(r.version) === amendment.version)?.readAt));
          await markRead(tx, deps.sealer, row.bidderOrgId, amendment.id, Number.isNaN(readAt.getTime()) ? row.registeredAt : readAt);
        }
        // Another node starting at the same time may have sealed it already; storing is idempotent, and so is this.
        await tx.unsealedRegistration.deleteMany({ where: { sectionId: row.sectionId, bidderOrgId: row.bidderOrgId } });
      });
      sealed++;
    }
    if (rows.length < BATCH) return sealed;
  }
}
