import type { TReceipt, TUpload } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { EnvelopeUpload, type UploadTransport } from './envelope-upload';

const CHUNK = 1000;

/** Stands in for the platform: stores what it is sent, and fails where a test tells it to. */
class FakePlatform implements UploadTransport {
  stored = new Uint8Array(0);
  size = 0;
  status_: TUpload['status'] = 'IN_PROGRESS';
  requests: { offset: number; length: number }[] = [];
  /** Called before each PUT is handled; may throw to simulate a failure. */
  beforePut: (offset: number) => void = () => undefined;
  /** Called after a PUT was stored; may throw to simulate an answer lost on the way back. */
  afterPut: (offset: number) => void = () => undefined;
  afterComplete: () => void = () => undefined;

  view = (): TUpload => ({
    uploadId: 'u1',
    sectionId: 's1',
    size: this.size,
    receivedBytes: this.stored.length,
    chunkBytes: CHUNK,
    status: this.status_,
    expiresAt: '2026-03-01T08:00:00.000Z',
  });

  async start(size: number) {
    this.size = size;
    return this.view();
  }
  async status() {
    return this.view();
  }
  async put(_id: string, offset: number, bytes: Uint8Array<ArrayBuffer>) {
    this.beforePut(offset);
    this.requests.push({ offset, length: bytes.length });
    if (offset !== this.stored.length) throw new ApiError('UPLOAD_OFFSET_MISMATCH', 'out of step', 409, { receivedBytes: this.stored.length });
    const next = new Uint8Array(this.stored.length + bytes.length);
    next.set(this.stored);
    next.set(bytes, this.stored.length);
    this.stored = next;
    this.afterPut(offset);
    return this.view();
  }
  async complete(): Promise<TReceipt> {
    this.status_ = 'COMPLETE';
    this.afterComplete();
    return { receiptId: 'r1', kind: 'SUBMISSION', sectionId: 's1', bidderOrgId: 'o1', sha256: '0'.repeat(64), size: this.size, serverTime: '2026-03-01T08:00:00.000Z', keyId: 'k', signature: 'x' };
  }
  async abort() {
    this.status_ = 'ABORTED';
  }
}

const envelopeBytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) % 251);

/** A stream delivering the bytes in uneven pieces, the way the encryptor hands out header and chunks. */
function streamOf(bytes: Uint8Array, pieces = [13, 700, 333, 1024]): ReadableStream<Uint8Array> {
  let at = 0;
  let turn = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = pieces[turn++ % pieces.length] ?? 1;
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

const networkError = () => new ApiError('NETWORK_ERROR', 'offline', 0);
/** A hook that loses the connection once, at the request for `at`. */
const dropOnceAt = (at: number) => {
  let dropped = false;
  return (offset: number) => {
    if (offset === at && !dropped) {
      dropped = true;
      throw networkError();
    }
  };
};

describe('EnvelopeUpload', () => {
  it('sends the envelope in requests of at most chunkBytes and completes it', async () => {
    const platform = new FakePlatform();
    const bytes = envelopeBytes(3500);
    const progress: number[] = [];
    const upload = new EnvelopeUpload(platform, bytes.length, streamOf(bytes), { progress: (n) => progress.push(n) });
    expect((await upload.send())?.receiptId).toBe('r1');
    expect(platform.stored).toEqual(bytes);
    expect(platform.requests).toEqual([
      { offset: 0, length: 1000 },
      { offset: 1000, length: 1000 },
      { offset: 2000, length: 1000 },
      { offset: 3000, length: 500 },
    ]);
    expect(progress).toEqual([1000, 2000, 3000, 3500]);
  });

  it('resends the same bytes after a request that never reached the platform', async () => {
    const platform = new FakePlatform();
    const bytes = envelopeBytes(2500);
    platform.beforePut = dropOnceAt(1000);
    const upload = new EnvelopeUpload(platform, bytes.length, streamOf(bytes));
    await expect(upload.send()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(upload.confirmed).toBe(1000);
    await upload.send();
    expect(platform.stored).toEqual(bytes);
  });

  it('goes on after a request the platform stored but whose answer was lost', async () => {
    const platform = new FakePlatform();
    const bytes = envelopeBytes(2500);
    platform.afterPut = dropOnceAt(1000);
    const upload = new EnvelopeUpload(platform, bytes.length, streamOf(bytes));
    await expect(upload.send()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(upload.confirmed).toBe(1000);
    await upload.send();
    expect(platform.stored).toEqual(bytes);
    expect(platform.requests.map((r) => r.offset)).toEqual([0, 1000, 2000]);
  });

  it('follows the platform when it says where it stands', async () => {
    const platform = new FakePlatform();
    const bytes = envelopeBytes(2500);
    let lost = false;
    // The second request is stored but its answer lost, and a stale status sends the retry to the old offset.
    platform.afterPut = (offset) => {
      if (offset === 1000 && !lost) {
        lost = true;
        throw networkError();
      }
    };
    const upload = new EnvelopeUpload(platform, bytes.length, streamOf(bytes));
    await expect(upload.send()).rejects.toThrow();
    platform.status = async () => ({ ...platform.view(), receivedBytes: 1000 });
    await upload.send();
    expect(platform.stored).toEqual(bytes);
    expect(platform.requests.map((r) => r.offset)).toEqual([0, 1000, 1000, 2000]);
  });

  it('reports a completion whose answer was lost as done, without a receipt', async () => {
    const platform = new FakePlatform();
    const bytes = envelopeBytes(1200);
    let lost = false;
    platform.afterComplete = () => {
      if (!lost) {
        lost = true;
        throw networkError();
      }
    };
    const upload = new EnvelopeUpload(platform, bytes.length, streamOf(bytes));
    await expect(upload.send()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(await upload.send()).toBeNull();
  });

  it('refuses to continue from a position it has no bytes for, and from a discarded upload', async () => {
    const platform = new FakePlatform();
    const bytes = envelopeBytes(3500);
    platform.afterPut = (offset) => {
      if (offset === 1000) throw networkError();
    };
    const upload = new EnvelopeUpload(platform, bytes.length, streamOf(bytes));
    await expect(upload.send()).rejects.toThrow();
    platform.status = async () => ({ ...platform.view(), receivedBytes: 3000 });
    await expect(upload.send()).rejects.toMatchObject({ code: 'UPLOAD_OUT_OF_STEP' });

    platform.status = async () => ({ ...platform.view(), status: 'ABORTED' });
    await expect(upload.send()).rejects.toMatchObject({ code: 'UPLOAD_DISCARDED' });
  });

  it('sends a small envelope whole in its first request', async () => {
    const platform = new FakePlatform();
    const bytes = envelopeBytes(640);
    await new EnvelopeUpload(platform, bytes.length, streamOf(bytes)).send();
    expect(platform.requests).toEqual([{ offset: 0, length: 640 }]);
  });

  it('cancels the stream and drops the partial upload', async () => {
    const platform = new FakePlatform();
    const bytes = envelopeBytes(2500);
    let cancelled = false;
    const source = streamOf(bytes);
    const watched = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel() {
        cancelled = true;
      },
    });
    const reader = source.getReader();
    platform.afterPut = (offset) => {
      if (offset === 1000) throw networkError();
    };
    const upload = new EnvelopeUpload(platform, bytes.length, watched);
    await expect(upload.send()).rejects.toThrow();
    await upload.cancel();
    expect(cancelled).toBe(true);
    expect(platform.status_).toBe('ABORTED');
  });
});
