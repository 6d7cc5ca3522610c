import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createReceiptSigner } from './receipt-signer';

describe('receipt signer', () => {
  const signer = createReceiptSigner(generateKeyPairSync('ed25519').privateKey);
  const payload = { receiptId: 'r1', sha256: 'ab'.repeat(32), size: 10, serverTime: '2026-11-28T09:00:00.000Z' };

  it('signs canonical JSON, so key order does not matter', () => {
    const signature = signer.sign(payload);
    const reordered = { serverTime: payload.serverTime, size: 10, sha256: payload.sha256, receiptId: 'r1' };
    expect(signer.verify(reordered, signature)).toBe(true);
  });

  it('rejects any change to the payload and signatures by another key', () => {
    const signature = signer.sign(payload);
    expect(signer.verify({ ...payload, size: 11 }, signature)).toBe(false);
    const other = createReceiptSigner(generateKeyPairSync('ed25519').privateKey);
    expect(other.verify(payload, signature)).toBe(false);
    expect(other.keyId).not.toBe(signer.keyId);
    expect(signer.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });
});
