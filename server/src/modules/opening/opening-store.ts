import type { TOpeningEvent } from '@bidhall/contracts';
import type { Opening, Prisma, PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import { appendAuditBatch } from '../audit/audit-log';

export type Tx = Prisma.TransactionClient;

export interface OpeningTx {
  tx: Tx;
  opening: Opening;
  now: Date;
  /** Appends an event to the opening's log (and the audit chain); it is broadcast once the transaction commits. */
  emit(type: TOpeningEvent['type'], data: Record<string, unknown>, actor?: { id: string; orgId: string | null } | null): Promise<void>;
  /** Applies a change to the opening row and keeps `opening` current. */
  update(data: Prisma.OpeningUpdateInput): Promise<void>;
}

/**
 * Runs `fn` with the opening row locked (SELECT … FOR UPDATE), so that timers and participants'
 * actions on any node apply one at a time and never twice. Events `fn` emits are written together
 * when it returns — the log, the sequence counter and the audit chain in one go each — and are
 * returned for broadcasting once the transaction has committed.
 */
export async function withOpening<T>(
  prisma: PrismaClient,
  sectionId: string,
  now: Date,
  fn: (o: OpeningTx) => Promise<T>,
): Promise<{ result: T; events: TOpeningEvent[] }> {
  const events: (TOpeningEvent & { actor: { id: string; orgId: string | null } | null })[] = [];
  const result = await prisma.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<Opening[]>`SELECT * FROM "Opening" WHERE "sectionId" = ${sectionId}::uuid FOR UPDATE`;
      if (!locked) throw AppError.notFound('opening');
      const o: OpeningTx = {
        tx,
        opening: locked,
        now,
        async emit(type, data, actor = null) {
          const json = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
          events.push({ sectionId, seq: o.opening.lastSeq + events.length + 1, at: now.toISOString(), type, data: json, actor });
        },
        async update(data) {
          o.opening = await tx.opening.update({ where: { sectionId }, data });
        },
      };
      const value = await fn(o);
      if (events.length > 0) {
        await tx.openingEvent.createMany({
          data: events.map((e) => ({ sectionId, seq: e.seq, at: now, type: e.type, actorId: e.actor?.id ?? null, data: e.data as Prisma.InputJsonObject })),
        });
        await tx.opening.update({ where: { sectionId }, data: { lastSeq: events.at(-1)!.seq } });
        await appendAuditBatch(
          tx,
          events.map((e) => ({ actor: e.actor, action: `opening.${e.type.toLowerCase()}`, subjectType: 'section', subjectId: sectionId, data: { seq: e.seq, ...e.data } })),
          now,
        );
      }
      return value;
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
  return { result, events: events.map(({ actor: _actor, ...event }) => event) };
}
