/** What can go wrong on the bidder's side without the platform having answered. */
export const bidClientErrorCodes = [
  /** The chosen file is not a bidhall key file. */
  'NOT_A_KEY_FILE',
  /** The key is not among the organization's registered keys. */
  'KEY_NOT_REGISTERED',
  /** The key was revoked: no new bid may be encrypted to it. */
  'KEY_REVOKED',
  /** A recovery key must be another key than the one on this computer. */
  'SAME_AS_BIDDER_KEY',
  /** This browser cannot keep keys (IndexedDB unavailable, e.g. a private window with storage blocked). */
  'KEY_STORAGE_UNAVAILABLE',
  /** Another tab of this browser is uploading a bid for the same section. */
  'UPLOAD_IN_OTHER_TAB',
  /** The platform no longer has the upload (it expired or was abandoned): the bid must be sent again. */
  'UPLOAD_DISCARDED',
  /** The platform holds a different number of bytes than this page can continue from. */
  'UPLOAD_OUT_OF_STEP',
  /** The bid file could not be read (moved, changed or removed while it was being encrypted). */
  'FILE_UNREADABLE',
  /** A file of 0 bytes. */
  'FILE_EMPTY',
] as const;
export type BidClientErrorCode = (typeof bidClientErrorCodes)[number];

export class BidClientError extends Error {
  override readonly name = 'BidClientError';

  constructor(
    readonly code: BidClientErrorCode,
    message: string = code,
  ) {
    super(message);
  }
}
