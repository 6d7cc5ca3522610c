import { openingTimetable, type TOpeningEvent } from '@bidhall/contracts';
import type { Opening, SqlDriver, SqlQuery } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { Clock } from '../../lib/clock';
import { appendAuditBatch } from '../audit/audit-log';
import { appendEvents, lockOpening, updateOpening } from './opening-sql';

type Actor = { id: string; orgId: string | null };

export interface OpeningTx {
  /** The transaction's connection, for the statements in `opening-sql`. */
  sql: SqlQuery;
  opening: Opening;
  now: Date;
  /**
   * Appends an event to the opening's log (and the audit chain); it is broadcast once the
   * transaction commits. `audit` is put in the chain's entry only (what the log need not carry).
   */
  emit(type: TOpeningEvent['type'], data: Record<string, unknown>, actor?: Actor | null, audit?: Record<string, unknown>): void;
  /** Applies a change to the opening row and keeps `opening` current. */
  update(patch: Parameters<typeof updateOpening>[2]): Promise<void>;
  /** Keeps the driver away until then whatever the timetable says (a backoff after failed work). */
  postpone(until: Date): void;
  /** Set by the freeze: the organizations whose bids stood, so the delivery can show the others out of the hall's room. */
  frozen?: string[];
}

/**
 * Runs `fn` with the opening row locked (SELECT … FOR UPDATE), so that timers and participants'
 * actions on any node apply one at a time and never twice. The clock is read once the lock is
 * held: a transaction that waited for another sees the time after it, never one from before.
 * Events `fn` emits are written together when it returns — the log with the sequence counter,
 * and the audit chain — and are returned for broadcasting once the transaction has committed.
 */
export async function withOpening<T>(
  db: SqlDriver,
  sectionId: string,
  clock: Clock,
  fn: (o: OpeningTx) => Promise<T>,
): Promise<Locked<T>> {
  return db.transaction((sql) => onLockedOpening(sql, sectionId, clock, fn));
}

/** What a locked transaction leaves to deliver once committed. */
export interface Locked<T> {
  result: T;
  events: TOpeningEvent[];
  frozen?: string[];
}

/** A room still due once its transaction is done waits for something else (attempts in flight): it is looked at again shortly, not at every tick. */
const RECHECK_MS = 2000;

/** Keeps `nextDueAt` — what the driver's index reads — derived from the state and times the transaction leaves. */
async function keepDueCurrent(o: OpeningTx, notBefore: Date | null): Promise<void> {
  const timed = openingTimetable[o.opening.state](o.opening);
  let due = timed && timed <= o.now ? new Date(o.now.getTime() + RECHECK_MS) : timed;
  if (due && notBefore && notBefore > due) due = notBefore;
  if (due?.getTime() !== o.opening.nextDueAt?.getTime()) await o.update({ nextDueAt: due });
}

/**
 * The same, inside a transaction the caller has open (an amendment's, through the ORM): the
 * opening row is locked first, before anything else the caller locks, as every opening
 * transaction does, so the two cannot deadlock. The caller broadcasts the events after its commit.
 */
export async function onLockedOpening<T>(sql: SqlQuery, sectionId: string, clock: Clock, fn: (o: OpeningTx) => Promise<T>): Promise<Locked<T>> {
  const events: (TOpeningEvent & { actor: Actor | null; audit: Record<string, unknown> | undefined })[] = [];
  let notBefore: Date | null = null;
  const locked = await lockOpening(sql, sectionId);
  if (!locked) throw AppError.notFound('opening');
  const now = clock.now();
  const o: OpeningTx = {
    sql,
    opening: locked,
    now,
    emit(type, data, actor = null, audit) {
      const json = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
      events.push({ sectionId, seq: o.opening.lastSeq + events.length + 1, at: now.toISOString(), type, data: json, actor, audit });
    },
    async update(patch) {
      o.opening = await updateOpening(sql, sectionId, patch, now);
    },
    postpone(until) {
      notBefore = until;
    },
  };
  const result = await fn(o);
  await keepDueCurrent(o, notBefore);
  if (events.length > 0) {
    await appendEvents(sql, sectionId, events.map(({ audit: _audit, ...e }) => ({ ...e, actorId: e.actor?.id ?? null })), now);
    await appendAuditBatch(
      sql,
      events.map((e) => ({ actor: e.actor, action: `opening.${e.type.toLowerCase()}`, subjectType: 'section', subjectId: sectionId, data: { seq: e.seq, ...e.data, ...e.audit } })),
      now,
    );
  }
  return { result, events: events.map(({ actor: _actor, audit: _audit, ...event }) => event), ...(o.frozen ? { frozen: o.frozen } : {}) };
}
