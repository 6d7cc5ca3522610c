import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../app';
import { bearerFor, createTestClock, createTestServices, createTestUser, type TestServices } from '../../testing';
import { defineJob, enqueueJob } from './job';
import { backoffMs, handleJob, JobRunner } from './job-runner';

const clock = createTestClock(new Date('2026-12-01T01:00:00.000Z'));
let s: TestServices;
beforeAll(async () => {
  s = await createTestServices({ clock });
});
afterAll(() => s.close());

const echo = defineJob({ queue: 'test.echo', payload: z.object({ n: z.number().int() }), maxAttempts: 3, visibilityMs: 60_000 });
const jobOf = (key: string) => s.prisma.job.findUniqueOrThrow({ where: { queue_key: { queue: echo.queue, key } } });
const enqueue = (n: number, key = `k-${n}`) => s.db.sql.transaction((tx) => enqueueJob(tx, echo, { n }, { key, now: clock.now() }));

describe('durable jobs', () => {
  it('exist only if the transaction that writes them commits, once per key', async () => {
    await enqueue(1);
    await enqueue(1);
    await expect(
      s.db.sql.transaction(async (tx) => {
        await enqueueJob(tx, echo, { n: 2 }, { key: 'k-2', now: clock.now() });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await s.prisma.job.count({ where: { queue: echo.queue } })).toBe(1);
    await expect(enqueue(Number.NaN)).rejects.toThrow();
  });

  it('run once across workers, are retried with backoff, and become dead letters after their attempts', async () => {
    const ran: number[] = [];
    let failing = true;
    const handler = handleJob(echo, async ({ n }) => {
      ran.push(n);
      if (failing && n === 3) throw new Error('the institution did not answer');
    });
    const workers = [new JobRunner(s.db.sql, [handler], clock, s.logger, 'w1'), new JobRunner(s.db.sql, [handler], clock, s.logger, 'w2')];
    await enqueue(3);
    await enqueue(4);
    await Promise.all(workers.map((w) => w.tick()));
    expect(ran.filter((n) => n === 4)).toEqual([4]);
    expect(await jobOf('k-4')).toMatchObject({ state: 'DONE', attempts: 1 });
    const failed = await jobOf('k-3');
    expect(failed).toMatchObject({ state: 'PENDING', attempts: 1, lastError: 'the institution did not answer' });
    expect(failed.runAt.getTime()).toBeGreaterThan(clock.now().getTime());
    // Not before its backoff, however often the workers look.
    await workers[0]!.tick();
    expect((await jobOf('k-3')).attempts).toBe(1);
    for (let attempt = 2; attempt <= 3; attempt++) {
      clock.set((await jobOf('k-3')).runAt);
      await workers[attempt % 2]!.tick();
    }
    expect(await jobOf('k-3')).toMatchObject({ state: 'DEAD', attempts: 3 });
    expect(s.logs().split('\n').filter((line) => line.includes('job failed; it will be retried'))).toHaveLength(1);
    expect(s.logs()).toContain('it is a dead letter');

    // The operator sees the dead letter and puts it back; it runs again and succeeds.
    const admin = await createTestUser(s, { role: 'ADMIN' });
    const app = createApp(s);
    const dead = await request(app).get('/api/admin/jobs?state=DEAD').set(bearerFor(s, admin.user));
    expect(dead.body.items).toEqual([expect.objectContaining({ key: 'k-3', state: 'DEAD', lastError: 'the institution did not answer' })]);
    const other = await createTestUser(s, { role: 'SUPERVISOR' });
    expect((await request(app).get('/api/admin/jobs').set(bearerFor(s, other.user))).body.error.code).toBe('FORBIDDEN');
    const retried = await request(app).post(`/api/admin/jobs/${dead.body.items[0].id}/retry`).set(bearerFor(s, admin.user));
    expect(retried.body).toMatchObject({ state: 'PENDING', attempts: 0 });
    expect((await request(app).post(`/api/admin/jobs/${dead.body.items[0].id}/retry`).set(bearerFor(s, admin.user))).body.error.code).toBe('INVALID_STATE');
    failing = false;
    await workers[0]!.tick();
    expect(await jobOf('k-3')).toMatchObject({ state: 'DONE', attempts: 1 });
    expect(await s.prisma.auditEvent.count({ where: { action: 'job.retried' } })).toBe(1);
  });

  it('are taken again when their worker died holding them', async () => {
    await enqueue(5);
    // A worker claimed it, then its node died: the claim stands until the job's visibility time.
    await s.prisma.job.update({ where: { queue_key: { queue: echo.queue, key: 'k-5' } }, data: { state: 'RUNNING', lockedBy: 'dead-node', lockedUntil: new Date(clock.now().getTime() + 60_000), attempts: 1 } });
    const ran: number[] = [];
    const worker = new JobRunner(s.db.sql, [handleJob(echo, async ({ n }) => void ran.push(n))], clock, s.logger, 'w3');
    await worker.tick();
    expect(ran).toEqual([]);
    clock.advance(60_001);
    await worker.tick();
    expect(ran).toEqual([5]);
    expect(await jobOf('k-5')).toMatchObject({ state: 'DONE', attempts: 2 });
  });

  it('back off exponentially from 2 s to a 10 min cap, with half the delay random', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, () => 0))).toEqual([1000, 2000, 4000]);
    expect([1, 2, 3].map((n) => backoffMs(n, () => 1))).toEqual([2000, 4000, 8000]);
    expect(backoffMs(30, () => 1)).toBe(600_000);
  });
});
