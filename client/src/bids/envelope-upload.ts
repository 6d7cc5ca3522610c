import type { TReceipt, TUpload } from '@bidhall/contracts';
import { ApiError } from '../api/http';
import { BidClientError } from './bid-errors';

/** The platform's upload routes for one section, as the uploader needs them. */
export interface UploadTransport {
  start(size: number, signal?: AbortSignal): Promise<TUpload>;
  status(uploadId: string, signal?: AbortSignal): Promise<TUpload>;
  put(uploadId: string, offset: number, bytes: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<TUpload>;
  complete(uploadId: string, signal?: AbortSignal): Promise<TReceipt>;
  abort(uploadId: string): Promise<void>;
}

/** Where the platform says an upload stands, from an UPLOAD_OFFSET_MISMATCH or an interrupted request. */
export function receivedBytesOf(error: unknown): number | null {
  if (!(error instanceof ApiError) || (error.code !== 'UPLOAD_OFFSET_MISMATCH' && error.code !== 'VALIDATION_FAILED')) return null;
  const details = error.details;
  if (typeof details !== 'object' || details === null || !('receivedBytes' in details)) return null;
  return typeof details.receivedBytes === 'number' ? details.receivedBytes : null;
}

/**
 * Sends one encrypted envelope in requests of at most `chunkBytes`, each read from the envelope
 * stream only when it is about to be sent, so the bid is never whole in memory.
 *
 * After a failure `send` may be called again. It asks the platform how many bytes it holds and
 * goes on from there with the very bytes it was sending: the request that failed is kept until
 * the platform confirms it. Encrypting the file again would not do, because every encryption
 * draws a new content key and gives different bytes; a position this upload cannot continue from
 * with bytes of its own encryption is refused (UPLOAD_OUT_OF_STEP) rather than patched.
 */
export class EnvelopeUpload {
  #upload: TUpload | null = null;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #leftover: Uint8Array = new Uint8Array(0);
  /** Bytes read from the envelope that the platform has not confirmed yet; they start at `#confirmed`. */
  #pending: Uint8Array<ArrayBuffer> | null = null;
  #confirmed = 0;

  constructor(
    private readonly transport: UploadTransport,
    readonly size: number,
    stream: ReadableStream<Uint8Array>,
    private readonly hooks: { started?(uploadId: string): void; progress?(confirmed: number): void } = {},
  ) {
    this.#reader = stream.getReader();
  }

  get uploadId(): string | null {
    return this.#upload?.uploadId ?? null;
  }

  /** Envelope bytes the platform has confirmed. */
  get confirmed(): number {
    return this.#confirmed;
  }

  /**
   * Uploads what is left and completes the upload. Resolves with the receipt, or with null when
   * an earlier attempt completed it but its answer was lost: the receipt is then in `my-bid`.
   */
  async send(signal?: AbortSignal): Promise<TReceipt | null> {
    let upload = this.#upload;
    if (!upload) {
      upload = this.#upload = await this.transport.start(this.size, signal);
      this.hooks.started?.(upload.uploadId);
    } else {
      const current = await this.transport.status(upload.uploadId, signal);
      if (current.status === 'COMPLETE') return null;
      if (current.status === 'ABORTED') throw new BidClientError('UPLOAD_DISCARDED');
      this.#continueFrom(current.receivedBytes);
    }
    while (this.#confirmed < this.size) {
      // The first request carries min(chunkBytes, size) bytes, so it always holds the whole header the platform checks first.
      this.#pending ??= await this.#read(Math.min(upload.chunkBytes, this.size - this.#confirmed));
      let after: TUpload;
      try {
        after = await this.transport.put(upload.uploadId, this.#confirmed, this.#pending, signal);
      } catch (error) {
        const received = receivedBytesOf(error);
        if (received === null || received === this.#confirmed) throw error;
        this.#continueFrom(received);
        continue;
      }
      this.#continueFrom(after.receivedBytes);
    }
    return this.transport.complete(upload.uploadId, signal);
  }

  /** Stops encrypting and tells the platform to drop the partial upload; a partial upload never counts anyway. */
  async cancel(): Promise<void> {
    this.#pending = null;
    await this.#reader.cancel().catch(() => undefined);
    if (this.#upload) await this.transport.abort(this.#upload.uploadId).catch(() => undefined);
  }

  #continueFrom(received: number): void {
    const pending = this.#pending?.length ?? 0;
    if (received < this.#confirmed || received > this.#confirmed + pending) throw new BidClientError('UPLOAD_OUT_OF_STEP', `the platform holds ${received} bytes; this page can continue from ${this.#confirmed} to ${this.#confirmed + pending}`);
    if (this.#pending) {
      const rest = this.#pending.subarray(received - this.#confirmed);
      this.#pending = rest.length > 0 ? rest : null;
    }
    this.#confirmed = received;
    this.hooks.progress?.(received);
  }

  /** Exactly `n` bytes of the envelope, in one buffer that a retry can send again. */
  async #read(n: number): Promise<Uint8Array<ArrayBuffer>> {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.#leftover.length === 0) {
        const { done, value } = await this.#reader.read();
        if (done) throw new Error(`the envelope stream ended at ${this.#confirmed + filled} of ${this.size} bytes`);
        this.#leftover = value;
      }
      const take = Math.min(n - filled, this.#leftover.length);
      out.set(this.#leftover.subarray(0, take), filled);
      this.#leftover = this.#leftover.subarray(take);
      filled += take;
    }
    return out;
  }
}
