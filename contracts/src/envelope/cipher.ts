import { type Bytes, byteLength } from './bytes';
import { PIPELINE_DEPTH } from './chunks';

/**
 * AES-256-GCM over one chunk. WebCrypto is the default everywhere; a Node caller may supply
 * `node:crypto` (`@bidhall/contracts/envelope/node`), which streams through a chunk given in
 * pieces and so spares the copies WebCrypto needs. Both must produce and accept the same bytes:
 * ciphertext followed by the 16-byte tag.
 */
export interface ChunkCipher {
  /**
   * Seals one chunk whose plaintext is the concatenation of `plaintext` (no piece, for an empty
   * chunk). Resolves to the sealed chunk, ciphertext then tag, as consecutive pieces.
   */
  seal(iv: Bytes, aad: Bytes, plaintext: readonly Bytes[]): Promise<Bytes[]>;
  /**
   * Opens one chunk: the concatenation of `ciphertext`, then its tag. Resolves to the plaintext as
   * consecutive pieces, only once the tag checks; rejects when the chunk fails authentication.
   */
  open(iv: Bytes, aad: Bytes, ciphertext: readonly Bytes[], tag: Bytes): Promise<Bytes[]>;
  /**
   * Chunks worth having in flight at once: several for a cipher that works off the calling thread,
   * 1 for one that works on it, where more would only hold more memory (and evict it from cache).
   */
  readonly concurrency: number;
}

/** Makes a chunk cipher from the 32 raw bytes of a payload key. */
export type ChunkCipherFactory = (payloadKey: Bytes) => Promise<ChunkCipher>;

export const webCryptoCipher: ChunkCipherFactory = async (payloadKey) => {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', new Uint8Array(payloadKey), 'AES-GCM', false, ['encrypt', 'decrypt']);
  // WebCrypto takes one contiguous buffer and copies it when called, so one gathering buffer serves
  // every call, however many are still running.
  let scratch = new Uint8Array(0);
  const contiguous = (pieces: readonly Bytes[]): Bytes => {
    if (pieces.length === 1) return pieces[0]!;
    const length = byteLength(pieces);
    if (scratch.length < length) scratch = new Uint8Array(length);
    let at = 0;
    for (const piece of pieces) {
      scratch.set(piece, at);
      at += piece.length;
    }
    return scratch.subarray(0, length);
  };
  return {
    concurrency: PIPELINE_DEPTH,
    seal: async (iv, aad, plaintext) => [new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, contiguous(plaintext)))],
    open: async (iv, aad, ciphertext, tag) => [new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, contiguous(adjoin(ciphertext, tag))))],
  };
};

/** The ciphertext and the tag as pieces, the tag joined to the last piece when it directly follows it in memory. */
function adjoin(ciphertext: readonly Bytes[], tag: Bytes): Bytes[] {
  const last = ciphertext[ciphertext.length - 1];
  if (last && last.buffer === tag.buffer && last.byteOffset + last.length === tag.byteOffset) {
    return [...ciphertext.slice(0, -1), new Uint8Array(last.buffer, last.byteOffset, last.length + tag.length)];
  }
  return [...ciphertext, tag];
}
