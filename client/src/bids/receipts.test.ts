import type { TPlatformKeys, TReceipt } from '@bidhall/contracts';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { verifyReceipt } from './receipts';

const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
const { x = '' } = await crypto.subtle.exportKey('jwk', pair.publicKey);
const keys: TPlatformKeys = { receipts: { alg: 'Ed25519', keyId: 'receipts-1', publicJwk: { kty: 'OKP', crv: 'Ed25519', x } } };

const base64Url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function signed(fields: Omit<TReceipt, 'signature'>): Promise<TReceipt> {
  const signature = await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(canonicalize(fields) ?? ''));
  return { ...fields, signature: base64Url(signature) };
}

const receipt = await signed({
  receiptId: '0b9f3c1e-7a52-4d0e-9a51-3f0f6f0e2a11',
  kind: 'SUBMISSION',
  sectionId: '5c1d2a8e-41a4-4b39-8d3c-0a8b5b2f1e77',
  bidderOrgId: 'b0a6f6a2-9f0e-4c5e-8f7e-1f2d3c4b5a69',
  sha256: 'a'.repeat(64),
  size: 3_146_000,
  serverTime: '2026-03-01T08:00:00.000Z',
  keyId: 'receipts-1',
});

describe('verifyReceipt', () => {
  it('accepts the platform signature over the canonical JSON, whatever the order of the fields', async () => {
    expect(await verifyReceipt(receipt, keys)).toBe('verified');
    const reordered = Object.fromEntries(Object.entries(receipt).reverse()) as TReceipt;
    expect(await verifyReceipt(reordered, keys)).toBe('verified');
  });

  it('refuses a receipt with any field changed', async () => {
    expect(await verifyReceipt({ ...receipt, size: receipt.size + 1 }, keys)).toBe('invalid');
    expect(await verifyReceipt({ ...receipt, kind: 'WITHDRAWAL' }, keys)).toBe('invalid');
    expect(await verifyReceipt({ ...receipt, signature: 'not base64url!' }, keys)).toBe('invalid');
    expect(await verifyReceipt({ ...receipt, signature: 'abcde' }, keys)).toBe('invalid');
  });

  it('says so when the receipt names a key the platform does not publish', async () => {
    expect(await verifyReceipt({ ...receipt, keyId: 'receipts-0' }, keys)).toBe('unknownKey');
  });
});
