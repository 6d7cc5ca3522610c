import { z } from 'zod';
import { type Bytes, concat, fromBase64Url, fromUtf8, readU32, toBase64Url, u32, utf8 } from './bytes';
import { EnvelopeError } from './errors';
import { type PublicJwk, parsePublicJwk, ZPublicJwk, zBase64Url } from './keys';
import { ZText } from '../common';

/** "\x89BHENV\r\n": a high-bit byte and a CRLF, so 7-bit or line-ending-mangling transfers show at once. */
export const MAGIC = Uint8Array.of(0x89, 0x42, 0x48, 0x45, 0x4e, 0x56, 0x0d, 0x0a);
export const FORMAT_VERSION = 1;
/** Magic, version byte, header length (u32 BE). */
export const PREFIX_BYTES = MAGIC.length + 1 + 4;
export const MAX_HEADER_JSON_BYTES = 16 * 1024;
/** How many leading bytes always contain the whole header. */
export const MAX_HEADER_BYTES = PREFIX_BYTES + MAX_HEADER_JSON_BYTES;

export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
/** Bounds the memory a reader must commit to one chunk. */
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
export const TAG_BYTES = 16;
export const NONCE_PREFIX_BYTES = 7;
export const MAX_RECIPIENTS = 4;
/** The chunk counter is 32 bits wide. */
const MAX_CHUNKS = 2 ** 32;

export const PAYLOAD_ALGORITHM = 'AES-256-GCM-STREAM';
export const KEY_WRAP_ALGORITHM = 'ECDH-ES-P256+HKDF-SHA-256+AES-256-GCM';

const ZRecipientJson = z.strictObject({
  kid: ZText.regex(/^[0-9a-f]{64}$/),
  epk: ZPublicJwk.strict(),
  iv: zBase64Url(12),
  wrappedKey: zBase64Url(48),
});

const ZHeaderJson = z.strictObject({
  version: z.literal(FORMAT_VERSION),
  algorithms: z.strictObject({ payload: z.literal(PAYLOAD_ALGORITHM), keyWrap: z.literal(KEY_WRAP_ALGORITHM) }),
  chunkSize: z.number().int().min(1).max(MAX_CHUNK_SIZE),
  payloadSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  noncePrefix: zBase64Url(NONCE_PREFIX_BYTES),
  commitment: zBase64Url(32),
  recipients: z.array(ZRecipientJson).min(1).max(MAX_RECIPIENTS),
});
type HeaderJson = z.infer<typeof ZHeaderJson>;

/** One copy of the content key, wrapped to the key whose fingerprint is `kid`. */
export interface RecipientEntry {
  kid: string;
  /** The ephemeral public key of this entry's ECDH agreement. */
  epk: PublicJwk;
  iv: Bytes;
  wrappedKey: Bytes;
}

/** Everything the header says, decoded; readable without any key. */
export interface EnvelopeHeader {
  version: typeof FORMAT_VERSION;
  chunkSize: number;
  /** Plaintext bytes across all chunks: the framed opening form and file description, then the file. */
  payloadSize: number;
  noncePrefix: Bytes;
  /** Commits the envelope to one content key: AES-GCM alone would let a crafted ciphertext open under two keys. */
  commitment: Bytes;
  recipients: RecipientEntry[];
  /** The exact leading bytes (prefix and JSON) whose SHA-256 every chunk authenticates. */
  bytes: Bytes;
}

export const chunkCount = (h: Pick<EnvelopeHeader, 'chunkSize' | 'payloadSize'>): number => Math.max(1, Math.ceil(h.payloadSize / h.chunkSize));

/** Plaintext length of chunk `index`: full chunks, then whatever remains (possibly 0) in the last. */
export const chunkPlainLength = (h: Pick<EnvelopeHeader, 'chunkSize' | 'payloadSize'>, index: number): number =>
  Math.min(h.chunkSize, h.payloadSize - index * h.chunkSize);

/** The exact byte length of the whole envelope this header describes. */
export const expectedEnvelopeSize = (h: EnvelopeHeader): number => h.bytes.length + h.payloadSize + chunkCount(h) * TAG_BYTES;

/** `SIZE_MISMATCH` unless an envelope of `totalSize` bytes fits the chunk structure the header declares. */
export function checkEnvelopeSize(header: EnvelopeHeader, totalSize: number): void {
  const expected = expectedEnvelopeSize(header);
  if (totalSize < expected) throw new EnvelopeError('SIZE_MISMATCH', `the envelope is truncated: ${totalSize} of ${expected} bytes`);
  if (totalSize > expected) throw new EnvelopeError('SIZE_MISMATCH', `the envelope has ${totalSize - expected} bytes after its final chunk`);
}

export function encodeHeader(fields: Omit<EnvelopeHeader, 'version' | 'bytes'>): EnvelopeHeader {
  const json: HeaderJson = {
    version: FORMAT_VERSION,
    algorithms: { payload: PAYLOAD_ALGORITHM, keyWrap: KEY_WRAP_ALGORITHM },
    chunkSize: fields.chunkSize,
    payloadSize: fields.payloadSize,
    noncePrefix: toBase64Url(fields.noncePrefix),
    commitment: toBase64Url(fields.commitment),
    recipients: fields.recipients.map((r) => ({ kid: r.kid, epk: r.epk, iv: toBase64Url(r.iv), wrappedKey: toBase64Url(r.wrappedKey) })),
  };
  const body = utf8(JSON.stringify(json));
  if (body.length > MAX_HEADER_JSON_BYTES) throw new EnvelopeError('INVALID_INPUT', 'the header would be too large');
  return inspectEnvelope(concat(MAGIC, Uint8Array.of(FORMAT_VERSION), u32(body.length), body));
}

/**
 * Parses and validates the header from an envelope's first bytes (the first `MAX_HEADER_BYTES` are
 * always enough; more are ignored). No key needed and nothing decrypted: this is how the platform
 * refuses an unencrypted or malformed upload early and sees which keys the bid is wrapped to.
 */
export function inspectEnvelope(firstBytes: Uint8Array): EnvelopeHeader {
  checkPrefix(firstBytes);
  const length = readU32(firstBytes, MAGIC.length + 1);
  if (length === 0 || length > MAX_HEADER_JSON_BYTES) throw new EnvelopeError('HEADER_INVALID', `the header length ${length} is out of range`);
  if (firstBytes.length < PREFIX_BYTES + length) throw new EnvelopeError('TRUNCATED', 'the envelope ends inside its header');
  const bytes = firstBytes.slice(0, PREFIX_BYTES + length);

  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(bytes.subarray(PREFIX_BYTES)));
  } catch (cause) {
    throw new EnvelopeError('HEADER_INVALID', 'the header is not UTF-8 JSON', { cause });
  }
  const parsed = ZHeaderJson.safeParse(json);
  if (!parsed.success) throw new EnvelopeError('HEADER_INVALID', `the header does not match format version 1: ${z.prettifyError(parsed.error)}`);
  const h = parsed.data;
  if (Math.ceil(h.payloadSize / h.chunkSize) > MAX_CHUNKS) throw new EnvelopeError('HEADER_INVALID', 'the payload needs more chunks than the counter can number');
  if (new Set(h.recipients.map((r) => r.kid)).size !== h.recipients.length) throw new EnvelopeError('HEADER_INVALID', 'a key appears twice among the recipients');
  return {
    version: FORMAT_VERSION,
    chunkSize: h.chunkSize,
    payloadSize: h.payloadSize,
    noncePrefix: fromBase64Url(h.noncePrefix),
    commitment: fromBase64Url(h.commitment),
    recipients: h.recipients.map((r) => ({ kid: r.kid, epk: parsePublicJwk(r.epk), iv: fromBase64Url(r.iv), wrappedKey: fromBase64Url(r.wrappedKey) })),
    bytes,
  };
}

/** Checks magic and version over however many of the first `PREFIX_BYTES` are there. */
export function checkPrefix(bytes: Uint8Array): void {
  const seen = bytes.subarray(0, MAGIC.length);
  if (seen.length === 0 || !seen.every((b, i) => b === MAGIC[i])) throw new EnvelopeError('NOT_AN_ENVELOPE', 'this is not a bidhall bid envelope (an unencrypted file?)');
  if (bytes.length < PREFIX_BYTES) throw new EnvelopeError('TRUNCATED', 'the envelope ends inside its prefix');
  const version = bytes[MAGIC.length];
  if (version !== FORMAT_VERSION) throw new EnvelopeError('UNSUPPORTED_VERSION', `envelope format version ${version} is not supported (this reader knows version ${FORMAT_VERSION})`);
}
