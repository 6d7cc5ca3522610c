import path from 'node:path';
import type { PrismaClient } from '@bidhall/db';
import { PLATFORM_FAULTS } from '../transitions';
import type { OpeningRecordConfirmation, OpeningRecordFailure, OpeningRecordInput } from './record-input';

/** Outcomes after which nothing another key could change: the bid is revoked at once. */
const FINAL_OUTCOMES = new Set(['CORRUPT_ENVELOPE', 'FORM_INVALID']);

/**
 * Which attempt decided a failed bid's fate, as the opening attributed it (see attributePending):
 * a platform-side failure makes it WITHDRAWN; otherwise a final outcome or the last attempt, or
 * none at all, makes it REVOKED.
 */
export function failureOf(decryption: string, attempts: { outcome: string }[]): OpeningRecordFailure | null {
  if (decryption !== 'REVOKED' && decryption !== 'WITHDRAWN') return null;
  const finished = attempts.filter((a) => a.outcome !== 'IN_PROGRESS' && a.outcome !== 'OK');
  const decisive =
    decryption === 'WITHDRAWN'
      ? finished.find((a) => PLATFORM_FAULTS.has(a.outcome))
      : (finished.find((a) => FINAL_OUTCOMES.has(a.outcome)) ?? finished.filter((a) => !PLATFORM_FAULTS.has(a.outcome)).at(-1));
  return { cause: (decisive?.outcome ?? 'NO_ATTEMPT') as OpeningRecordFailure['cause'], attempts: finished.length };
}

/**
 * How a closed opening ended. It closes by itself only once every bidder confirmed or the
 * confirmation time ran out (and no objection is unanswered); a close before the time with
 * bidders unconfirmed can only be the host's.
 */
export function closedBy(o: { closedAt: Date; confirmEndsAt: Date | null }, unconfirmed: number): NonNullable<OpeningRecordInput['opening']['closedBy']> {
  if (unconfirmed === 0) return 'ALL_CONFIRMED';
  return o.confirmEndsAt && o.closedAt < o.confirmEndsAt ? 'HOST' : 'TIME_RAN_OUT';
}

/** Everything the record of a closed or failed opening says, read from the database. */
export async function gatherRecordInput(prisma: PrismaClient, sectionId: string, recordId: string, platformName: string, generatedAt: Date): Promise<OpeningRecordInput> {
  const o = await prisma.opening.findUniqueOrThrow({
    where: { sectionId },
    include: {
      section: { include: { project: { include: { tenderer: true, agency: true } } } },
      participants: { orderBy: { order: 'asc' } },
      objections: { orderBy: { raisedAt: 'asc' } },
      attempts: { orderBy: { at: 'asc' } },
      attendance: { orderBy: [{ firstJoinedAt: 'asc' }, { userId: 'asc' }] },
    },
  });
  const orgs = new Map(
    (await prisma.organization.findMany({ where: { id: { in: [...o.participants.map((p) => p.bidderOrgId), ...o.objections.map((x) => x.bidderOrgId)] } } })).map((org) => [org.id, org]),
  );
  const started = await prisma.openingEvent.findFirst({ where: { sectionId, type: 'STATE_CHANGED', data: { path: ['to'], equals: 'DECRYPTING' } } });
  const recordings = await prisma.recording.findMany({ where: { roomId: `opening:${sectionId}` }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const s = o.section;
  const failed = o.state === 'FAILED';
  const closedAt = o.closedAt ?? generatedAt;
  const ending = failed ? null : closedBy({ closedAt, confirmEndsAt: o.confirmEndsAt }, o.participants.filter((p) => !p.confirmedAt).length);
  const unconfirmed: OpeningRecordConfirmation['status'] = ending === 'HOST' ? 'HOST_CLOSED' : 'TIME_RAN_OUT';
  return {
    platformName,
    project: { code: s.project.code, name: s.project.name, tendererName: s.project.tenderer.name, agencyName: s.project.agency.name },
    section: {
      code: s.code,
      name: s.name,
      estimatedPrice: s.estimatedPrice.toFixed(2),
      ceilingPrice: s.ceilingPrice?.toFixed(2) ?? null,
      bondAmount: s.bondAmount.toFixed(2),
      bidDeadline: s.bidDeadline.toISOString(),
      openingFormFields: s.openingFormFields as unknown as OpeningRecordInput['section']['openingFormFields'],
    },
    opening: {
      outcome: failed ? 'FAILED' : 'CLOSED',
      startedAt: iso(started?.at ?? null),
      decryptWindowEndsAt: iso(o.decryptEndsAt),
      extension: o.extendedUntil ? { until: o.extendedUntil.toISOString(), reason: o.extensionReason ?? '' } : null,
      confirmWindowEndsAt: iso(o.confirmEndsAt),
      closedAt: closedAt.toISOString(),
      closedBy: ending,
      failureReason: o.failureReason,
    },
    bids: o.participants.map((p) => ({
      order: p.order,
      bidderName: orgs.get(p.bidderOrgId)?.name ?? '',
      creditCode: orgs.get(p.bidderOrgId)?.creditCode ?? '',
      signedInAt: iso(p.signedInAt),
      decryption: p.decryption,
      failure: failureOf(p.decryption, o.attempts.filter((a) => a.bidderOrgId === p.bidderOrgId)),
      form: p.decryption === 'DECRYPTED' ? (p.form as Record<string, string | number>) : null,
      bond: { kind: p.bondKind, detail: p.bondDetail },
    })),
    objections: o.objections.map((x) => ({ bidderName: orgs.get(x.bidderOrgId)?.name ?? '', raisedAt: x.raisedAt.toISOString(), text: x.text, answer: x.answer, answeredAt: iso(x.answeredAt) })),
    confirmations: failed
      ? []
      : o.participants.map((p) => ({ bidderName: orgs.get(p.bidderOrgId)?.name ?? '', status: p.confirmedAt ? ('CONFIRMED' as const) : unconfirmed, at: iso(p.confirmedAt) })),
    attendees: o.attendance.map((a) => ({ role: a.role as OpeningRecordInput['attendees'][number]['role'], name: a.name, orgName: a.orgName, at: a.firstJoinedAt.toISOString() })),
    recordings: recordings.map((r) => ({
      file: path.basename(r.file),
      who: r.displayName,
      kinds: r.kind.split('+') as ('audio' | 'video')[],
      startedAt: r.startedAt.toISOString(),
      endedAt: r.endedAt.toISOString(),
      bytes: Number(r.bytes),
      sha256: r.sha256,
    })),
    recordId,
    generatedAt: generatedAt.toISOString(),
  };
}
