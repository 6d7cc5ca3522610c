import type { SqlDriver, SqlSession } from '@bidhall/db';
import { createTestDatabase } from '@bidhall/db/testing';
import { createLogger, OpeningDriver } from '@bidhall/server';
import { createBiddingSection, createTestClock, createTestServices } from '@bidhall/server/testing';
import { type Metric, metric } from './metric';

const BENCH = 'opening-driver';
const SCHEDULED = Number(process.env.DRIVER_OPENINGS ?? 10_000);
const DUE = 10;
const TICKS = 5;

/** Counts the statements and transactions a driver sends through it. */
function counting(sql: SqlDriver) {
  const count = { statements: 0, transactions: 0 };
  const wrap = (session: SqlSession): SqlSession => ({
    exec: (text) => {
      count.statements++;
      return session.exec(text);
    },
    query: (text, params) => {
      count.statements++;
      return session.query(text, params);
    },
  });
  const driver: SqlDriver = {
    kind: sql.kind,
    query: (text, params) => {
      count.statements++;
      return sql.query(text, params);
    },
    withSession: (fn) => sql.withSession((session) => fn(wrap(session))),
    transaction: (fn) => {
      count.transactions++;
      return sql.transaction((session) => fn(wrap(session)));
    },
  };
  return { driver, count };
}

/**
 * The driver's tick with SCHEDULED openings on the platform of which DUE are due: statements and
 * transactions per tick, against a tick with none due, in the same run. The openings not due are
 * seeded as the platform would hold them (scheduled, due at their sign-in weeks away).
 */
export async function run(): Promise<Metric[]> {
  const clock = createTestClock(new Date());
  const base = await createTestDatabase();
  // The services run their statements through the counter: the driver's tick and each opening's transaction.
  const { driver: sql, count } = counting(base.sql);
  const s = await createTestServices({ clock, db: { ...base, sql } });
  try {
    const { project, section } = await createBiddingSection(s);
    // Copies of the section and its opening, scheduled a month ahead: one statement each.
    await s.db.sql.query(
      `INSERT INTO "Section" (id, "projectId", code, name, "estimatedPrice", "bondAmount", "bidValidityDays", "bidDeadline", "signInLeadMinutes", "decryptWindowMinutes",
                              "evaluationMethod", "scoringTemplate", "openingFormFields", status, version, "publishedAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'S' || n, name, "estimatedPrice", "bondAmount", "bidValidityDays", "bidDeadline" + interval '30 days', "signInLeadMinutes", "decryptWindowMinutes",
              "evaluationMethod", "scoringTemplate", "openingFormFields", status, version, "publishedAt", now()
         FROM "Section", generate_series(1, $2::int) AS n WHERE id = $3::uuid`,
      [project.id, SCHEDULED - DUE, section.id],
    );
    await s.db.sql.query(
      `INSERT INTO "Opening" ("sectionId", state, "signInAt", "deadlineAt", "autoStartAt", "decryptMinutes", "confirmMinutes", "nextDueAt", "updatedAt")
       SELECT id, 'SCHEDULED', "bidDeadline" - interval '30 minutes', "bidDeadline", "bidDeadline" + interval '1 minute', 30, 10, "bidDeadline" - interval '30 minutes', now()
         FROM "Section" WHERE "projectId" = $1::uuid AND id <> $2::uuid`,
      [project.id, section.id],
    );
    const due = [section.id];
    for (let i = 1; i < DUE; i++) due.push((await createBiddingSection(s)).section.id);

    const node = new OpeningDriver(s.db, s.openings, clock, createLogger({ level: 'silent' }), 'bench-node');
    // Each tick finds the due openings due again: they are put back at sign-in before each.
    const measure = async (dueNow: boolean) => {
      const runs: { statements: number; transactions: number; ms: number }[] = [];
      for (let i = 0; i < TICKS; i++) {
        await s.db.sql.query(`UPDATE "Opening" SET state = 'SCHEDULED', "nextDueAt" = $2, "leaseOwner" = NULL, "leaseUntil" = NULL WHERE "sectionId" = ANY($1::uuid[])`, [
          due,
          dueNow ? new Date(clock.now().getTime() - 1000).toISOString() : new Date(clock.now().getTime() + 86_400_000).toISOString(),
        ]);
        count.statements = 0;
        count.transactions = 0;
        const started = performance.now();
        await node.tick();
        runs.push({ ...count, ms: performance.now() - started });
      }
      const median = (key: 'statements' | 'transactions' | 'ms') => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
      return { statements: median('statements'), transactions: median('transactions'), ms: median('ms') };
    };
    const idle = await measure(false);
    const busy = await measure(true);
    const total = await s.prisma.opening.count();
    return [
      metric(BENCH, `statements_per_tick_${DUE}_due_of_${total}`, busy.statements, 'statements', idle.statements),
      metric(BENCH, `transactions_per_tick_${DUE}_due_of_${total}`, busy.transactions, 'transactions', null),
      metric(BENCH, 'statements_per_due_opening', (busy.statements - idle.statements) / DUE, 'statements', null),
      metric(BENCH, `tick_ms_${DUE}_due_of_${total}`, busy.ms, 'ms', idle.ms),
    ];
  } finally {
    await s.close();
  }
}
