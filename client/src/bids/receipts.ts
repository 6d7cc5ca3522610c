import type { TPlatformKeys, TReceipt } from '@bidhall/contracts';
import canonicalize from 'canonicalize';

export type ReceiptCheck = 'verified' | 'invalid' | 'unknownKey';

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The bytes the platform signs: RFC 8785 canonical JSON of every field of the receipt but the signature. */
export function signedBytes(receipt: TReceipt): Uint8Array<ArrayBuffer> {
  const { signature: _signature, ...signed } = receipt;
  return new TextEncoder().encode(canonicalize(signed) ?? '');
}

/**
 * Checks a receipt's Ed25519 signature in the browser against the platform's published key, so
 * the bidder need not take the platform's word that what it shows was signed.
 */
export async function verifyReceipt(receipt: TReceipt, keys: TPlatformKeys): Promise<ReceiptCheck> {
  const published = keys.receipts;
  if (receipt.keyId !== published.keyId) return 'unknownKey';
  const signature = fromBase64Url(receipt.signature);
  if (!signature || signature.length !== 64) return 'invalid';
  const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: published.publicJwk.x }, { name: 'Ed25519' }, false, ['verify']);
  return (await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signedBytes(receipt))) ? 'verified' : 'invalid';
}

export const receiptFileName = (receipt: TReceipt) => `bidhall-receipt-${receipt.kind.toLowerCase()}-${receipt.receiptId}.json`;

export const receiptBlob = (receipt: TReceipt) => new Blob([`${JSON.stringify(receipt, null, 2)}\n`], { type: 'application/json' });
