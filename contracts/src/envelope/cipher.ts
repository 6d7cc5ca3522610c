import type { Bytes } from './bytes';

/**
 * AES-256-GCM over one chunk. WebCrypto is the default everywhere; a Node caller may supply
 * `node:crypto`, which avoids WebCrypto's per-call copies and is several times faster there.
 * Both must produce and accept the same bytes: ciphertext followed by the 16-byte tag.
 */
export interface ChunkCipher {
  seal(iv: Bytes, aad: Bytes, plaintext: Bytes): Promise<Bytes>;
  /** Rejects when the chunk fails authentication. */
  open(iv: Bytes, aad: Bytes, sealed: Bytes): Promise<Bytes>;
}

/** Makes a chunk cipher from the 32 raw bytes of a payload key. */
export type ChunkCipherFactory = (payloadKey: Bytes) => Promise<ChunkCipher>;

export const webCryptoCipher: ChunkCipherFactory = async (payloadKey) => {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', new Uint8Array(payloadKey), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return {
    seal: async (iv, aad, plaintext) => new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, plaintext)),
    open: async (iv, aad, sealed) => new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, sealed)),
  };
};
