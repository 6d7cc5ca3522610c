import type { TAmendment, ZAmendmentBody } from '@bidhall/contracts';
import type { Prisma, PrismaClient } from '@bidhall/db';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { EventBus } from '../../lib/events';
import type { AuthContext } from '../../lib/http/auth-context';
import type { Clock } from '../../lib/clock';
import { appendAudit, prismaSql } from '../audit/audit-log';
import type { Sealer } from '../bids/sealing';
import { onLockedOpening } from '../opening/opening-store';
import { openingTimes } from '../opening/timeline';
import { applyDocumentChanges } from '../tender-documents/publish-documents';
import { notificationOfAmendment } from './notifications';
import { lockSection, visibleProjects } from './project-access';
import { registrantsOf } from './registrations';
import { assertSectionRules } from './section-rules';
import { affectsPreparation, deadlineAfterAmendment } from './time-limits';
import { toAmendmentView, toSectionView } from './views';

type Body = z.output<typeof ZAmendmentBody>;
type Changes = Body['changes'];

export interface AmendDeps {
  prisma: PrismaClient;
  events: EventBus;
  sealer: Sealer;
  clock: Clock;
}

/** What a caller publishing its own kind of clarification (answers to questions) does in the amendment's transaction. */
export type AlongsideAmendment = (tx: Prisma.TransactionClient, amendment: { sectionId: string; version: number; now: Date }) => Promise<void>;

/**
 * Publishes a clarification or amendment (澄清 · 修改) as the section's next version. Only the
 * fields that really change are recorded, with their old and new values, and so are the tender
 * document files it publishes, replaces or withdraws, with their hashes. One that can affect bid
 * preparation, less than 15 days before the deadline of a project that must be tendered by law,
 * moves the deadline to 15 days after it (条例 art. 21). Registered bidders are told; the agency
 * never learns who they are, and nothing written says so either.
 *
 * The opening's row is locked first, as in every opening transaction: the amendment and the
 * freeze at the deadline come one after the other, and the clock is read under that lock. A
 * change of the opening's times is an event of its log, so every hall's countdown moves at once.
 */
export async function amendSection(deps: AmendDeps, auth: AuthContext, sectionId: string, body: Body, alongside?: AlongsideAmendment): Promise<TAmendment> {
  const visible = await deps.prisma.section.findFirst({ where: { id: sectionId, project: { ...visibleProjects(auth), agencyOrgId: auth.orgId ?? '' } }, select: { status: true } });
  if (!visible) throw AppError.notFound('section');
  // A draft has no opening yet, and is edited rather than amended.
  if (visible.status === 'DRAFT') throw AppError.invalidState('only a published section can be amended');
  const { result: amendment, events } = await deps.prisma.$transaction((tx) =>
    onLockedOpening(prismaSql(tx), sectionId, deps.clock, async (o) => {
      const { now } = o;
      // Two amendments at once would both take the next version.
      await lockSection(tx, sectionId);
      const section = await tx.section.findUniqueOrThrow({ where: { id: sectionId }, include: { project: { select: { mandatoryTender: true } } } });
      if (now >= section.bidDeadline || !AMENDABLE.includes(o.opening.state)) throw new AppError('DEADLINE_PASSED', 'the bid deadline has passed; the section can no longer be amended');
      if (section.status !== 'PUBLISHED') throw AppError.invalidState('only a published section can be amended');
      const before = toSectionView(section, now) as unknown as Record<string, unknown>;
      const changed = Object.entries(body.changes as Changes).filter(([field, value]) => JSON.stringify(before[field]) !== JSON.stringify(value));
      const touchesDocuments = body.documents ? body.documents.add.length + body.documents.replace.length + body.documents.remove.length > 0 : false;
      if (changed.length === 0 && !body.clarification && !touchesDocuments) throw new AppError('VALIDATION_FAILED', 'the amendment changes nothing');
      const next = Object.fromEntries(changed) as Changes;
      if (next.scoringTemplate && next.scoringTemplate.method !== section.evaluationMethod) {
        throw new AppError('VALIDATION_FAILED', 'the scoring template must keep the evaluation method', [{ path: 'changes.scoringTemplate.method', code: 'custom', message: `must be ${section.evaluationMethod}` }]);
      }
      const affects = affectsPreparation({ fields: changed.map(([field]) => field), documents: touchesDocuments, clarification: body.clarification, affectsPreparation: body.affectsPreparation });
      const chosen = next.bidDeadline ? new Date(next.bidDeadline) : section.bidDeadline;
      const { deadline, moved } = deadlineAfterAmendment(section.project, chosen, affects, now);
      if (moved) next.bidDeadline = deadline.toISOString();
      assertSectionRules({ bondAmount: next.bondAmount ?? section.bondAmount.toFixed(2), estimatedPrice: section.estimatedPrice.toFixed(2), bidDeadline: deadline }, now);
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
      const times = openingTimes(updated);
      if (times.deadlineAt.getTime() !== o.opening.deadlineAt.getTime() || times.signInAt.getTime() !== o.opening.signInAt.getTime()) {
        await o.update({ signInAt: times.signInAt, deadlineAt: times.deadlineAt, autoStartAt: times.autoStartAt, decryptMinutes: times.decryptMinutes });
        o.emit('TIMES_CHANGED', { version, signInAt: times.signInAt.toISOString(), deadlineAt: times.deadlineAt.toISOString(), autoStartAt: times.autoStartAt.toISOString() }, { id: auth.userId, orgId: auth.orgId });
      } else if (times.decryptMinutes !== o.opening.decryptMinutes) {
        await o.update({ decryptMinutes: times.decryptMinutes });
      }
      const changes: Record<string, { from: unknown; to: unknown; movedByRule?: string }> = Object.fromEntries(
        Object.entries(next).map(([field, to]) => [field, { from: before[field] ?? null, to: to ?? null }]),
      );
      // The record says when the law moved the deadline rather than the agency.
      if (moved) changes.bidDeadline = { ...changes.bidDeadline!, movedByRule: 'AMENDMENT_LEAD_15_DAYS' };
      const documents = body.documents ? await applyDocumentChanges(tx, sectionId, version, body.documents) : null;
      if (documents) changes.documents = documents;
      await alongside?.(tx, { sectionId, version, now });
      const created = await tx.amendment.create({
        data: { sectionId, version, reason: body.reason, clarification: body.clarification, changes: changes as Prisma.InputJsonObject, publishedAt: now, publishedById: auth.userId },
      });
      await appendAudit(
        tx,
        { actor: { id: auth.userId, orgId: auth.orgId }, action: 'section.amended', subjectType: 'section', subjectId: sectionId, data: { version, reason: body.reason, affectsPreparation: affects, changes } },
        now,
      );
      return created;
    }),
  );
  if (events.length) deps.events.emit('opening', events, {});
  await notifyRegistrants(deps, amendment);
  return toAmendmentView(amendment);
}

/** Before the deadline's freeze: once the opening is past SIGN_IN the bids are known and nothing may change. */
const AMENDABLE = ['SCHEDULED', 'SIGN_IN'];

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
