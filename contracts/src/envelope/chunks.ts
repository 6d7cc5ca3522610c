import type { Bytes } from './bytes';

/**
 * Chunks in flight at once with WebCrypto, which runs each operation on a worker thread: a few
 * overlapping chunks keep the cores busy while the stream waits on its reader or writer, and
 * memory stays a few chunks.
 */
export const PIPELINE_DEPTH = 4;

/** `prefix`, the chunk counter (u32 BE), then 1 on the final chunk and 0 before it. */
function counted(prefix: Bytes, index: number, last: boolean): Bytes {
  const out = new Uint8Array(prefix.length + 5);
  out.set(prefix);
  new DataView(out.buffer).setUint32(prefix.length, index);
  out[prefix.length + 4] = last ? 1 : 0;
  return out;
}

/** STREAM nonce: the envelope's random prefix, the chunk counter (u32 BE), then 1 on the final chunk. */
export const chunkNonce = (prefix: Bytes, index: number, last: boolean): Bytes => counted(prefix, index, last);

/** Associated data: the header's SHA-256, the counter and the final flag again. */
export const chunkAad = (headerHash: Bytes, index: number, last: boolean): Bytes => counted(headerHash, index, last);

/** One chunk's operation, boxed: an async generator would otherwise wait for it before yielding. */
export interface Job<T> {
  result: Promise<T>;
}

/**
 * Keeps up to `depth` jobs running and yields their results in order, so a failure surfaces at its
 * own position in the stream even when later jobs finished first.
 */
export async function* inOrder<T>(jobs: AsyncIterator<Job<T>>, depth: number): AsyncGenerator<T> {
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
