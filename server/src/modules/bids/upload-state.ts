import { createHash, type Hash } from 'node:crypto';
import type { BlobStore } from './blob-store';

interface Progress {
  hash: Hash;
  bytes: number;
}

/**
 * The running sha-256 of each upload on this node, so the hash is computed while the bytes
 * stream in. After a restart, or when another node took the previous chunk, the state is rebuilt
 * by reading back the stored prefix. Each upload's requests run one at a time.
 */
export class UploadState {
  private readonly progress = new Map<string, Progress>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly blobs: BlobStore) {}

  /** Runs `fn` after every earlier call for the same upload has finished. */
  exclusive<T>(uploadId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(uploadId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.queues.set(uploadId, settled);
    void settled.then(() => {
      if (this.queues.get(uploadId) === settled) this.queues.delete(uploadId);
    });
    return run;
  }

  /** A hash of exactly the first `bytes` stored bytes. */
  async hashAt(uploadId: string, bytes: number): Promise<Hash> {
    const known = this.progress.get(uploadId);
    if (known && known.bytes === bytes) return known.hash;
    const hash = createHash('sha256');
    if (bytes > 0) {
      for await (const chunk of this.blobs.readPart(uploadId, { start: 0, end: bytes - 1 })) hash.update(chunk as Buffer);
    }
    this.progress.set(uploadId, { hash, bytes });
    return hash;
  }

  advanced(uploadId: string, hash: Hash, bytes: number): void {
    this.progress.set(uploadId, { hash, bytes });
  }

  forget(uploadId: string): void {
    this.progress.delete(uploadId);
  }
}
