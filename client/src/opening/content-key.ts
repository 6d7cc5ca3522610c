import { apiRoutes } from '@bidhall/contracts';
import { type BidderKey, inspectEnvelope, isEnvelopeError, MAX_HEADER_BYTES, unwrapContentKey } from '@bidhall/contracts/envelope';
import { ApiError } from '../api/http';
import { api } from '../app/services';
import { loadBidderKey } from '../bids/key-store';

/** The steps the bidder's browser goes through before the platform can decrypt. */
export type UnwrapStep = 'key' | 'header' | 'unwrap';

/** Why a browser could not produce the content key; the first word of its evidence. */
export const localDecryptErrorCodes = [
  'NO_KEY',
  'KEY_STORAGE_UNAVAILABLE',
  'HEADER_UNAVAILABLE',
  'PLATFORM_UNAVAILABLE',
  'NOT_AN_ENVELOPE',
  'HEADER_INVALID',
  'WRONG_KEY',
  'UNWRAP_FAILED',
] as const;
export type LocalDecryptErrorCode = (typeof localDecryptErrorCodes)[number];

/**
 * Why this browser could not produce the content key. The code and message go to the platform
 * as evidence (`opening:reportFailure`), so they say what happened, not what to do.
 */
export class LocalDecryptError extends Error {
  override readonly name = 'LocalDecryptError';

  constructor(
    readonly code: LocalDecryptErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The report for the platform's evidence, within the 500 characters it keeps. */
  get evidence(): string {
    return `${this.code}: ${this.message}`.slice(0, 500);
  }

  /**
   * The platform answered, with a failure of its own: it has put that on record itself, and
   * this browser has nothing of its own to report (nor may it claim a platform fault for itself).
   */
  get platformsFault(): boolean {
    return this.code === 'PLATFORM_UNAVAILABLE';
  }
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Only the header is needed to unwrap the key, so only its bytes are fetched, whatever the size of the bid. */
async function envelopeHeader(sectionId: string) {
  let bytes: Uint8Array;
  try {
    const response = await api.fetch(apiRoutes.bids.myEnvelope, { params: { sectionId } }, { headers: { Range: `bytes=0-${MAX_HEADER_BYTES - 1}` } });
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    // The platform itself answered that it could not read the stored file, and has put that on record.
    if (error instanceof ApiError && error.code === 'STORAGE_UNAVAILABLE') {
      throw new LocalDecryptError('PLATFORM_UNAVAILABLE', `the platform could not serve the envelope: ${error.code} (HTTP ${error.status})`);
    }
    const reason = error instanceof ApiError ? `${error.code} (HTTP ${error.status})` : String(error);
    throw new LocalDecryptError('HEADER_UNAVAILABLE', `the envelope header could not be downloaded: ${reason}`);
  }
  try {
    return inspectEnvelope(bytes);
  } catch (error) {
    const code = isEnvelopeError(error, 'NOT_AN_ENVELOPE') ? 'NOT_AN_ENVELOPE' : 'HEADER_INVALID';
    throw new LocalDecryptError(code, `the downloaded envelope header does not read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Recovers the content key of the organization's own bid with its private key, in this browser:
 * the key stored on this computer, or one the user has just opened from a key file. Returns it
 * base64url-encoded, as `opening:decrypt` takes it. Neither the private key nor the bid leaves
 * the browser; only the content key of this one bid does.
 */
export async function unwrapMyContentKey(sectionId: string, orgId: string, options: { key?: BidderKey; onStep?: (step: UnwrapStep) => void } = {}): Promise<string> {
  options.onStep?.('key');
  let key = options.key ?? null;
  if (!key) {
    try {
      key = await loadBidderKey(orgId);
    } catch (error) {
      throw new LocalDecryptError('KEY_STORAGE_UNAVAILABLE', `the browser's key storage could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!key) throw new LocalDecryptError('NO_KEY', 'no private key of the organization is stored in this browser');
  options.onStep?.('header');
  const header = await envelopeHeader(sectionId);
  options.onStep?.('unwrap');
  try {
    return toBase64Url(await unwrapContentKey(header, key));
  } catch (error) {
    if (isEnvelopeError(error, 'WRONG_KEY')) throw new LocalDecryptError('WRONG_KEY', `key ${key.kid.slice(0, 16)}…: ${error.message}`);
    throw new LocalDecryptError('UNWRAP_FAILED', error instanceof Error ? error.message : String(error));
  }
}
