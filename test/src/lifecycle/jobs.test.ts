import type { TOpeningView } from '@bidhall/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { signInApi, startServerProcess } from '../harness';
import { publishSectionClosingSoon } from '../harness/opening';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('durable jobs across a crash', () => {
  it('issues the record of an opening that ended just before its node was killed, once the platform is back', { timeout: 120_000 }, async () => {
    // A node without a job worker: the job the opening's end writes is committed and not run.
    const first = await startServerProcess({ env: { JOBS_WORKER: 'false' } });
    cleanups.push(first.cleanup);
    const { sectionId, deadline } = await publishSectionClosingSoon(first.url, 8_000);
    const supervisor = await signInApi(first.url, 'supervisor');
    await expect
      .poll(async () => (await supervisor.call<TOpeningView>('GET', `/api/openings/${sectionId}`)).state, { timeout: deadline.getTime() - Date.now() + 20_000, interval: 250 })
      .toBe('FAILED');
    expect((await supervisor.call<TOpeningView>('GET', `/api/openings/${sectionId}`)).record).toBeNull();

    // Killed between the commit and the work: nothing of the job is lost.
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const second = await startServerProcess({ reuse: { dataDir: first.dataDir, ...(first.schema ? { schema: first.schema } : {}) } });
    cleanups.push(second.cleanup);
    const again = await signInApi(second.url, 'supervisor');
    await expect.poll(async () => (await again.call<TOpeningView>('GET', `/api/openings/${sectionId}`)).record, { timeout: 30_000, interval: 250 }).not.toBeNull();
  });
});
