import { roleOfOrgKind } from '@bidhall/contracts';
import { demoExperts, demoOrganizations } from '@bidhall/db';
import { appendAudit } from '../modules/audit/audit-log';
import type { Services } from '../services';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: string;
  organization: string | null;
}

export const demoAccounts = (): DemoAccount[] => [
  ...demoOrganizations.flatMap((o) => o.users.map((u) => ({ ...u, role: roleOfOrgKind[o.kind], organization: o.name }))),
  ...demoExperts.map((e) => ({ ...e, role: 'EXPERT', organization: null })),
];

/**
 * Loads the demo organizations and users into an empty database ('created'), or finds them there
 * from an earlier start ('present'). A database holding anything else is a real one: the demo is
 * 'refused', so that demo accounts with a printed password never reach it. Every account gets
 * the same password, chosen by the caller.
 */
export async function loadDemo(s: Services, password: string): Promise<'created' | 'present' | 'refused'> {
  const marker = demoOrganizations[0]!;
  if (await s.prisma.organization.findUnique({ where: { creditCode: marker.creditCode }, select: { id: true } })) return 'present';
  if ((await s.prisma.organization.count()) > 0 || (await s.prisma.user.count()) > 0) return 'refused';
  const passwordHash = await s.passwords.hash(password);
  const now = s.clock.now();
  await s.prisma.$transaction(async (tx) => {
    for (const o of demoOrganizations) {
      const org = await tx.organization.create({
        data: { name: o.name, kind: o.kind, creditCode: o.creditCode, regionCode: o.regionCode, status: 'ACTIVE', createdAt: now },
      });
      for (const u of o.users) {
        await tx.user.create({ data: { ...u, passwordHash, role: roleOfOrgKind[o.kind], orgId: org.id, createdAt: now } });
      }
    }
    for (const e of demoExperts) await tx.user.create({ data: { ...e, passwordHash, role: 'EXPERT', createdAt: now } });
    await appendAudit(
      tx,
      { actor: null, action: 'demo.loaded', subjectType: 'installation', subjectId: 'demo', data: { organizations: demoOrganizations.length } },
      now,
    );
  });
  return 'created';
}
