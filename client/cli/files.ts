/**
 * How bidhall-bid feeds files to the envelope and writes what comes out; the envelope bench runs
 * the same code, so it measures the envelope as the command-line tool uses it.
 */
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

/** Bytes asked of the file per read: the envelope's default chunk size. */
export const READ_BYTES = 1024 * 1024;

/**
 * A file, read a megabyte at a time and only as fast as it is consumed. Handed to the envelope
 * as it is: `Readable.toWeb` would copy every megabyte on the way.
 */
export const readFileStream = (file: string): ReadStream => createReadStream(file, { highWaterMark: READ_BYTES });

/**
 * Writes a stream to `file` through a temporary name, renamed only once the stream has ended
 * cleanly: a failed decryption must not leave a plausible-looking partial file behind. `observe`
 * sees every piece on its way to the file (bidhall-bid hashes them). Returns the bytes written.
 */
export async function writeAtomically(file: string, stream: ReadableStream<Uint8Array>, options: { mode?: number; observe?: (piece: Uint8Array) => void } = {}): Promise<number> {
  const partial = `${file}.partial`;
  let size = 0;
  try {
    await pipeline(async function* () {
      for await (const piece of stream) {
        options.observe?.(piece);
        size += piece.length;
        yield piece;
      }
    }, createWriteStream(partial, { mode: options.mode ?? 0o644 }));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return size;
}
