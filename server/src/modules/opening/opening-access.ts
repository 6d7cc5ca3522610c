import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';

export type OpeningRole = 'HOST' | 'BIDDER' | 'OBSERVER';

/**
 * Who someone is in an opening hall: the project's agency hosts; its tenderer, supervisors and
 * administrators watch; bidders take part — any bidder before the deadline (nobody may learn who
 * bid), afterwards only those whose bids stood at the deadline. Everyone else finds no opening.
 */
export async function roleInOpening(prisma: PrismaClient, sectionId: string, auth: AuthContext): Promise<OpeningRole> {
  const opening = await prisma.opening.findUnique({
    where: { sectionId },
    select: { state: true, section: { select: { project: { select: { agencyOrgId: true, tendererOrgId: true } } } } },
  });
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
      const participant = await prisma.openingParticipant.findUnique({ where: { sectionId_bidderOrgId: { sectionId, bidderOrgId: auth.orgId ?? '' } }, select: { order: true } });
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
