import type { TAmendmentNotificationData, ZAmendmentBody } from '@bidhall/contracts';
import type { Prisma, PrismaClient } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { EventBus } from '../../lib/events';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import { visibleProjects } from './project-access';
import { openingTimes } from '../opening/timeline';
import { assertSectionRules } from './section-rules';
import { toAmendmentView, toNotificationView, toSectionView } from './views';

type Changes = z.output<typeof ZAmendmentBody>['changes'];

/**
 * Publishes a clarification or amendment (澄清 · 修改) as the section's next version. Only the
 * fields that really change are recorded, with their old and new values. Registered bidders are
 * notified; a moved deadline is notified as such. The agency never learns who was notified.
 */
export async function amendSection(
  deps: { prisma: PrismaClient; events: EventBus; now: Date },
  auth: AuthContext,
  sectionId: string,
  body: z.output<typeof ZAmendmentBody>,
) {
  const { now } = deps;
  const result = await deps.prisma.$transaction(async (tx) => {
    const section = await tx.section.findFirst({
      where: { id: sectionId, project: { ...visibleProjects(auth), agencyOrgId: auth.orgId ?? '' } },
      include: { project: { select: { id: true, code: true, name: true } } },
    });
    if (!section) throw AppError.notFound('section');
    if (section.status !== 'PUBLISHED') throw AppError.invalidState('only a published section can be amended');
    if (now >= section.bidDeadline) throw new AppError('DEADLINE_PASSED', 'the bid deadline has passed; the section can no longer be amended');

    const before = toSectionView(section, now) as unknown as Record<string, unknown>;
    const changed = Object.entries(body.changes as Changes).filter(([field, value]) => JSON.stringify(before[field]) !== JSON.stringify(value));
    if (changed.length === 0 && !body.clarification) throw new AppError('VALIDATION_FAILED', 'the amendment changes nothing');
    const next = Object.fromEntries(changed) as Changes;
    if (next.scoringTemplate && next.scoringTemplate.method !== section.evaluationMethod) {
      throw new AppError('VALIDATION_FAILED', 'the scoring template must keep the evaluation method', [{ path: 'changes.scoringTemplate.method', code: 'custom', message: `must be ${section.evaluationMethod}` }]);
    }
    assertSectionRules(
      {
        bondAmount: next.bondAmount ?? section.bondAmount.toFixed(2),
        estimatedPrice: section.estimatedPrice.toFixed(2),
        bidDeadline: next.bidDeadline ? new Date(next.bidDeadline) : section.bidDeadline,
      },
      now,
    );

    const version = section.version + 1;
    const updated = await tx.section.update({
      where: { id: sectionId },
      data: {
        ...next,
        ...(next.bidDeadline ? { bidDeadline: new Date(next.bidDeadline) } : {}),
        ...(next.scoringTemplate ? { scoringTemplate: next.scoringTemplate as Prisma.InputJsonObject } : {}),
        ...(next.openingFormFields ? { openingFormFields: next.openingFormFields as Prisma.InputJsonArray } : {}),
        version,
      },
    });
    await tx.opening.updateMany({ where: { sectionId, state: { in: ['SCHEDULED', 'SIGN_IN'] } }, data: openingTimes(updated) });
    const changes = Object.fromEntries(changed.map(([field, to]) => [field, { from: before[field] ?? null, to: to ?? null }]));
    const amendment = await tx.amendment.create({
      data: { sectionId, version, reason: body.reason, clarification: body.clarification, changes: changes as Prisma.InputJsonObject, publishedAt: now, publishedById: auth.userId },
    });
    await appendAudit(
      tx,
      { actor: { id: auth.userId, orgId: auth.orgId }, action: 'section.amended', subjectType: 'section', subjectId: sectionId, data: { version, reason: body.reason, changes } },
      now,
    );

    const deadlineMoved = 'bidDeadline' in changes;
    const registered = await tx.sectionRegistration.findMany({ where: { sectionId }, select: { bidderOrgId: true } });
    const notification = {
      kind: deadlineMoved ? ('DEADLINE_CHANGED' as const) : ('AMENDMENT_PUBLISHED' as const),
      title: deadlineMoved
        ? `${section.project.name} ${section.name}：发布第 ${version} 版澄清/修改，投标截止时间变更为 ${new Date(next.bidDeadline!).toISOString()}`
        : `${section.project.name} ${section.name}：发布第 ${version} 版澄清/修改`,
      data: {
        projectId: section.project.id,
        projectName: section.project.name,
        sectionId,
        sectionName: section.name,
        version,
        fields: changed.map(([field]) => field as keyof Changes),
        clarified: body.clarification.length > 0,
        ...(deadlineMoved ? { bidDeadline: changes.bidDeadline } : {}),
      } satisfies TAmendmentNotificationData,
      createdAt: now,
    };
    const created = await tx.notification.createManyAndReturn({ data: registered.map((r) => ({ ...notification, orgId: r.bidderOrgId })) });
    return { amendment, created };
  });
  for (const n of result.created) deps.events.emit('notification', { orgIds: [n.orgId], notification: toNotificationView(n) });
  return toAmendmentView(result.amendment);
}
