import { EnvelopeError } from './errors';

/** Bytes backed by a plain ArrayBuffer, which is what WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (text: string): Bytes => encoder.encode(text) as Bytes;

/** Throws on malformed UTF-8 rather than inventing replacement characters. */
export const fromUtf8 = (bytes: Uint8Array): string => strictDecoder.decode(bytes);

export const byteLength = (parts: readonly Uint8Array[]): number => parts.reduce((n, p) => n + p.length, 0);

export function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(byteLength(parts));
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
 * What the envelope reads: a web stream (a browser's `File.stream()`), or any async iterable of
 * byte chunks, such as a Node `fs.ReadStream` taken as it is. On Node the latter is the faster:
 * `Readable.toWeb` copies every chunk it passes on. An iterable is stopped with `return()`.
 */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Reads exact byte counts from a sequence of arbitrarily sized pieces. Requests are answered with
 * views of the pieces, not copies: at 1 MiB chunks, a copy (with the allocation and garbage
 * collection it brings) costs a good share of the AES-GCM over the same bytes.
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

  static of(source: ByteSource, initial?: Uint8Array): ByteReader {
    if (!('getReader' in source)) {
      const iterator = source[Symbol.asyncIterator]();
      return new ByteReader({ next: () => iterator.next(), cancel: async () => void (await iterator.return?.()) }, initial);
    }
    const reader = source.getReader();
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

  /** Exactly `n` bytes, or fewer only when the source ends first; a copy only when they span pieces. */
  async read(n: number): Promise<Bytes> {
    if (this.#head.length >= n) return this.#take(n);
    const pieces = await this.readPieces(n);
    return pieces.length === 1 ? pieces[0]! : concat(...pieces);
  }

  /**
   * The next `n` bytes (fewer only when the source ends first) as views of the source's own
   * pieces, in order and none empty: nothing is copied, for a consumer that takes its input in
   * parts, as a streaming cipher does.
   */
  async readPieces(n: number): Promise<Bytes[]> {
    const pieces: Bytes[] = [];
    for (let left = n; left > 0; ) {
      if (this.#head.length === 0 && !(await this.#pull())) break;
      const part = this.#take(Math.min(left, this.#head.length));
      pieces.push(part);
      left -= part.length;
    }
    return pieces;
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
