import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Milliseconds on CLOCK_MONOTONIC, which every process on the machine reads alike, so a send
 * in one process and a receipt in another can be subtracted.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export async function sleepUntil(when: number): Promise<void> {
  const wait = when - monotonicMs();
  if (wait > 0) await sleep(wait);
}

/** Polls `done` until it holds; after `timeoutMs` fails with `what` and whatever `explain` adds. */
export async function until(done: () => boolean, timeoutMs: number, what: string, explain: () => Promise<string> = async () => ''): Promise<void> {
  const give = monotonicMs() + timeoutMs;
  while (!done()) {
    if (monotonicMs() > give) throw new Error(`timed out waiting for ${what}${await explain()}`);
    await sleep(20);
  }
}
