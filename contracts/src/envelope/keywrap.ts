import { type Bytes, concat, equalBytes, utf8 } from './bytes';
import { EnvelopeError } from './errors';
import type { EnvelopeHeader, RecipientEntry } from './format';
import { type BidderKey, fingerprint, importPublicKey, type PublicJwk, publicJwkOf } from './keys';
import type { RandomSource } from './random';

const subtle = () => globalThis.crypto.subtle;

export const CONTENT_KEY_BYTES = 32;
const WRAP_INFO = utf8('bidhall-envelope/v1 key-wrap');
const PAYLOAD_INFO = utf8('bidhall-envelope/v1 payload');
const COMMITMENT_INFO = utf8('bidhall-envelope/v1 commitment');
const NO_SALT = new Uint8Array(0);

/** What one content key opens: the raw AES-256-GCM key of the chunks, and the value the header commits to. */
export async function contentKeySchedule(contentKey: Uint8Array): Promise<{ payloadKey: Bytes; commitment: Bytes }> {
  if (!(contentKey instanceof Uint8Array) || contentKey.length !== CONTENT_KEY_BYTES) {
    throw new EnvelopeError('INVALID_INPUT', `a content key is ${CONTENT_KEY_BYTES} bytes`);
  }
  const base = await subtle().importKey('raw', new Uint8Array(contentKey), 'HKDF', false, ['deriveBits']);
  const [payloadKey, commitment] = await Promise.all([
    subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: NO_SALT, info: PAYLOAD_INFO }, base, 256),
    subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: NO_SALT, info: COMMITMENT_INFO }, base, 256),
  ]);
  return { payloadKey: new Uint8Array(payloadKey), commitment: new Uint8Array(commitment) };
}

/** The key-encryption key of one recipient entry, bound to both public keys of the agreement. */
async function keyEncryptionKey(privateKey: CryptoKey, peer: CryptoKey, ephemeral: CryptoKey, recipient: CryptoKey, usage: KeyUsage): Promise<CryptoKey> {
  const shared = await subtle().deriveBits({ name: 'ECDH', public: peer }, privateKey, 256);
  const [ephemeralRaw, recipientRaw] = await Promise.all([subtle().exportKey('raw', ephemeral), subtle().exportKey('raw', recipient)]);
  const base = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const info = concat(WRAP_INFO, new Uint8Array(ephemeralRaw), new Uint8Array(recipientRaw));
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: NO_SALT, info }, base, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

export async function wrapContentKey(random: RandomSource, contentKey: Bytes, recipient: PublicJwk): Promise<RecipientEntry> {
  const recipientKey = await importPublicKey(recipient);
  const ephemeral = await random.ecdhKeyPair();
  const kek = await keyEncryptionKey(ephemeral.privateKey, recipientKey, ephemeral.publicKey, recipientKey, 'encrypt');
  const iv = random.bytes(12);
  const wrappedKey = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv }, kek, contentKey));
  return { kid: await fingerprint(recipient), epk: await publicJwkOf(ephemeral.publicKey), iv, wrappedKey };
}

/**
 * The raw content key, recovered with the bidder's (or the recovery) private key and checked
 * against the header's commitment. At the opening the bidder's browser does this and hands the
 * result to the platform, which then decrypts with `decryptWithContentKey`.
 */
export async function unwrapContentKey(header: EnvelopeHeader, key: BidderKey): Promise<Bytes> {
  const contentKey = await unwrapEntry(header, key);
  await checkCommitment(header, contentKey);
  return contentKey;
}

/** The content key from this key's recipient entry, not yet checked against the commitment. */
export async function unwrapEntry(header: EnvelopeHeader, key: BidderKey): Promise<Bytes> {
  const entry = header.recipients.find((r) => r.kid === key.kid);
  if (!entry) {
    throw new EnvelopeError('WRONG_KEY', `the envelope is not encrypted to key ${key.kid}; it is encrypted to ${header.recipients.map((r) => r.kid).join(', ')}`);
  }
  try {
    const [ephemeral, own] = await Promise.all([importPublicKey(entry.epk), importPublicKey(key.publicJwk)]);
    const kek = await keyEncryptionKey(key.privateKey, ephemeral, ephemeral, own, 'decrypt');
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: entry.iv }, kek, entry.wrappedKey));
  } catch (cause) {
    throw new EnvelopeError('WRONG_KEY', `the private key does not open the entry for key ${key.kid}`, { cause });
  }
}

/** The payload key of `contentKey`, once the key is found to be the one the header commits to (`WRONG_KEY` otherwise). */
export async function checkCommitment(header: EnvelopeHeader, contentKey: Uint8Array): Promise<Bytes> {
  const { payloadKey, commitment } = await contentKeySchedule(contentKey);
  if (!equalBytes(commitment, header.commitment)) throw new EnvelopeError('WRONG_KEY', 'this content key does not belong to the envelope');
  return payloadKey;
}
