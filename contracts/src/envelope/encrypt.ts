import { ByteReader, type Bytes, byteLength, type ByteSource } from './bytes';
import { chunkAad, chunkNonce, inOrder, type Job, sha256, toStream } from './chunks';
import { EnvelopeError } from './errors';
import { chunkCount, chunkPlainLength, DEFAULT_CHUNK_SIZE, type EnvelopeHeader, encodeHeader, expectedEnvelopeSize, MAX_CHUNK_SIZE, MAX_RECIPIENTS, NONCE_PREFIX_BYTES } from './format';
import { encodeFrame, type OpeningForm } from './frame';
import { type ChunkCipherFactory, webCryptoCipher } from './cipher';
import { CONTENT_KEY_BYTES, contentKeySchedule, wrapContentKey } from './keywrap';
import type { PublicJwk } from './keys';
import { type RandomSource, systemRandom } from './random';

export interface EncryptOptions {
  /** The bidder's registered public key first; optionally a recovery key the bidder keeps offline. */
  recipients: PublicJwk[];
  form: OpeningForm;
  fileName: string;
  /** The file's bytes; exactly `size` of them. A web stream, or on Node an `fs.ReadStream` as it is. */
  source: ByteSource;
  size: number;
  chunkSize?: number;
  /** File bytes encrypted and handed to the reader so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
  /** The chunk cipher; WebCrypto unless a faster one is at hand (node:crypto on a server or CLI). */
  cipher?: ChunkCipherFactory;
}

export interface EncryptedEnvelope {
  header: EnvelopeHeader;
  /** The envelope's exact length, known before a byte is encrypted (an upload announces it first). */
  size: number;
  stream: ReadableStream<Uint8Array>;
}

export async function encryptEnvelopeWith(random: RandomSource, options: EncryptOptions): Promise<EncryptedEnvelope> {
  const { recipients, source, size, onProgress } = options;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new EnvelopeError('INVALID_INPUT', `the chunk size must be 1 to ${MAX_CHUNK_SIZE} bytes`);
  if (recipients.length < 1 || recipients.length > MAX_RECIPIENTS) throw new EnvelopeError('INVALID_INPUT', `an envelope has 1 to ${MAX_RECIPIENTS} recipients`);
  const frame = encodeFrame({ form: options.form, fileName: options.fileName, fileSize: size });

  const contentKey = random.bytes(CONTENT_KEY_BYTES);
  const noncePrefix = random.bytes(NONCE_PREFIX_BYTES);
  const { payloadKey, commitment } = await contentKeySchedule(contentKey);
  const cipher = await (options.cipher ?? webCryptoCipher)(payloadKey);
  const entries = [];
  // One after the other: the vectors replay the random draws in this order.
  for (const recipient of recipients) entries.push(await wrapContentKey(random, contentKey, recipient));
  if (new Set(entries.map((e) => e.kid)).size !== entries.length) throw new EnvelopeError('INVALID_INPUT', 'the same key is listed twice among the recipients');
  const header = encodeHeader({ chunkSize, payloadSize: frame.length + size, noncePrefix, commitment, recipients: entries });
  const headerHash = await sha256(header.bytes);
  const count = chunkCount(header);

  const plaintext = ByteReader.of(source, frame);
  async function* jobs(): AsyncGenerator<Job<Bytes[]>> {
    for (let index = 0; index < count; index++) {
      const length = chunkPlainLength(header, index);
      const chunk = await plaintext.readPieces(length);
      const read = byteLength(chunk);
      if (read < length) throw new EnvelopeError('SIZE_MISMATCH', `the source ended after ${index * chunkSize + read - frame.length} of ${size} bytes`);
      const last = index === count - 1;
      if (last && !(await plaintext.atEnd())) throw new EnvelopeError('SIZE_MISMATCH', `the source has more than the announced ${size} bytes`);
      yield { result: cipher.seal(chunkNonce(noncePrefix, index, last), chunkAad(headerHash, index, last), chunk) };
    }
  }
  async function* envelope(): AsyncGenerator<Uint8Array> {
    let finished = false;
    try {
      yield header.bytes;
      let index = 0;
      for await (const sealed of inOrder(jobs(), cipher.concurrency)) {
        index++;
        onProgress?.(Math.max(0, Math.min(header.payloadSize, index * chunkSize) - frame.length), size);
        yield* sealed;
      }
      finished = true;
    } finally {
      if (!finished) await plaintext.cancel().catch(() => undefined);
    }
  }
  return { header, size: expectedEnvelopeSize(header), stream: toStream(envelope(), (reason) => plaintext.cancel(reason)) };
}

/**
 * Encrypts a bid: the opening form and the file go into one payload under a fresh content key,
 * wrapped to each recipient. The stream is produced as it is read, a few chunks ahead at most.
 */
export const encryptEnvelope = (options: EncryptOptions): Promise<EncryptedEnvelope> => encryptEnvelopeWith(systemRandom, options);
