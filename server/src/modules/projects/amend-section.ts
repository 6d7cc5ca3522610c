import type { TAmendment, ZAmendmentBody } from '@bidhall/contracts';
import type { Prisma, PrismaClient } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { EventBus } from '../../lib/events';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import type { Sealer } from '../bids/sealing';
import { openingTimes } from '../opening/timeline';
import { applyDocumentChanges } from '../tender-documents/publish-documents';
import { notificationOfAmendment } from './notifications';
import { lockSection, visibleProjects } from './project-access';
import { registrantsOf } from './registrations';
import { assertSectionRules } from './section-rules';
import { toAmendmentView, toSectionView } from './views';

type Body = z.output<typeof ZAmendmentBody>;
type Changes = Body['changes'];

export interface AmendDeps {
  prisma: PrismaClient;
  events: EventBus;
  sealer: Sealer;
  now: Date;
}

/** What a caller publishing its own kind of clarification (answers to questions) does in the amendment's transaction. */
export type AlongsideAmendment = (tx: Prisma.TransactionClient, amendment: { sectionId: string; version: number }) => Promise<void>;

/**
 * Publishes a clarification or amendment (澄清 · 修改) as the section's next version. Only the
 * fields that really change are recorded, with their old and new values, and so are the tender
 * document files it publishes, replaces or withdraws, with their hashes. Registered bidders are
 * told; the agency never learns who they are, and nothing written says so either.
 */
export async function amendSection(deps: AmendDeps, auth: AuthContext, sectionId: string, body: Body, alongside?: AlongsideAmendment): Promise<TAmendment> {
  const { now } = deps;
  const amendment = await deps.prisma.$transaction(async (tx) => {
    const visible = await tx.section.findFirst({ where: { id: sectionId, project: { ...visibleProjects(auth), agencyOrgId: auth.orgId ?? '' } }, select: { id: true } });
    if (!visible) throw AppError.notFound('section');
    // Two amendments at once would both take the next version.
    await lockSection(tx, sectionId);
    const section = await tx.section.findUniqueOrThrow({ where: { id: sectionId } });
    if (section.status !== 'PUBLISHED') throw AppError.invalidState('only a published section can be amended');
    if (now >= section.bidDeadline) throw new AppError('DEADLINE_PASSED', 'the bid deadline has passed; the section can no longer be amended');
    const before = toSectionView(section, now) as unknown as Record<string, unknown>;
    const changed = Object.entries(body.changes as Changes).filter(([field, value]) => JSON.stringify(before[field]) !== JSON.stringify(value));
    const touchesDocuments = body.documents ? body.documents.add.length + body.documents.replace.length + body.documents.remove.length > 0 : false;
    if (changed.length === 0 && !body.clarification && !touchesDocuments) throw new AppError('VALIDATION_FAILED', 'the amendment changes nothing');
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
    const changes: Record<string, { from: unknown; to: unknown }> = Object.fromEntries(changed.map(([field, to]) => [field, { from: before[field] ?? null, to: to ?? null }]));
    const documents = body.documents ? await applyDocumentChanges(tx, sectionId, version, body.documents) : null;
    if (documents) changes.documents = documents;
    await alongside?.(tx, { sectionId, version });
    const created = await tx.amendment.create({
      data: { sectionId, version, reason: body.reason, clarification: body.clarification, changes: changes as Prisma.InputJsonObject, publishedAt: now, publishedById: auth.userId },
    });
    await appendAudit(
      tx,
      { actor: { id: auth.userId, orgId: auth.orgId }, action: 'section.amended', subjectType: 'section', subjectId: sectionId, data: { version, reason: body.reason, changes } },
      now,
    );
    return created;
  });
  await notifyRegistrants(deps, amendment);
  return toAmendmentView(amendment);
}

/**
 * Tells the section's registered bidders, live, once the amendment is committed. Nothing is
 * written: their notification lists derive from their registrations. Finding them costs one
 * indexed lookup per 64 registrations of this section, whatever the platform holds besides.
 */
async function notifyRegistrants(deps: AmendDeps, amendment: { id: string; sectionId: string; publishedAt: Date }): Promise<void> {
  const orgIds = (await registrantsOf(deps.prisma, deps.sealer, amendment.sectionId)).filter((r) => r.registeredAt <= amendment.publishedAt).map((r) => r.orgId);
  if (orgIds.length === 0) return;
  deps.events.emit('notification', { orgIds, notification: await notificationOfAmendment(deps.prisma, amendment.id) });
}
