import { type Bytes, concat, u32 } from './bytes';

/**
 * Chunks in flight at once. WebCrypto runs each operation on a worker thread, so a few overlapping
 * chunks keep the cores busy while the stream waits on its reader or writer; memory stays a few
 * chunks.
 */
export const PIPELINE_DEPTH = 4;

/** STREAM nonce: the envelope's random prefix, the chunk counter (u32 BE), then 1 on the final chunk. */
export function chunkNonce(prefix: Bytes, index: number, last: boolean): Bytes {
  return concat(prefix, u32(index), Uint8Array.of(last ? 1 : 0));
}

/** Associated data: the header's SHA-256, the counter and the final flag again. */
export function chunkAad(headerHash: Bytes, index: number, last: boolean): Bytes {
  return concat(headerHash, u32(index), Uint8Array.of(last ? 1 : 0));
}

/** One chunk's operation, boxed: an async generator would otherwise wait for it before yielding. */
export interface Job<T> {
  result: Promise<T>;
}

/**
 * Keeps up to `depth` jobs running and yields their results in order, so a failure surfaces at its
 * own position in the stream even when later jobs finished first.
 */
export async function* inOrder<T>(jobs: AsyncIterator<Job<T>>, depth = PIPELINE_DEPTH): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let exhausted = false;
  for (;;) {
    while (!exhausted && pending.length < depth) {
      const next = await jobs.next();
      if (next.done) exhausted = true;
      else {
        // Marked handled now; the rejection is still delivered when this job's turn comes.
        next.value.result.catch(() => undefined);
        pending.push(next.value.result);
      }
    }
    const head = pending.shift();
    if (!head) return;
    yield await head;
  }
}

/**
 * A pull-driven stream: nothing is produced ahead of the reader beyond what the generator keeps in
 * flight. `cancelSource` runs first on cancel, so that a read the generator is waiting on ends and
 * the generator can be closed at once.
 */
export function toStream(generator: AsyncGenerator<Uint8Array>, cancelSource: (reason: unknown) => Promise<void>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await generator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel(reason) {
        await cancelSource(reason);
        await generator.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export const sha256 = async (bytes: Bytes): Promise<Bytes> => new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
