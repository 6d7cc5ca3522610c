import { createCipheriv, createDecipheriv, createSecretKey } from 'node:crypto';
import type { Bytes } from './bytes';
import type { ChunkCipherFactory } from './cipher';

const TAG_BYTES = 16;

/** A Buffer's bytes as a plain Uint8Array, without copying them. */
const view = (buffer: Buffer): Bytes => new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.length);

/**
 * The chunk cipher on `node:crypto`, for Node callers (the platform at the opening, the CLI): same
 * bytes as WebCrypto's. A chunk is fed to the cipher piece by piece as the source delivered it,
 * and the pieces it gives back are passed on as they are, so no byte is copied on the way. The
 * work runs on the calling thread, before the returned promise is even made, so the envelope
 * keeps one chunk in flight with it. Kept out of the package's main entry so browser bundles
 * never see `node:crypto`.
 */
export const nodeCipher: ChunkCipherFactory = async (payloadKey) => {
  const key = createSecretKey(payloadKey);
  return {
    // Each chunk is done before the call returns: nothing would run beside a second one.
    concurrency: 1,
    seal: async (iv, aad, plaintext) => {
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
      const sealed = plaintext.map((piece) => view(cipher.update(piece)));
      const final = cipher.final();
      if (final.length > 0) sealed.push(view(final));
      sealed.push(view(cipher.getAuthTag()));
      return sealed;
    },
    open: async (iv, aad, ciphertext, tag) => {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad).setAuthTag(tag);
      const opened = ciphertext.map((piece) => view(decipher.update(piece)));
      const final = decipher.final();
      if (final.length > 0) opened.push(view(final));
      return opened;
    },
  };
};
