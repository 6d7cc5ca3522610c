import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { ChunkCipherFactory } from './cipher';

const TAG_BYTES = 16;

/**
 * The chunk cipher on `node:crypto`, for Node callers (the platform at the opening, the CLI):
 * same bytes as WebCrypto's, without its per-call copies. Kept out of the package's main entry so
 * browser bundles never see `node:crypto`.
 */
export const nodeCipher: ChunkCipherFactory = async (payloadKey) => {
  const key = Buffer.from(payloadKey);
  return {
    seal: async (iv, aad, plaintext) => {
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const body = cipher.update(plaintext);
      const final = cipher.final();
      return new Uint8Array(Buffer.concat([body, final, cipher.getAuthTag()]));
    },
    open: async (iv, aad, sealed) => {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
      const final = decipher.final();
      return final.length === 0 ? new Uint8Array(body.buffer, body.byteOffset, body.length) : new Uint8Array(Buffer.concat([body, final]));
    },
  };
};
