import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where stored files live (bid envelopes, tender documents, opening records): partial uploads by
 * upload id, finished ones by content (sha-256), so identical bytes are stored once and a file's
 * name proves its content.
 */
export interface BlobStore {
  /** Cuts a partial upload back to `length` bytes (dropping the tail of an interrupted chunk) and opens it for appending. */
  appendTo(uploadId: string, length: number): Promise<WriteStream>;
  readPart(uploadId: string, options?: { start?: number; end?: number }): ReadStream;
  removePart(uploadId: string): Promise<void>;
  /**
   * Puts a finished upload's bytes under their content address, keeping the partial file: safe to
   * repeat, and harmless if what it is for never commits (the address then names unused bytes).
   */
  place(uploadId: string, sha256: string): Promise<void>;
  read(sha256: string, options?: { start?: number; end?: number }): ReadStream;
  /** Stores small generated content (opening records) under its sha-256 and returns it. */
  put(bytes: Uint8Array): Promise<string>;
  /**
   * Stores a stream under its sha-256, hashing it on the way to disk; nothing is held in memory.
   * A failing source (or `through`, which sees every chunk first and may refuse one) leaves nothing behind.
   */
  putStream(source: Readable, through?: Transform): Promise<{ sha256: string; size: number }>;
  pathOf(sha256: string): string;
}

export function createFsBlobStore(root: string): BlobStore {
  const parts = path.join(root, 'uploads');
  const blobs = path.join(root, 'sha256');
  const partPath = (uploadId: string) => path.join(parts, `${uploadId}.part`);
  const pathOf = (sha256: string) => path.join(blobs, sha256.slice(0, 2), sha256);
  return {
    async appendTo(uploadId, length) {
      await mkdir(parts, { recursive: true });
      const handle = await open(partPath(uploadId), 'a+');
      try {
        await handle.truncate(length);
      } finally {
        await handle.close();
      }
      return createWriteStream(partPath(uploadId), { flags: 'a' });
    },
    readPart: (uploadId, options) => createReadStream(partPath(uploadId), options),
    removePart: (uploadId) => rm(partPath(uploadId), { force: true }),
    async place(uploadId, sha256) {
      const target = pathOf(sha256);
      await mkdir(path.dirname(target), { recursive: true });
      // A hard link is atomic and shares the bytes; a name that exists already holds the same bytes.
      await link(partPath(uploadId), target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    },
    read: (sha256, options) => createReadStream(pathOf(sha256), options),
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      await mkdir(path.dirname(target), { recursive: true });
      // Write then rename, so a reader never sees half a file under a content address.
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, target);
      return sha256;
    },
    async putStream(source, through) {
      await mkdir(parts, { recursive: true });
      const temporary = path.join(parts, `${randomUUID()}.put`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline([source, ...(through ? [through] : []), meter, createWriteStream(temporary)]);
        const sha256 = hash.digest('hex');
        const target = pathOf(sha256);
        await mkdir(path.dirname(target), { recursive: true });
        await rename(temporary, target);
        return { sha256, size };
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    pathOf,
  };
}
