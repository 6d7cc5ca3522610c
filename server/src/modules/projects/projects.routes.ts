import { apiRoutes } from '@bidhall/contracts';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { amendSection } from './amend-section';
import { addSection, createProject, deleteSection, publishProject, updateProject, updateSection } from './manage-projects';
import { getAnnouncement, searchAnnouncements } from './portal';
import { loadProject, visibleProjects } from './project-access';
import { listNotifications, readNotification } from './notifications';
import { listRegistrations, registerForSection } from './registrations';
import { projectInclude, toProjectView } from './views';

export function projectRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.projects;
  const deps = () => ({ prisma: s.prisma, events: s.events, sealer: s.bids.sealer, now: s.clock.now() });
  const view = <T extends Parameters<typeof toProjectView>[0]>(p: T) => toProjectView(p, s.clock.now());

  return [
    bind(r.create, async ({ auth, body }) => view(await createProject(deps(), auth, body))),
    bind(r.list, async ({ auth, query }) => {
      const where = { ...visibleProjects(auth), ...(query.status ? { status: query.status } : {}) };
      const [total, rows] = await Promise.all([
        s.prisma.project.count({ where }),
        s.prisma.project.findMany({
          where,
          include: projectInclude,
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          skip: (query.page - 1) * query.pageSize,
          take: query.pageSize,
        }),
      ]);
      return { items: rows.map(view), total, page: query.page, pageSize: query.pageSize };
    }),
    bind(r.get, async ({ auth, params }) => view(await loadProject(s.prisma, params.projectId, auth))),
    bind(r.update, async ({ auth, params, body }) => view(await updateProject(deps(), auth, params.projectId, body))),
    bind(r.addSection, async ({ auth, params, body }) => view(await addSection(deps(), auth, params.projectId, body))),
    bind(r.updateSection, async ({ auth, params, body }) => view(await updateSection(deps(), auth, params.sectionId, body))),
    bind(r.deleteSection, async ({ auth, params }) => view(await deleteSection(deps(), auth, params.sectionId))),
    bind(r.publish, async ({ auth, params }) => view(await publishProject(deps(), auth, params.projectId))),
    bind(r.amend, async ({ auth, params, body }) => amendSection({ prisma: s.prisma, events: s.events, sealer: s.bids.sealer, clock: s.clock }, auth, params.sectionId, body)),
    bind(r.portalList, async ({ query }) => searchAnnouncements(s.prisma, query, s.clock.now())),
    bind(r.portalGet, async ({ params }) => getAnnouncement(s.prisma, params.projectId, s.clock.now())),
    bind(r.register, async ({ auth, params }) => registerForSection(deps(), auth.orgId!, params.sectionId)),
    bind(r.myRegistrations, async ({ auth }) => listRegistrations(deps(), auth)),
    bind(r.tenderers, async () => ({
      items: await s.prisma.organization.findMany({
        where: { kind: 'TENDERER', status: 'ACTIVE' },
        select: { id: true, name: true, creditCode: true, regionCode: true },
        orderBy: { name: 'asc' },
      }),
    })),
    bind(r.readNotification, async ({ auth, params }) => readNotification(deps(), auth, params.notificationId, s.clock.now())),
    bind(r.notifications, async ({ auth }) => ({ items: await listNotifications(deps(), auth) })),
  ];
}
