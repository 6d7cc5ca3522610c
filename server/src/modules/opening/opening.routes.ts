import { apiRoutes } from '@bidhall/contracts';
import { AppError } from '../../lib/app-error';
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
          source: a.source as 'CLIENT' | 'SERVER',
          outcome: a.outcome as 'OK',
          detail: a.detail,
        })),
      };
    }),
  ];
}
