import { EnvelopeError } from './errors';

/** Bytes backed by a plain ArrayBuffer, which is what WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (text: string): Bytes => encoder.encode(text) as Bytes;

/** Throws on malformed UTF-8 rather than inventing replacement characters. */
export const fromUtf8 = (bytes: Uint8Array): string => strictDecoder.decode(bytes);

export function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The same bytes, copied only when they live in a SharedArrayBuffer WebCrypto would refuse. */
export const plain = (bytes: Uint8Array): Bytes => (bytes.buffer instanceof ArrayBuffer ? (bytes as Bytes) : new Uint8Array(bytes));

export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function fromHex(text: string): Bytes {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new TypeError('not lowercase hex');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Only the canonical unpadded form decodes, so one value has one spelling inside a hashed header. */
export function fromBase64Url(text: string): Bytes {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new TypeError('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (toBase64Url(out) !== text) throw new TypeError('not canonical base64url');
  return out;
}

export function u32(value: number): Bytes {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

export const readU32 = (bytes: Uint8Array, at: number): number => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at);

/**
 * Reads exact byte counts from a sequence of arbitrarily sized pieces. A request that fits inside
 * the current piece is answered with a view of it, not a copy: at 1 MiB chunks that copy would be
 * most of the envelope's overhead.
 */
export class ByteReader {
  #head: Uint8Array;
  #done = false;

  constructor(
    private readonly source: { next(): Promise<IteratorResult<Uint8Array>>; cancel(reason?: unknown): Promise<void> },
    initial: Uint8Array = new Uint8Array(0),
  ) {
    this.#head = initial;
  }

  static of(stream: ReadableStream<Uint8Array>, initial?: Uint8Array): ByteReader {
    const reader = stream.getReader();
    return new ByteReader(
      {
        next: async () => {
          const result = await reader.read();
          return result.done ? { done: true, value: undefined } : { done: false, value: result.value };
        },
        cancel: (reason) => reader.cancel(reason),
      },
      initial,
    );
  }

  /**
   * Exactly `n` bytes, or fewer only when the source ends first. Bytes that must be gathered from
   * several pieces go into `scratch` when it is given (the result then aliases it until the next
   * read), sparing a chunk-sized allocation per chunk for a caller that hands them to WebCrypto,
   * which copies its input when called.
   */
  async read(n: number, scratch?: Bytes): Promise<Bytes> {
    if (this.#head.length >= n) return this.#take(n);
    const out = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.#head.length === 0 && !(await this.#pull())) return out.subarray(0, filled);
      const part = this.#take(Math.min(n - filled, this.#head.length));
      out.set(part, filled);
      filled += part.length;
    }
    return out;
  }

  /** True once the source has no byte left; pulls at most one piece to find out. */
  async atEnd(): Promise<boolean> {
    while (this.#head.length === 0) if (!(await this.#pull())) return true;
    return false;
  }

  /** Whatever is left, piece by piece, as the source delivers it. */
  async *rest(): AsyncGenerator<Uint8Array> {
    while (this.#head.length > 0 || (await this.#pull())) if (this.#head.length > 0) yield this.#take(this.#head.length);
  }

  cancel(reason?: unknown): Promise<void> {
    this.#done = true;
    this.#head = new Uint8Array(0);
    return this.source.cancel(reason);
  }

  #take(n: number): Bytes {
    const part = this.#head.subarray(0, n);
    this.#head = this.#head.subarray(n);
    return plain(part);
  }

  async #pull(): Promise<boolean> {
    if (this.#done) return false;
    const result = await this.source.next();
    if (result.done) {
      this.#done = true;
      return false;
    }
    if (!(result.value instanceof Uint8Array)) throw new EnvelopeError('INVALID_INPUT', 'a byte stream must deliver Uint8Array chunks');
    this.#head = result.value;
    return true;
  }
}
