/**
 * The bid envelope (投标文件加密信封), format version 1: see docs/bid-envelope.md. WebCrypto and
 * web streams only, so the same code runs in the bidder's browser, the CLI and the server.
 */
export { EnvelopeError, type EnvelopeErrorCode, envelopeErrorCodes, isEnvelopeError } from './errors';
export {
  type BidderKey,
  exportPrivateKey,
  fingerprint,
  generateBidderKeyPair,
  importPrivateKey,
  type KeyFile,
  MIN_PASSWORD_LENGTH,
  parsePublicJwk,
  PBKDF2_MIN_ITERATIONS,
  type PublicJwk,
} from './keys';
export {
  checkEnvelopeSize,
  DEFAULT_CHUNK_SIZE,
  type EnvelopeHeader,
  expectedEnvelopeSize,
  FORMAT_VERSION,
  inspectEnvelope,
  MAX_CHUNK_SIZE,
  MAX_HEADER_BYTES,
  type RecipientEntry,
} from './format';
export type { ByteSource } from './bytes';
export type { OpeningForm } from './frame';
export { type ChunkCipher, type ChunkCipherFactory, webCryptoCipher } from './cipher';
export { unwrapContentKey } from './keywrap';
export { type EncryptedEnvelope, encryptEnvelope, type EncryptOptions } from './encrypt';
export { decryptWithContentKey, type OpenedEnvelope, openEnvelope } from './decrypt';
