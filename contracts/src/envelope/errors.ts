/**
 * Stable codes for everything that can go wrong with an envelope or a key file. Callers branch on
 * `code`; messages are for people and may change.
 */
export const envelopeErrorCodes = [
  /** The bytes do not start with the envelope magic: e.g. an unencrypted file. */
  'NOT_AN_ENVELOPE',
  /** The envelope declares a format version this code does not read. */
  'UNSUPPORTED_VERSION',
  /** The header is not valid JSON or does not match the schema of its version. */
  'HEADER_INVALID',
  /** A chunk fails authentication: altered, reordered, duplicated, dropped, or the header was changed. */
  'CHUNK_AUTH_FAILED',
  /** The envelope ends before the last chunk the header announces. */
  'TRUNCATED',
  /** Bytes follow the final chunk. */
  'TRAILING_DATA',
  /** No recipient entry is for this key, the wrapped key does not open with it, or a content key does not belong to the envelope. */
  'WRONG_KEY',
  /** The password does not open the key file. */
  'BAD_PASSWORD',
  /** The key file is malformed or its parts do not belong together. */
  'KEY_FILE_INVALID',
  /** A public key is not an ECDH P-256 key. */
  'KEY_INVALID',
  /** A byte count disagrees with the envelope structure or with the size announced for the source. */
  'SIZE_MISMATCH',
  /** The decrypted payload does not hold a well-formed opening form and file description. */
  'PAYLOAD_INVALID',
  /** A caller passed an argument outside what the format allows. */
  'INVALID_INPUT',
] as const;

export type EnvelopeErrorCode = (typeof envelopeErrorCodes)[number];

export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';

  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isEnvelopeError = (error: unknown, code?: EnvelopeErrorCode): error is EnvelopeError =>
  error instanceof EnvelopeError && (code === undefined || error.code === code);
