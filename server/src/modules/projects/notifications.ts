import { type TAmendmentNotificationData, type TNotification, ZSectionChanges } from '@bidhall/contracts';
import type { Amendment, Prisma, PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import type { Sealer } from '../bids/sealing';
import { findRegistration, registrationsOf } from './registrations';

/** The section's fields an amendment may change, in the order of the amendment form. */
const sectionChangeKeys = ZSectionChanges.keyof().options;

/** The newest notifications listed. */
const LIST_LIMIT = 100;

/**
 * Notifications are not stored. A row per registered bidder, written in the amendment's
 * transaction, would tell a database administrator which organizations registered for the
 * section (same transaction, same time). They are derived instead: a bidder's notifications are
 * the public amendments of the sections it registered for, published since it registered; only
 * the fact that one was read is stored, under HMAC(organization, amendment).
 */
export interface NotificationDeps {
  prisma: PrismaClient;
  sealer: Sealer;
}

type AmendmentWithSection = Amendment & { section: { name: string; project: { id: string; name: string } } };
const withSection = { section: { select: { name: true, project: { select: { id: true, name: true } } } } } satisfies Prisma.AmendmentInclude;

const readTag = (sealer: Sealer, orgId: string, amendmentId: string) => sealer.index('notification-read', orgId, amendmentId);

export function toNotification(a: AmendmentWithSection, readAt: Date | null): TNotification {
  const changes = a.changes as Record<string, { from: unknown; to: unknown }>;
  const deadline = changes.bidDeadline;
  const where = `${a.section.project.name} ${a.section.name}`;
  const data: TAmendmentNotificationData = {
    projectId: a.section.project.id,
    projectName: a.section.project.name,
    sectionId: a.sectionId,
    sectionName: a.section.name,
    version: a.version,
    fields: sectionChangeKeys.filter((field) => field in changes),
    documents: 'documents' in changes,
    clarified: a.clarification.length > 0,
  };
  return {
    id: a.id,
    kind: deadline ? 'DEADLINE_CHANGED' : 'AMENDMENT_PUBLISHED',
    title: deadline ? `${where}：发布第 ${a.version} 版澄清/修改，投标截止时间变更为 ${String(deadline.to)}` : `${where}：发布第 ${a.version} 版澄清/修改`,
    data: { ...data, ...(deadline ? { bidDeadline: deadline } : {}) },
    createdAt: a.publishedAt.toISOString(),
    readAt: readAt?.toISOString() ?? null,
  };
}

/** An amendment as its notification, for pushing to the section's registrants once it is published. */
export async function notificationOfAmendment(prisma: PrismaClient, amendmentId: string): Promise<TNotification> {
  return toNotification(await prisma.amendment.findUniqueOrThrow({ where: { id: amendmentId }, include: withSection }), null);
}

export async function listNotifications(deps: NotificationDeps, auth: AuthContext): Promise<TNotification[]> {
  if (!auth.orgId) return [];
  const registrations = await registrationsOf(deps.prisma, deps.sealer, auth.orgId);
  if (registrations.length === 0) return [];
  const since = new Map(registrations.map((r) => [r.sectionId, r.registeredAt]));
  const amendments = (
    await deps.prisma.amendment.findMany({ where: { sectionId: { in: [...since.keys()] } }, include: withSection, orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }] })
  )
    .filter((a) => a.publishedAt >= since.get(a.sectionId)!)
    .slice(0, LIST_LIMIT);
  const tags = new Map(amendments.map((a) => [readTag(deps.sealer, auth.orgId!, a.id), a.id]));
  const reads = await deps.prisma.notificationRead.findMany({ where: { tag: { in: [...tags.keys()] } } });
  const readAt = new Map(reads.map((r) => [tags.get(r.tag)!, r.readAt]));
  return amendments.map((a) => toNotification(a, readAt.get(a.id) ?? null));
}

/** Records that the organization read a notification; the first time counts. */
export async function markRead(tx: PrismaClient | Prisma.TransactionClient, sealer: Sealer, orgId: string, amendmentId: string, at: Date): Promise<Date> {
  const tag = readTag(sealer, orgId, amendmentId);
  // Two reads at once both insert; the first one stands.
  await tx.notificationRead.createMany({ data: [{ tag, readAt: at }], skipDuplicates: true });
  return (await tx.notificationRead.findUniqueOrThrow({ where: { tag } })).readAt;
}

/** A notification the organization never received (not registered then, or someone else's) does not exist. */
export async function readNotification(deps: NotificationDeps, auth: AuthContext, notificationId: string, now: Date): Promise<TNotification> {
  const amendment = await deps.prisma.amendment.findUnique({ where: { id: notificationId }, include: withSection });
  const registration = amendment && auth.orgId ? await findRegistration(deps.prisma, deps.sealer, amendment.sectionId, auth.orgId) : null;
  if (!amendment || !registration || amendment.publishedAt < registration.registeredAt) throw AppError.notFound('notification');
  return toNotification(amendment, await markRead(deps.prisma, deps.sealer, auth.orgId!, amendment.id, now));
}
