import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';

export type OpeningRole = 'HOST' | 'BIDDER' | 'OBSERVER';

/** What deciding a role needs of an opening, with its timings so that a due transition shows. */
export function findOpeningAccess(prisma: PrismaClient, sectionId: string) {
  return prisma.opening.findUnique({
    where: { sectionId },
    select: {
      sectionId: true,
      state: true,
      signInAt: true,
      deadlineAt: true,
      autoStartAt: true,
      decryptEndsAt: true,
      extendedUntil: true,
      confirmEndsAt: true,
      section: { select: { project: { select: { agencyOrgId: true, tendererOrgId: true } } } },
    },
  });
}
export type OpeningAccess = NonNullable<Awaited<ReturnType<typeof findOpeningAccess>>>;

/**
 * Who someone is in an opening hall: the project's agency hosts; its tenderer, supervisors and
 * administrators watch; bidders take part — any bidder before the deadline (nobody may learn who
 * bid), afterwards only those whose bids stood at the deadline. Everyone else finds no opening.
 */
export async function roleInOpening(prisma: PrismaClient, opening: OpeningAccess | null, auth: AuthContext): Promise<OpeningRole> {
  if (!opening) throw AppError.notFound('opening');
  const { agencyOrgId, tendererOrgId } = opening.section.project;
  switch (auth.role) {
    case 'AGENCY':
      if (auth.orgId === agencyOrgId) return 'HOST';
      break;
    case 'TENDERER':
      if (auth.orgId === tendererOrgId) return 'OBSERVER';
      break;
    case 'SUPERVISOR':
    case 'ADMIN':
      return 'OBSERVER';
    case 'BIDDER': {
      if (opening.state === 'SCHEDULED' || opening.state === 'SIGN_IN') return 'BIDDER';
      const participant = await prisma.openingParticipant.findUnique({ where: { sectionId_bidderOrgId: { sectionId: opening.sectionId, bidderOrgId: auth.orgId ?? '' } }, select: { order: true } });
      if (participant) return 'BIDDER';
      break;
    }
    default:
      throw AppError.forbidden();
  }
  throw AppError.notFound('opening');
}

export function requireRole(role: OpeningRole, wanted: OpeningRole): void {
  if (role !== wanted) throw AppError.forbidden(wanted === 'HOST' ? 'only the host may do this' : 'only a bidder may do this');
}
