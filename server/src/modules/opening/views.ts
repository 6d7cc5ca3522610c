import type { TAttendee, TOpeningEvent, TOpeningView, TParticipant } from '@bidhall/contracts';
import type { OpeningEvent, OpeningParticipant, PrismaClient } from '@bidhall/db';
import type { AuthContext } from '../../lib/http/auth-context';
import type { Sealer } from '../bids/sealing';
import type { OpeningRole } from './opening-access';

export const toEventView = (e: OpeningEvent): TOpeningEvent => ({
  sectionId: e.sectionId,
  seq: e.seq,
  at: e.at.toISOString(),
  type: e.type as TOpeningEvent['type'],
  data: e.data as Record<string, unknown>,
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

const namesOf = async (prisma: PrismaClient, ids: string[]) =>
  new Map((await prisma.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((org) => [org.id, org.name]));

function toParticipantView(p: OpeningParticipant, names: Map<string, string>): TParticipant {
  return {
    order: p.order,
    bidderOrgId: p.bidderOrgId,
    bidderName: names.get(p.bidderOrgId) ?? '',
    signedInAt: iso(p.signedInAt),
    decryption: p.decryption,
    failureNote: p.failureNote,
    // A form is public from the moment its bid is announced (唱标), not before.
    form: p.announcedAt && p.decryption === 'DECRYPTED' ? (p.form as Record<string, string | number>) : null,
    bond: { kind: p.bondKind, detail: p.bondDetail },
    announcedAt: iso(p.announcedAt),
    confirmedAt: iso(p.confirmedAt),
  };
}

/** A page of the bidder list by announcement order, as the view shows its first. */
export async function participantsPage(prisma: PrismaClient, sectionId: string, offset: number, pageSize: number) {
  // The log position first: whatever changed the rows after it is in the events that follow it.
  const { lastSeq } = await prisma.opening.findUniqueOrThrow({ where: { sectionId }, select: { lastSeq: true } });
  const [rows, participantCount] = await Promise.all([
    prisma.openingParticipant.findMany({ where: { sectionId }, orderBy: { order: 'asc' }, skip: offset, take: pageSize }),
    prisma.openingParticipant.count({ where: { sectionId } }),
  ]);
  const names = await namesOf(prisma, rows.map((p) => p.bidderOrgId));
  return { participants: rows.map((p) => toParticipantView(p, names)), participantCount, lastSeq };
}

/** The opening as one participant may see it now. Forms appear only once announced. */
export async function openingView(prisma: PrismaClient, sealer: Sealer, sectionId: string, auth: AuthContext, role: OpeningRole, now: Date, pageSize: number): Promise<TOpeningView> {
  const o = await prisma.opening.findUniqueOrThrow({
    where: { sectionId },
    include: {
      section: { select: { name: true, openingFormFields: true, ceilingPrice: true, project: { select: { name: true } } } },
      participants: { orderBy: { order: 'asc' }, take: pageSize },
      _count: { select: { participants: true } },
      objections: { orderBy: { raisedAt: 'asc' } },
      attendance: { orderBy: [{ firstJoinedAt: 'asc' }, { userId: 'asc' }] },
    },
  });
  // The caller's own row, wherever it stands in a large hall's list.
  const mine = auth.orgId
    ? (o.participants.find((p) => p.bidderOrgId === auth.orgId) ??
      (await prisma.openingParticipant.findUnique({ where: { sectionId_bidderOrgId: { sectionId, bidderOrgId: auth.orgId } } })) ??
      undefined)
    : undefined;
  const listed = mine && !o.participants.includes(mine) ? [...o.participants, mine] : o.participants;
  const names = await namesOf(prisma, [...listed.map((p) => p.bidderOrgId), ...o.objections.map((x) => x.bidderOrgId)]);
  const signedInEarly =
    role === 'BIDDER' && !mine && auth.orgId ? (await prisma.openingSignIn.count({ where: { tag: sealer.tag({ sectionId, orgId: auth.orgId }) } })) > 0 : false;
  const hasBid =
    role === 'BIDDER' && auth.orgId
      ? Boolean(mine) || (await prisma.bid.count({ where: { tag: sealer.tag({ sectionId, orgId: auth.orgId }), status: 'SUBMITTED' } })) > 0
      : false;
  return {
    sectionId,
    projectName: o.section.project.name,
    sectionName: o.section.name,
    state: o.state,
    times: {
      signInAt: o.signInAt.toISOString(),
      deadlineAt: o.deadlineAt.toISOString(),
      autoStartAt: o.autoStartAt.toISOString(),
      decryptEndsAt: iso(o.extendedUntil ?? o.decryptEndsAt),
      nextAnnounceAt: iso(o.nextAnnounceAt),
      confirmEndsAt: iso(o.confirmEndsAt),
      closedAt: iso(o.closedAt),
    },
    extension: o.extendedUntil ? { until: o.extendedUntil.toISOString(), reason: o.extensionReason ?? '' } : null,
    lastSeq: o.lastSeq,
    serverTime: now.toISOString(),
    role,
    openingFormFields: o.section.openingFormFields as TOpeningView['openingFormFields'],
    ceilingPrice: o.section.ceilingPrice?.toFixed(2) ?? null,
    participants: listed.map((p) => toParticipantView(p, names)),
    participantCount: o._count.participants,
    objections: o.objections.map((x) => ({
      id: x.id,
      bidderOrgId: x.bidderOrgId,
      bidderName: names.get(x.bidderOrgId) ?? '',
      text: x.text,
      raisedAt: x.raisedAt.toISOString(),
      answer: x.answer,
      answeredAt: iso(x.answeredAt),
    })),
    attendance: o.attendance.map((a) => ({ userId: a.userId, role: a.role as TAttendee['role'], name: a.name, orgName: a.orgName, at: a.firstJoinedAt.toISOString() })),
    me:
      role === 'BIDDER'
        ? {
            signedIn: Boolean(mine?.signedInAt) || signedInEarly,
            hasBid,
            decryption: mine?.decryption ?? null,
            confirmed: Boolean(mine?.confirmedAt),
            attemptsLeft: o.state === 'DECRYPTING' && mine?.decryption === 'PENDING',
          }
        : null,
    failureReason: o.failureReason,
    record:
      o.recordId && o.recordHtmlSha256 && o.recordPdfSha256 && o.recordSignature && o.recordKeyId
        ? { recordId: o.recordId, htmlSha256: o.recordHtmlSha256, pdfSha256: o.recordPdfSha256, signature: o.recordSignature, keyId: o.recordKeyId }
        : null,
  };
}
