import {
  type BidderKey,
  checkEnvelopeSize,
  decryptWithContentKey,
  type EnvelopeHeader,
  expectedEnvelopeSize,
  inspectEnvelope,
  isEnvelopeError,
  MAX_HEADER_BYTES,
  type OpeningForm,
  unwrapContentKey,
} from '@bidhall/contracts/envelope';
import { ApiError } from '../api/http';

/** Envelopes up to this size are downloaded and authenticated whole; larger ones up to the opening form. */
const WHOLE_CHECK_MAX_BYTES = 64 * 1024 ** 2;
/** The largest frame (length, opening form and file description, padding) the format allows. */
const MAX_FRAME_BYTES = 4 + 256 * 1024 + 1024;
const TAG_BYTES = 16;

export type SelfCheckFailure =
  /** This browser holds no key for the organization. */
  | 'NO_KEY'
  /** There is no submitted bid to check. */
  | 'NO_BID'
  /** The envelope is wrapped to other keys than the one on this computer. */
  | 'NOT_FOR_THIS_KEY'
  /** The envelope names this key but the key does not open it. */
  | 'WRONG_KEY'
  /** The stored envelope does not authenticate: damaged in storage or transit. */
  | 'DAMAGED'
  /** The bid was replaced while it was being checked. */
  | 'CHANGED';

export type SelfCheckResult =
  | {
      ok: true;
      kid: string;
      form: OpeningForm;
      fileName: string;
      fileSize: number;
      /** Chunks decrypted and authenticated, of `chunkCount`. */
      chunksChecked: number;
      chunkCount: number;
    }
  | { ok: false; reason: SelfCheckFailure; kid?: string; recipients?: string[]; error?: unknown };

/** Bytes `from` to `to` (inclusive) of the bidder's own submitted envelope, as an HTTP Range answer. */
export type EnvelopeRange = (from: number, to: number) => Promise<Response>;

const chunkCountOf = (header: EnvelopeHeader) => Math.max(1, Math.ceil(header.payloadSize / header.chunkSize));

/** The envelope's total length from a ranged answer (`Content-Range: bytes 0-16396/3146870`), or null. */
function totalOf(response: Response): number | null {
  const match = /\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
  if (match) return Number(match[1]);
  const length = response.status === 200 ? Number(response.headers.get('Content-Length')) : NaN;
  return Number.isFinite(length) ? length : null;
}

function prepend(first: Uint8Array, rest: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = rest.getReader();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(first);
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * The self-check (自检): proves, in this browser, that the key kept here opens the bid the
 * platform holds, days before the opening rather than during it. It downloads the bidder's own
 * envelope by Range requests (the header, then the chunks), unwraps the content key with the
 * local private key and decrypts: nothing is sent but the two requests, no key and no content.
 * Small envelopes are authenticated to the last chunk; large ones as far as the opening form,
 * which proves the key as well.
 */
export async function runSelfCheck(
  range: EnvelopeRange,
  key: BidderKey | null,
  { wholeMaxBytes = WHOLE_CHECK_MAX_BYTES }: { wholeMaxBytes?: number } = {},
): Promise<SelfCheckResult> {
  if (!key) return { ok: false, reason: 'NO_KEY' };
  let head: Response;
  try {
    head = await range(0, MAX_HEADER_BYTES - 1);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return { ok: false, reason: 'NO_BID' };
    throw error;
  }
  const version = head.headers.get('ETag');
  const total = totalOf(head);
  let header: EnvelopeHeader;
  try {
    header = inspectEnvelope(new Uint8Array(await head.arrayBuffer()));
    if (total !== null) checkEnvelopeSize(header, total);
  } catch (error) {
    if (isEnvelopeError(error)) return { ok: false, reason: 'DAMAGED', error };
    throw error;
  }

  const recipients = header.recipients.map((r) => r.kid);
  if (!recipients.includes(key.kid)) return { ok: false, reason: 'NOT_FOR_THIS_KEY', kid: key.kid, recipients };
  let contentKey: Uint8Array;
  try {
    contentKey = await unwrapContentKey(header, key);
  } catch (error) {
    if (isEnvelopeError(error, 'WRONG_KEY')) return { ok: false, reason: 'WRONG_KEY', kid: key.kid, recipients, error };
    throw error;
  }

  const chunkCount = chunkCountOf(header);
  const size = expectedEnvelopeSize(header);
  const chunks = size <= wholeMaxBytes ? chunkCount : Math.min(chunkCount, Math.ceil(MAX_FRAME_BYTES / header.chunkSize));
  const from = header.bytes.length;
  const to = chunks === chunkCount ? size - 1 : from + chunks * (header.chunkSize + TAG_BYTES) - 1;
  const body = await range(from, to);
  if (body.headers.get('ETag') !== version) {
    await body.body?.cancel();
    return { ok: false, reason: 'CHANGED' };
  }
  if (!body.body) return { ok: false, reason: 'DAMAGED' };
  // A server that ignores Range answers 200 with the whole envelope, header included.
  const source = body.status === 206 ? prepend(header.bytes, body.body) : body.body;

  try {
    const opened = await decryptWithContentKey({ source, contentKey });
    if (chunks === chunkCount) {
      // Every chunk is authenticated only once the stream has ended without error.
      const reader = opened.content.getReader();
      while (!(await reader.read()).done);
    } else {
      await opened.content.cancel();
    }
    return { ok: true, kid: key.kid, form: opened.form, fileName: opened.fileName, fileSize: opened.size, chunksChecked: chunks, chunkCount };
  } catch (error) {
    if (isEnvelopeError(error)) return { ok: false, reason: 'DAMAGED', kid: key.kid, error };
    throw error;
  }
}
