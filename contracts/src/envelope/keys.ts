import { z } from 'zod';
import { type Bytes, fromBase64Url, toBase64Url, toHex, utf8 } from './bytes';
import { EnvelopeError } from './errors';
import { ECDH_P256, type RandomSource, systemRandom } from './random';
import { ZText } from '../common';

const subtle = () => globalThis.crypto.subtle;

/** Base64url text that decodes to exactly `length` bytes. */
export const zBase64Url = (length: number) =>
  ZText.refine((text) => {
    try {
      return fromBase64Url(text).length === length;
    } catch {
      return false;
    }
  }, `expected base64url of ${length} bytes`);

/** The public half of a bidder (or recovery) key: ECDH P-256 as a JWK, nothing else. */
export const ZPublicJwk = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: zBase64Url(32), y: zBase64Url(32) });
export type PublicJwk = z.infer<typeof ZPublicJwk>;

/** A bidder's key ready for use: `kid` is the fingerprint recipient entries are matched by. */
export interface BidderKey {
  kid: string;
  publicJwk: PublicJwk;
  privateKey: CryptoKey;
}

/** Accepts any JWK object carrying a P-256 point (extra members such as `ext`, `key_ops`, `kid` are dropped). */
export function parsePublicJwk(value: unknown): PublicJwk {
  const parsed = ZPublicJwk.safeParse(value);
  if (!parsed.success) throw new EnvelopeError('KEY_INVALID', 'not an ECDH P-256 public key in JWK form');
  const { kty, crv, x, y } = parsed.data;
  return { kty, crv, x, y };
}

export async function importPublicKey(jwk: PublicJwk): Promise<CryptoKey> {
  try {
    return await subtle().importKey('jwk', { ...parsePublicJwk(jwk), ext: true }, ECDH_P256, true, []);
  } catch (cause) {
    if (cause instanceof EnvelopeError) throw cause;
    throw new EnvelopeError('KEY_INVALID', 'the public key is not a point on P-256', { cause });
  }
}

export async function publicJwkOf(key: CryptoKey): Promise<PublicJwk> {
  return parsePublicJwk(await subtle().exportKey('jwk', key));
}

/** SHA-256 of the key's SubjectPublicKeyInfo DER, lowercase hex: the `kid` of recipient entries. */
export async function fingerprint(publicJwk: PublicJwk): Promise<string> {
  const spki = await subtle().exportKey('spki', await importPublicKey(publicJwk));
  return toHex(new Uint8Array(await subtle().digest('SHA-256', spki)));
}

/**
 * A new key pair for a bidder. Keep it extractable (the default) when the private key must later be
 * exported to a password-protected file; WebCrypto cannot export it otherwise.
 */
export async function generateBidderKeyPair(options: { extractable?: boolean } = {}): Promise<BidderKey> {
  const pair = await subtle().generateKey(ECDH_P256, options.extractable ?? true, ['deriveBits']);
  const publicJwk = await publicJwkOf(pair.publicKey);
  return { kid: await fingerprint(publicJwk), publicJwk, privateKey: pair.privateKey };
}

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_MIN_ITERATIONS = 600_000;
const PBKDF2_MAX_ITERATIONS = 10_000_000;
export const MIN_PASSWORD_LENGTH = 8;
const KEY_FILE_FORMAT = 'bidhall-bidder-key';

const ZKeyFile = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  kid: ZText.regex(/^[0-9a-f]{64}$/),
  publicJwk: ZPublicJwk,
  kdf: z.strictObject({
    name: z.literal('PBKDF2-SHA-256'),
    iterations: z.number().int().min(PBKDF2_MIN_ITERATIONS).max(PBKDF2_MAX_ITERATIONS),
    salt: zBase64Url(16),
  }),
  cipher: z.strictObject({ name: z.literal('AES-256-GCM'), iv: zBase64Url(12) }),
  /** AES-256-GCM over the PKCS#8 DER of the private key, tag appended. */
  encryptedPrivateKey: ZText.regex(/^[A-Za-z0-9_-]{60,400}$/),
});
/** The password-protected private key file; plain JSON, safe to store or copy. */
export type KeyFile = z.infer<typeof ZKeyFile>;

/** Binds the public half to the ciphertext, so the two parts of a file cannot be mixed. */
const keyFileAad = (kid: string) => utf8(`${KEY_FILE_FORMAT}/v1 ${kid}`);

async function passwordKey(password: string, salt: Bytes, iterations: number, usage: KeyUsage): Promise<CryptoKey> {
  // Normalised so the same password typed through different input methods opens the file.
  const base = await subtle().importKey('raw', utf8(password.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

export async function exportPrivateKeyWith(random: RandomSource, key: BidderKey, password: string, options: { iterations?: number } = {}): Promise<KeyFile> {
  const iterations = options.iterations ?? PBKDF2_MIN_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < PBKDF2_MIN_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS) {
    throw new EnvelopeError('INVALID_INPUT', `iterations must be an integer from ${PBKDF2_MIN_ITERATIONS} to ${PBKDF2_MAX_ITERATIONS}`);
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new EnvelopeError('INVALID_INPUT', `the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  let pkcs8: ArrayBuffer;
  try {
    pkcs8 = await subtle().exportKey('pkcs8', key.privateKey);
  } catch (cause) {
    throw new EnvelopeError('INVALID_INPUT', 'the private key is not extractable; it can only be exported if created extractable', { cause });
  }
  const salt = random.bytes(16);
  const iv = random.bytes(12);
  const wrapping = await passwordKey(password, salt, iterations, 'encrypt');
  const sealed = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: keyFileAad(key.kid) }, wrapping, pkcs8);
  return {
    format: KEY_FILE_FORMAT,
    version: 1,
    kid: key.kid,
    publicJwk: key.publicJwk,
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt: toBase64Url(salt) },
    cipher: { name: 'AES-256-GCM', iv: toBase64Url(iv) },
    encryptedPrivateKey: toBase64Url(new Uint8Array(sealed)),
  };
}

/** Encrypts the private key under a password (PBKDF2-SHA-256 → AES-256-GCM). */
export const exportPrivateKey = (key: BidderKey, password: string, options?: { iterations?: number }): Promise<KeyFile> =>
  exportPrivateKeyWith(systemRandom, key, password, options);

/** Reads a key file (parsed JSON); `BAD_PASSWORD` when the password does not open it. */
export async function importPrivateKey(file: unknown, password: string, options: { extractable?: boolean } = {}): Promise<BidderKey> {
  const parsed = ZKeyFile.safeParse(file);
  if (!parsed.success) throw new EnvelopeError('KEY_FILE_INVALID', `not a bidhall key file: ${z.prettifyError(parsed.error)}`);
  const { kid, kdf, cipher, encryptedPrivateKey } = parsed.data;
  const publicJwk = parsePublicJwk(parsed.data.publicJwk);
  if ((await fingerprint(publicJwk)) !== kid) throw new EnvelopeError('KEY_FILE_INVALID', 'the key file’s kid is not the fingerprint of its public key');

  const unwrapping = await passwordKey(password, fromBase64Url(kdf.salt), kdf.iterations, 'decrypt');
  let pkcs8: ArrayBuffer;
  try {
    pkcs8 = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64Url(cipher.iv), additionalData: keyFileAad(kid) }, unwrapping, fromBase64Url(encryptedPrivateKey));
  } catch {
    throw new EnvelopeError('BAD_PASSWORD', 'the password does not open this key file');
  }
  let privateKey: CryptoKey;
  try {
    privateKey = await subtle().importKey('pkcs8', pkcs8, ECDH_P256, true, ['deriveBits']);
  } catch (cause) {
    throw new EnvelopeError('KEY_FILE_INVALID', 'the key file does not hold a P-256 private key', { cause });
  }
  const { x, y } = (await subtle().exportKey('jwk', privateKey)) as JsonWebKey;
  if (x !== publicJwk.x || y !== publicJwk.y) throw new EnvelopeError('KEY_FILE_INVALID', 'the private key does not belong to the key file’s public key');
  if (options.extractable === false) privateKey = await subtle().importKey('pkcs8', pkcs8, ECDH_P256, false, ['deriveBits']);
  return { kid, publicJwk, privateKey };
}
