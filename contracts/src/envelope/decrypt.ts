import { type Bytes, ByteReader, byteLength, type ByteSource, concat, readU32 } from './bytes';
import { chunkAad, chunkNonce, inOrder, type Job, sha256, toStream } from './chunks';
import { EnvelopeError } from './errors';
import { checkPrefix, chunkCount, chunkPlainLength, type EnvelopeHeader, inspectEnvelope, MAGIC, MAX_HEADER_JSON_BYTES, PREFIX_BYTES, TAG_BYTES } from './format';
import { decodeFrame, type OpeningForm } from './frame';
import { type ChunkCipherFactory, webCryptoCipher } from './cipher';
import { checkCommitment, unwrapEntry } from './keywrap';
import type { BidderKey } from './keys';

export interface OpenedEnvelope {
  header: EnvelopeHeader;
  form: OpeningForm;
  fileName: string;
  /** The file's size in bytes. */
  size: number;
  /**
   * The file's bytes, each chunk released once authenticated. The stream errors on any tampering,
   * truncation or trailing bytes, possibly after some bytes were delivered: treat the output as
   * valid only once the stream has closed cleanly.
   */
  content: ReadableStream<Uint8Array>;
}

/** Opens an envelope with the bidder's (or the recovery) private key. */
export async function openEnvelope(options: { source: ByteSource; key: BidderKey; cipher?: ChunkCipherFactory }): Promise<OpenedEnvelope> {
  return withReader(options.source, async (reader) => {
    const header = await readHeader(reader);
    // The commitment is checked once, by decryptBody.
    return decryptBody(reader, header, await unwrapEntry(header, options.key), options.cipher ?? webCryptoCipher);
  });
}

/** Opens an envelope with its raw content key, as the platform does at the opening. */
export async function decryptWithContentKey(options: { source: ByteSource; contentKey: Uint8Array; cipher?: ChunkCipherFactory }): Promise<OpenedEnvelope> {
  return withReader(options.source, async (reader) => {
    const header = await readHeader(reader);
    return decryptBody(reader, header, options.contentKey, options.cipher ?? webCryptoCipher);
  });
}

async function withReader<T>(source: ByteSource, use: (reader: ByteReader) => Promise<T>): Promise<T> {
  const reader = ByteReader.of(source);
  try {
    return await use(reader);
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  }
}

async function readHeader(reader: ByteReader): Promise<EnvelopeHeader> {
  const prefix = await reader.read(PREFIX_BYTES);
  checkPrefix(prefix);
  const length = readU32(prefix, MAGIC.length + 1);
  const json = length > 0 && length <= MAX_HEADER_JSON_BYTES ? await reader.read(length) : new Uint8Array(0);
  return inspectEnvelope(concat(prefix, json));
}

async function decryptBody(reader: ByteReader, header: EnvelopeHeader, contentKey: Uint8Array, makeCipher: ChunkCipherFactory): Promise<OpenedEnvelope> {
  const cipher = await makeCipher(await checkCommitment(header, contentKey));
  const headerHash = await sha256(header.bytes);
  const count = chunkCount(header);

  // Ends are reported as failed jobs, not thrown, so that an earlier chunk's failure still comes first.
  async function* jobs(): AsyncGenerator<Job<Bytes[]>> {
    for (let index = 0; index < count; index++) {
      const length = chunkPlainLength(header, index);
      const ciphertext = await reader.readPieces(length);
      const tag = await reader.read(TAG_BYTES);
      if (byteLength(ciphertext) < length || tag.length < TAG_BYTES) {
        yield { result: Promise.reject(new EnvelopeError('TRUNCATED', `the envelope ends before the end of chunk ${index + 1} of ${count}`)) };
        return;
      }
      const last = index === count - 1;
      const result = cipher.open(chunkNonce(header.noncePrefix, index, last), chunkAad(headerHash, index, last), ciphertext, tag).then(
        (opened) => opened,
        (cause: unknown) => {
          throw new EnvelopeError('CHUNK_AUTH_FAILED', `chunk ${index + 1} of ${count} fails authentication: altered, moved, repeated or missing data`, { cause });
        },
      );
      yield { result };
    }
    if (!(await reader.atEnd())) yield { result: Promise.reject(new EnvelopeError('TRAILING_DATA', 'bytes follow the final chunk')) };
  }
  async function* payload(): AsyncGenerator<Bytes> {
    let finished = false;
    try {
      for await (const opened of inOrder(jobs(), cipher.concurrency)) yield* opened;
      finished = true;
    } finally {
      if (!finished) await reader.cancel().catch(() => undefined);
    }
  }

  const chunks = payload();
  const plaintext = new ByteReader({ next: () => chunks.next(), cancel: async () => void (await chunks.return(undefined)) });
  try {
    const { form, fileName, fileSize } = await decodeFrame(plaintext, header.payloadSize);
    return { header, form, fileName, size: fileSize, content: toStream(plaintext.rest(), (reason) => reader.cancel(reason)) };
  } catch (error) {
    await plaintext.cancel().catch(() => undefined);
    throw error;
  }
}
