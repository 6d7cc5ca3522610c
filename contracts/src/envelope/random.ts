import type { Bytes } from './bytes';

/**
 * Every random choice the envelope makes goes through this, so the test vectors can replay fixed
 * values; production code always uses `systemRandom`.
 */
export interface RandomSource {
  bytes(length: number): Bytes;
  /** A fresh ECDH P-256 key pair for one recipient entry. */
  ecdhKeyPair(): Promise<CryptoKeyPair>;
}

export const ECDH_P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

export const systemRandom: RandomSource = {
  bytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
  ecdhKeyPair: () => crypto.subtle.generateKey(ECDH_P256, false, ['deriveBits']),
};
