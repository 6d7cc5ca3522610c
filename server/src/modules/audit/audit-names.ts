import type { TAuditEventView, TAuditRecord } from '@bidhall/contracts';
import type { PrismaClient } from '@bidhall/db';

const unique = (values: (string | null)[]): string[] => [...new Set(values.filter((v): v is string => v !== null))];

/**
 * Names the actors and subjects of audit events for the audit view, as they are named now, with
 * one query per kind of thing for the whole page. Bids are never named: the name would be the
 * bidder's, and until the deadline nobody may learn who bid (《招标投标法》 art. 22).
 */
export async function nameAuditEvents(prisma: PrismaClient, records: TAuditRecord[]): Promise<TAuditEventView[]> {
  const idsOf = (subjectType: string) => unique(records.filter((r) => r.subjectType === subjectType).map((r) => r.subjectId));
  const [users, orgs, projects, sections] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: unique([...records.map((r) => r.actorId), ...idsOf('user')]) } }, select: { id: true, displayName: true } }),
    prisma.organization.findMany({ where: { id: { in: unique([...records.map((r) => r.actorOrgId), ...idsOf('organization')]) } }, select: { id: true, name: true } }),
    prisma.project.findMany({ where: { id: { in: idsOf('project') } }, select: { id: true, code: true, name: true } }),
    prisma.section.findMany({ where: { id: { in: idsOf('section') } }, select: { id: true, code: true, name: true, project: { select: { name: true } } } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.displayName]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const subjectNames: Record<string, Map<string, string>> = {
    user: userName,
    organization: orgName,
    project: new Map(projects.map((p) => [p.id, `${p.code} ${p.name}`])),
    section: new Map(sections.map((s) => [s.id, `${s.project.name} · ${s.code} ${s.name}`])),
  };
  return records.map((record) => ({
    ...record,
    actorName: record.actorId ? (userName.get(record.actorId) ?? null) : null,
    actorOrgName: record.actorOrgId ? (orgName.get(record.actorOrgId) ?? null) : null,
    subjectName: subjectNames[record.subjectType]?.get(record.subjectId) ?? null,
  }));
}
