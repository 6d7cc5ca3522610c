import type { TOpeningEvent } from '@bidhall/contracts';
import type { Opening, Prisma, PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import { appendAudit } from '../audit/audit-log';

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
 * actions on any node apply one at a time and never twice. Returns what `fn` returned and the
 * events it emitted.
 */
export async function withOpening<T>(
  prisma: PrismaClient,
  sectionId: string,
  now: Date,
  fn: (o: OpeningTx) => Promise<T>,
): Promise<{ result: T; events: TOpeningEvent[] }> {
  const events: TOpeningEvent[] = [];
  const result = await prisma.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ sectionId: string }[]>`SELECT "sectionId" FROM "Opening" WHERE "sectionId" = ${sectionId}::uuid FOR UPDATE`;
      if (locked.length === 0) throw AppError.notFound('opening');
      const o: OpeningTx = {
        tx,
        opening: await tx.opening.findUniqueOrThrow({ where: { sectionId } }),
        now,
        async emit(type, data, actor = null) {
          const seq = o.opening.lastSeq + 1;
          const json = JSON.parse(JSON.stringify(data)) as Prisma.InputJsonObject;
          await tx.openingEvent.create({ data: { sectionId, seq, at: now, type, actorId: actor?.id ?? null, data: json } });
          o.opening = await tx.opening.update({ where: { sectionId }, data: { lastSeq: seq } });
          await appendAudit(tx, { actor, action: `opening.${type.toLowerCase()}`, subjectType: 'section', subjectId: sectionId, data: { seq, ...json } }, now);
          events.push({ sectionId, seq, at: now.toISOString(), type, data: json as Record<string, unknown> });
        },
        async update(data) {
          o.opening = await tx.opening.update({ where: { sectionId }, data });
        },
      };
      return fn(o);
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
  return { result, events };
}
