import { z } from 'zod';
import { ZText } from './common';

/**
 * Every error code the platform returns, with its HTTP status. Codes are stable: clients and
 * tests branch on them, so a code is never renamed or reused for another meaning.
 */
export const errorCatalog = {
  /** A body, query, param or socket payload failed its schema. */
  VALIDATION_FAILED: 400,
  /** The request body is not parseable JSON. */
  MALFORMED_JSON: 400,
  /** The request body exceeds the configured size limit. */
  PAYLOAD_TOO_LARGE: 413,
  /** A body was sent with a content type the route does not accept. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** No access token, or one that cannot be verified (forged, wrong algorithm, audience or issuer). */
  UNAUTHENTICATED: 401,
  /** The access token was valid but has expired; refresh and retry. */
  TOKEN_EXPIRED: 401,
  /** Username or password is wrong (deliberately not saying which). */
  INVALID_CREDENTIALS: 401,
  /** The refresh token is unknown, expired or revoked. */
  REFRESH_INVALID: 401,
  /** A refresh token that was already rotated was presented again; its whole family is revoked. */
  REFRESH_REUSED: 401,
  /** The token's session has ended (signed out, revoked after a stolen refresh token) or its user or organization was suspended; sign in again. */
  SESSION_ENDED: 401,
  /** The caller is authenticated but its role may not do this. */
  FORBIDDEN: 403,
  /** The organization is waiting for an administrator's approval. */
  ACCOUNT_PENDING: 403,
  /** The organization or user was rejected or suspended. */
  ACCOUNT_DISABLED: 403,
  /** The resource does not exist or the caller may not know that it exists. */
  NOT_FOUND: 404,
  /** The username is already registered. */
  USERNAME_TAKEN: 409,
  /** An organization with this unified social credit code already exists. */
  CREDIT_CODE_TAKEN: 409,
  /** The action does not fit the resource's current state. */
  INVALID_STATE: 409,
  /** A project with this code already exists. */
  PROJECT_CODE_TAKEN: 409,
  /** Two sections of one project share a code. */
  SECTION_CODE_TAKEN: 409,
  /** The bid bond exceeds 2 % of the section's estimated price (《招标投标法实施条例》 art. 26). */
  BOND_EXCEEDS_LIMIT: 422,
  /** A statutory time limit of a project that must be tendered by law is not met; `details.rule` names it (ISSUE_TO_DEADLINE: 20 days, 《招标投标法》 art. 24). */
  TIME_LIMIT: 422,
  /** A deadline was set in the past (by the server's clock). */
  DEADLINE_IN_PAST: 422,
  /** The bid deadline has passed (by the server's clock): bids can no longer be uploaded, changed or withdrawn. */
  DEADLINE_PASSED: 409,
  /** The bidder organization has no registered encryption key; register one first. */
  NO_BIDDER_KEY: 409,
  /** This public key is already registered. */
  KEY_ALREADY_REGISTERED: 409,
  /** The public key is not an ECDH P-256 key in JWK form. */
  KEY_INVALID: 422,
  /** The upload does not begin with a valid bid envelope: unencrypted bids are refused. */
  NOT_AN_ENVELOPE: 422,
  /** The envelope's content key is not wrapped to any of the bidder's registered keys. */
  ENVELOPE_NOT_FOR_BIDDER: 422,
  /** The uploaded size does not fit the envelope's chunk structure (truncated or padded). */
  ENVELOPE_SIZE_MISMATCH: 422,
  /** A 0-byte bid or tender document. */
  EMPTY_FILE: 400,
  /** The bid or one upload chunk is larger than allowed. */
  FILE_TOO_LARGE: 413,
  /** The chunk does not start where the upload stands; `details.receivedBytes` says where to resume. */
  UPLOAD_OFFSET_MISMATCH: 409,
  /** A Range header asks for bytes outside the file. */
  RANGE_NOT_SATISFIABLE: 416,
  /** The upload is not complete; it has fewer bytes than announced. */
  UPLOAD_INCOMPLETE: 409,
  /** The action was already done (a replayed or duplicated request); nothing changed. */
  ALREADY_DONE: 409,
  /** The decryption window (with its extension) has ended: no new attempt or report is taken. */
  WINDOW_CLOSED: 409,
  /** The content key does not open this bid's envelope; another attempt is allowed inside the window. */
  WRONG_CONTENT_KEY: 422,
  /** The media room holds as many participants as its kind allows. */
  ROOM_FULL: 409,
  /** A media offer went unanswered, or the connection did not come up, in time; join again. */
  MEDIA_TIMEOUT: 408,
  /** Too many failed logins for this account; locked for a while. */
  ACCOUNT_LOCKED: 429,
  /** Too many requests from this address or client. */
  RATE_LIMITED: 429,
  /** Something failed on the platform's side; details are in the server log under the request id. */
  INTERNAL: 500,
  /** A dependency (database, cache) is unavailable. */
  UNAVAILABLE: 503,
  /** A tender document file is larger than MAX_TENDER_DOCUMENT_BYTES. */
  DOCUMENT_TOO_LARGE: 413,
  /** A tender document's file type (by its extension) is not among TENDER_DOCUMENT_EXTENSIONS. */
  DOCUMENT_TYPE_REFUSED: 415,
  /** The section already holds MAX_DOCUMENTS_PER_SECTION documents. */
  TOO_MANY_DOCUMENTS: 409,
  /** The bidder has not registered for the section (获取招标文件), which downloading its documents and asking questions need. */
  NOT_REGISTERED: 403,
  /** The section's question cut-off (答疑截止) has passed. */
  QUESTIONS_CLOSED: 409,
  /** A question cut-off that lies in the past by the server's clock (the deadline less questionCutoffDays). */
  QUESTION_CUTOFF_IN_PAST: 422,
  /** The bidder already has MAX_OPEN_QUESTIONS_PER_BIDDER unanswered questions on the section. */
  TOO_MANY_QUESTIONS: 409,
  /** A file the platform stores (a bid envelope, a recording) could not be read on the platform's side; the failure is logged, and during a decryption window put on record as the platform's. */
  STORAGE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCatalog;
export const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];
export const ZErrorCode = z.enum(errorCodes);

export const httpStatusOf = (code: ErrorCode): number => errorCatalog[code];

export const ZApiError = z.object({
  code: ZErrorCode,
  message: ZText,
  details: z.unknown().optional(),
});
export type TApiError = z.infer<typeof ZApiError>;

/** The one error shape of every HTTP response with a 4xx or 5xx status. */
export const ZErrorBody = z.object({ error: ZApiError });
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** The acknowledgement every socket request ends in: exactly one accept or reject. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: TApiError };
