import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import canonicalize from 'canonicalize';

/** Signs receipts with the platform's Ed25519 key; anyone can verify them with the published public key. */
export interface ReceiptSigner {
  keyId: string;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  /** base64url Ed25519 signature over the RFC 8785 canonical JSON of `payload`. */
  sign(payload: Record<string, unknown>): string;
  verify(payload: Record<string, unknown>, signature: string): boolean;
}

/** The text the platform signs for a payload: its RFC 8785 canonical JSON. */
export const canonicalText = (payload: Record<string, unknown>): string => canonicalize(payload) ?? '';

const canonical = (payload: Record<string, unknown>): Buffer => Buffer.from(canonicalText(payload), 'utf8');

export function createReceiptSigner(privateKey: KeyObject): ReceiptSigner {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' }) as { kty: 'OKP'; crv: 'Ed25519'; x: string };
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  return {
    keyId,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
    sign: (payload) => sign(null, canonical(payload), privateKey).toString('base64url'),
    verify: (payload, signature) => verify(null, canonical(payload), publicKey, Buffer.from(signature, 'base64url')),
  };
}

/** The installation's key: from a PEM given in the environment, else generated once into the data directory. */
export async function loadReceiptKey(options: { pem?: string; dataDir: string }): Promise<KeyObject> {
  if (options.pem) return createPrivateKey(options.pem);
  const file = path.join(options.dataDir, 'receipt-ed25519.pem');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return createPrivateKey(existing);
  const { privateKey } = generateKeyPairSync('ed25519');
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return privateKey;
}
