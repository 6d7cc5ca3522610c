import { z } from 'zod';
import { type Bytes, type ByteReader, concat, fromUtf8, readU32, u32, utf8 } from './bytes';
import { EnvelopeError } from './errors';
import { ZText } from '../common';

/**
 * The plaintext starts with a frame: u32 BE length, the description JSON, zero padding up to a
 * multiple of FRAME_ALIGN; then the file bytes. The padding keeps a re-upload that only changes the
 * price from changing the envelope's size.
 */
export const FRAME_ALIGN = 1024;
export const MAX_DESCRIPTION_BYTES = 256 * 1024;
export const MAX_FILE_NAME_LENGTH = 255;

/** The opening form (开标一览表): any JSON object; the envelope neither reads nor orders its fields. */
export type OpeningForm = Record<string, unknown>;

const ZDescription = z.strictObject({
  form: z.record(ZText, z.unknown()),
  fileName: ZText.min(1).max(MAX_FILE_NAME_LENGTH),
  fileSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type Description = z.infer<typeof ZDescription>;

const frameLength = (descriptionBytes: number) => Math.ceil((4 + descriptionBytes) / FRAME_ALIGN) * FRAME_ALIGN;

export function encodeFrame(description: Description): Bytes {
  const { form, fileName, fileSize } = description;
  if (typeof form !== 'object' || form === null || Array.isArray(form)) throw new EnvelopeError('INVALID_INPUT', 'the opening form must be a JSON object');
  if (typeof fileName !== 'string' || fileName.length === 0 || fileName.length > MAX_FILE_NAME_LENGTH) {
    throw new EnvelopeError('INVALID_INPUT', `the file name must have 1 to ${MAX_FILE_NAME_LENGTH} characters`);
  }
  if (!Number.isSafeInteger(fileSize) || fileSize < 0) throw new EnvelopeError('INVALID_INPUT', 'the file size must be a non-negative integer');
  const json = utf8(JSON.stringify({ form, fileName, fileSize }));
  if (json.length > MAX_DESCRIPTION_BYTES) throw new EnvelopeError('INVALID_INPUT', `the opening form may take at most ${MAX_DESCRIPTION_BYTES} bytes`);
  const frame = new Uint8Array(frameLength(json.length));
  frame.set(concat(u32(json.length), json));
  return frame;
}

/** Reads the frame off the decrypted payload and checks it against the payload size. */
export async function decodeFrame(plaintext: ByteReader, payloadSize: number): Promise<Description> {
  const bad = (why: string) => new EnvelopeError('PAYLOAD_INVALID', `the decrypted payload is malformed: ${why}`);
  const lengthBytes = await plaintext.read(4);
  if (lengthBytes.length < 4) throw bad('no frame');
  const length = readU32(lengthBytes, 0);
  if (length > MAX_DESCRIPTION_BYTES) throw bad('the description is too large');
  const rest = await plaintext.read(frameLength(length) - 4);
  if (rest.length < frameLength(length) - 4) throw bad('the frame is cut short');
  if (!rest.subarray(length).every((b) => b === 0)) throw bad('the padding is not zero');

  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(rest.subarray(0, length)));
  } catch {
    throw bad('the description is not UTF-8 JSON');
  }
  const parsed = ZDescription.safeParse(json);
  if (!parsed.success) throw bad(z.prettifyError(parsed.error));
  if (parsed.data.fileSize !== payloadSize - frameLength(length)) throw bad('the file size does not match the payload');
  return parsed.data;
}
