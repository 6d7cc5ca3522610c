import { apiRoutes } from '@bidhall/contracts';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { disableUser, setOrganizationSuspended } from './account-status';
import { decideOrganization } from './decide-organization';
import { toOrganizationReview, toOrganizationView, toUserView } from './views';

export function orgRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.auth;
  const statusDeps = () => ({ prisma: s.prisma, sessions: s.sessions, now: s.clock.now() });
  return [
    bind(r.listOrganizations, async ({ query }) => {
      const orgs = await s.prisma.organization.findMany({
        where: query.status ? { status: query.status } : {},
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 500,
        include: { users: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 1, select: { username: true, displayName: true } } },
      });
      return { items: orgs.map((o) => toOrganizationReview(o, o.users[0] ?? null)) };
    }),
    bind(r.approveOrganization, async ({ params, auth }) =>
      toOrganizationView(await decideOrganization(s.prisma, { orgId: params.orgId, decision: 'approve', admin: auth, now: s.clock.now() })),
    ),
    bind(r.rejectOrganization, async ({ params, body, auth }) =>
      toOrganizationView(
        await decideOrganization(s.prisma, { orgId: params.orgId, decision: 'reject', reason: body.reason, admin: auth, now: s.clock.now() }),
      ),
    ),
    bind(r.suspendOrganization, async ({ params, body, auth }) => toOrganizationView(await setOrganizationSuspended(statusDeps(), auth, params.orgId, true, body.reason))),
    bind(r.reinstateOrganization, async ({ params, body, auth }) => toOrganizationView(await setOrganizationSuspended(statusDeps(), auth, params.orgId, false, body.reason))),
    bind(r.disableUser, async ({ params, body, auth }) => toUserView(await disableUser(statusDeps(), auth, params.userId, body.reason))),
  ];
}
