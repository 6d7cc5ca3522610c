import { type Bytes, concat, fromBase64Url, fromHex, toBase64Url, toHex, utf8 } from '../bytes';
import type { ChunkCipherFactory } from '../cipher';
import { encryptEnvelopeWith } from '../encrypt';
import { MAGIC, TAG_BYTES } from '../format';
import type { OpeningForm } from '../frame';
import { type BidderKey, exportPrivateKeyWith, fingerprint, type PublicJwk, publicJwkOf } from '../keys';
import { ECDH_P256, type RandomSource } from '../random';

/**
 * Builds the shared test vectors from fixed inputs. Every value that is random in real use comes
 * from a seeded generator here and is written into the vectors, so another implementation can
 * replay it; `generate.ts` prints the result and the tests check the committed file still matches.
 */

/** sfc32 seeded from a string: reproducible filler, nothing more. */
function seeded(seed: string): (length: number) => Bytes {
  let [a, b, c, d] = [0x9e3779b9, 0x243f6a88, 0xb7e15162, 0];
  for (const ch of utf8(seed)) d = Math.imul(d ^ ch, 0x01000193) >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) next();
  return (length) => Uint8Array.from({ length }, () => next() & 0xff);
}

/** A P-256 private key from a fixed scalar: PKCS#8 without the optional public key, which WebCrypto derives. */
async function keyFromScalar(d: Bytes): Promise<CryptoKeyPair> {
  const pkcs8 = concat(fromHex('308141020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420'), d);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ECDH_P256, true, ['deriveBits']);
  const { kty, crv, x, y } = (await crypto.subtle.exportKey('jwk', privateKey)) as JsonWebKey;
  const publicKey = await crypto.subtle.importKey('jwk', { kty, crv, x, y }, ECDH_P256, true, []);
  return { privateKey, publicKey };
}

export interface PrivateJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
}

export async function privateJwkOf(pair: CryptoKeyPair): Promise<PrivateJwk> {
  const { x, y, d } = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
  return { kty: 'EC', crv: 'P-256', x: x!, y: y!, d: d! };
}

export async function bidderKeyFromJwk(jwk: PrivateJwk): Promise<BidderKey> {
  const privateKey = await crypto.subtle.importKey('jwk', jwk, ECDH_P256, true, ['deriveBits']);
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { kid: await fingerprint(publicJwk), publicJwk, privateKey };
}

/** Hands out exactly the values listed, in order, and fails loudly if the code asks for anything else. */
function scripted(bytes: Bytes[], keyPairs: CryptoKeyPair[]): RandomSource {
  return {
    bytes: (length) => {
      const next = bytes.shift();
      if (next?.length !== length) throw new Error(`vector script: expected a draw of ${next?.length} bytes, got a request for ${length}`);
      return next;
    },
    ecdhKeyPair: async () => {
      const next = keyPairs.shift();
      if (!next) throw new Error('vector script: no key pair left');
      return next;
    },
  };
}

const FORM: OpeningForm = { price: '12345678.00', durationDays: 180, quality: '合格', projectManager: '张三' };
type KeyName = 'bidder' | 'recovery' | 'other';

interface EnvelopeSpec {
  name: string;
  description: string;
  recipients: KeyName[];
  chunkSize?: number;
  fileName: string;
  fileSize: number;
}

const ENVELOPES: EnvelopeSpec[] = [
  { name: 'empty-file', description: 'a 0-byte file: the payload is the frame alone, one final chunk', recipients: ['bidder'], fileName: '空白.pdf', fileSize: 0 },
  { name: 'one-byte', description: 'a 1-byte file, default chunk size', recipients: ['bidder'], fileName: 'one.bin', fileSize: 1 },
  { name: 'multi-chunk', description: '256-byte chunks: 7 full chunks and a shorter final one', recipients: ['bidder'], chunkSize: 256, fileName: 'bid.pdf', fileSize: 1000 },
  { name: 'exact-chunks', description: 'the payload fills exactly 4 chunks of 512 bytes; the last one is full', recipients: ['bidder'], chunkSize: 512, fileName: 'exact.pdf', fileSize: 1024 },
  { name: 'with-recovery', description: 'wrapped to the bidder and to a recovery key; either opens it', recipients: ['bidder', 'recovery'], chunkSize: 300, fileName: 'bid.zip', fileSize: 500 },
  { name: 'other-bidder', description: 'wrapped to another bidder only', recipients: ['other'], chunkSize: 256, fileName: 'theirs.pdf', fileSize: 300 },
];

/** The vectors; `cipher` picks the chunk cipher that seals them, which must not change a byte. */
export async function buildVectors(cipher?: ChunkCipherFactory) {
  const draw = seeded('bidhall bid envelope v1 test vectors');
  const pairs = { bidder: await keyFromScalar(draw(32)), recovery: await keyFromScalar(draw(32)), other: await keyFromScalar(draw(32)) };
  const keys = {
    bidder: await describeKey(pairs.bidder),
    recovery: await describeKey(pairs.recovery),
    other: await describeKey(pairs.other),
  };

  const password = '正确 horse battery staple';
  const salt = draw(16);
  const iv = draw(12);
  const bidder = await bidderKeyFromJwk(keys.bidder.privateJwk);
  const keyFile = {
    description: 'the bidder key under a password: PBKDF2-SHA-256 (600,000 iterations) and AES-256-GCM over PKCS#8',
    password,
    random: { salt: toHex(salt), iv: toHex(iv) },
    file: await exportPrivateKeyWith(scripted([salt, iv], []), bidder, password),
  };

  const envelopes: Awaited<ReturnType<typeof buildEnvelope>>[] = [];
  for (const spec of ENVELOPES) envelopes.push(await buildEnvelope(spec, draw, keys, cipher));

  const byName = (name: string) => fromBase64Url(envelopes.find((e) => e.name === name)!.envelope);
  return { format: 'bidhall bid envelope, version 1 (docs/bid-envelope.md)', keys, keyFile, envelopes, tampered: tamper(byName) };
}

async function buildEnvelope(spec: EnvelopeSpec, draw: (length: number) => Bytes, keys: Record<KeyName, { publicJwk: PublicJwk }>, cipher?: ChunkCipherFactory) {
  const file = draw(spec.fileSize);
  const contentKey = draw(32);
  const noncePrefix = draw(7);
  const ephemeral = [];
  for (const _ of spec.recipients) ephemeral.push(await keyFromScalar(draw(32)));
  const wrapIvs = spec.recipients.map(() => draw(12));
  const random = scripted([contentKey, noncePrefix, ...wrapIvs], [...ephemeral]);
  const sealed = await encryptEnvelopeWith(random, {
    recipients: spec.recipients.map((name) => keys[name].publicJwk),
    form: FORM,
    fileName: spec.fileName,
    source: new Blob([file]).stream(),
    size: file.length,
    ...(spec.chunkSize ? { chunkSize: spec.chunkSize } : {}),
    ...(cipher ? { cipher } : {}),
  });
  const envelope = new Uint8Array(await new Response(sealed.stream).arrayBuffer());
  return {
    name: spec.name,
    description: spec.description,
    recipients: spec.recipients,
    chunkSize: sealed.header.chunkSize,
    form: FORM,
    fileName: spec.fileName,
    file: toHex(file),
    random: {
      contentKey: toHex(contentKey),
      noncePrefix: toHex(noncePrefix),
      ephemeralKeys: await Promise.all(ephemeral.map(privateJwkOf)),
      wrapIvs: wrapIvs.map(toHex),
    },
    envelope: toBase64Url(envelope),
  };
}

async function describeKey(pair: CryptoKeyPair) {
  const publicJwk = await publicJwkOf(pair.publicKey);
  return { kid: await fingerprint(publicJwk), publicJwk, privateJwk: await privateJwkOf(pair) };
}

/** Every way of damaging an envelope that must be caught, each with the error code it must produce. */
function tamper(envelope: (name: string) => Bytes) {
  const original = envelope('multi-chunk');
  const headerLength = MAGIC.length + 1 + 4 + new DataView(original.buffer).getUint32(MAGIC.length + 1);
  const sealedChunk = 256 + TAG_BYTES;
  const chunks: Bytes[] = [];
  for (let at = headerLength; at < original.length; at += sealedChunk) chunks.push(original.slice(at, at + sealedChunk));
  const header = original.slice(0, headerLength);
  const chunk = (i: number) => chunks[i]!;
  const json = new TextDecoder().decode(header.subarray(MAGIC.length + 5));
  const withHeaderField = (field: string) => {
    const copy = original.slice();
    const at = MAGIC.length + 5 + utf8(json.slice(0, json.indexOf(`"${field}":"`) + field.length + 4)).length;
    copy[at] = copy[at] === 0x41 ? 0x42 : 0x41;
    return copy;
  };
  const flipped = (at: number) => {
    const copy = original.slice();
    copy[at]! ^= 0x01;
    return copy;
  };
  const other = envelope('one-byte');
  const otherHeaderLength = MAGIC.length + 5 + new DataView(other.buffer).getUint32(MAGIC.length + 1);

  const cases: { name: string; description: string; envelope: Bytes; error: string }[] = [
    { name: 'chunk-byte-flipped', description: 'one bit flipped inside chunk 1', envelope: flipped(headerLength + sealedChunk + 10), error: 'CHUNK_AUTH_FAILED' },
    { name: 'tag-byte-flipped', description: 'one bit flipped in the tag of the final chunk', envelope: flipped(original.length - 1), error: 'CHUNK_AUTH_FAILED' },
    { name: 'header-nonce-changed', description: 'the header’s nonce prefix changed (still valid JSON)', envelope: withHeaderField('noncePrefix'), error: 'CHUNK_AUTH_FAILED' },
    { name: 'header-json-broken', description: 'a brace of the header JSON replaced', envelope: flipped(MAGIC.length + 5), error: 'HEADER_INVALID' },
    { name: 'header-swapped', description: 'the header of another envelope (another content key) in front of these chunks', envelope: concat(other.subarray(0, otherHeaderLength), ...chunks), error: 'CHUNK_AUTH_FAILED' },
    { name: 'wrapped-key-changed', description: 'the recipient’s wrapped key altered', envelope: withHeaderField('wrappedKey'), error: 'WRONG_KEY' },
    { name: 'commitment-changed', description: 'the key commitment altered', envelope: withHeaderField('commitment'), error: 'WRONG_KEY' },
    { name: 'chunks-reordered', description: 'chunks 1 and 2 swapped', envelope: concat(header, chunk(0), chunk(2), chunk(1), ...chunks.slice(3)), error: 'CHUNK_AUTH_FAILED' },
    { name: 'chunk-dropped', description: 'chunk 2 removed', envelope: concat(header, ...chunks.slice(0, 2), ...chunks.slice(3)), error: 'CHUNK_AUTH_FAILED' },
    { name: 'chunk-duplicated', description: 'chunk 1 repeated', envelope: concat(header, chunk(0), chunk(1), chunk(1), ...chunks.slice(2)), error: 'CHUNK_AUTH_FAILED' },
    { name: 'final-chunk-dropped', description: 'the final chunk removed: a truncation on a chunk boundary', envelope: concat(header, ...chunks.slice(0, -1)), error: 'TRUNCATED' },
    { name: 'cut-inside-chunk', description: 'the envelope cut 5 bytes into chunk 3', envelope: original.slice(0, headerLength + 3 * sealedChunk + 5), error: 'TRUNCATED' },
    { name: 'trailing-bytes', description: 'one zero byte appended', envelope: concat(original, Uint8Array.of(0)), error: 'TRAILING_DATA' },
    { name: 'not-an-envelope', description: 'a plain PDF', envelope: utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), error: 'NOT_AN_ENVELOPE' },
    { name: 'unsupported-version', description: 'version byte 2', envelope: concat(MAGIC, Uint8Array.of(2), original.subarray(MAGIC.length + 1)), error: 'UNSUPPORTED_VERSION' },
    { name: 'for-another-bidder', description: 'an intact envelope wrapped to another bidder’s key only', envelope: envelope('other-bidder'), error: 'WRONG_KEY' },
  ];
  return cases.map((c) => ({ name: c.name, description: c.description, openWith: 'bidder' as const, error: c.error, envelope: toBase64Url(c.envelope) }));
}
