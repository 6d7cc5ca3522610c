import { z } from 'zod';
import { ZId, ZIsoDateTime, ZSha256, ZText } from './common';
import { defineRoute } from './http';
import { ZSectionIdParams } from './projects';

/** A bidder's public encryption key (ECDH P-256) as a JWK; the private key never leaves the bidder. */
export const ZPublicJwk = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: ZText.regex(/^[A-Za-z0-9_-]{43}$/),
  y: ZText.regex(/^[A-Za-z0-9_-]{43}$/),
  ext: z.boolean().optional(),
  key_ops: z.array(ZText).max(4).optional(),
});

export const ZBidderKey = z.object({
  id: ZId,
  /** SHA-256 of the key's SPKI encoding, hex: the `kid` of envelope recipients. */
  fingerprint: ZSha256,
  label: ZText,
  publicJwk: ZPublicJwk,
  createdAt: ZIsoDateTime,
  revokedAt: ZIsoDateTime.nullable(),
});
export type TBidderKey = z.infer<typeof ZBidderKey>;

export const ZRegisterKeyBody = z.strictObject({ publicJwk: ZPublicJwk, label: ZText.trim().max(50).default('') });
export const ZKeyIdParams = z.strictObject({ keyId: ZId });

/** The platform's receipt-signing key, published so anyone can verify a receipt. */
export const ZPlatformKeys = z.object({
  receipts: z.object({ alg: z.literal('Ed25519'), keyId: ZText, publicJwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: ZText }) }),
});
export type TPlatformKeys = z.infer<typeof ZPlatformKeys>;

/**
 * A receipt (回执): the platform's signed statement of what it received and when. `signature`
 * is Ed25519, base64url, over the RFC 8785 canonical JSON of every other field.
 */
export const ZReceipt = z.object({
  receiptId: ZId,
  kind: z.enum(['SUBMISSION', 'WITHDRAWAL']),
  sectionId: ZId,
  bidderOrgId: ZId,
  sha256: ZSha256,
  size: z.number().int().nonnegative(),
  serverTime: ZIsoDateTime,
  keyId: ZText,
  signature: ZText,
});
export type TReceipt = z.infer<typeof ZReceipt>;

/** Largest bid accepted, and the largest piece of one sent in one request. */
export const MAX_BID_BYTES = 2 * 1024 ** 3;
export const UPLOAD_CHUNK_BYTES = 8 * 1024 ** 2;

export const ZStartUploadBody = z.strictObject({ size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export const ZUploadIdParams = z.strictObject({ uploadId: ZId });
export const ZChunkQuery = z.strictObject({ offset: z.coerce.number().int().min(0) });

export const ZUpload = z.object({
  uploadId: ZId,
  sectionId: ZId,
  size: z.number().int(),
  receivedBytes: z.number().int(),
  chunkBytes: z.number().int(),
  status: z.enum(['IN_PROGRESS', 'COMPLETE', 'ABORTED']),
  expiresAt: ZIsoDateTime,
});
export type TUpload = z.infer<typeof ZUpload>;

export const ZMyBid = z.object({
  bid: z
    .object({
      id: ZId,
      status: z.enum(['SUBMITTED', 'WITHDRAWN', 'OPENED']),
      sha256: ZSha256,
      size: z.number().int(),
      submittedAt: ZIsoDateTime,
      withdrawnAt: ZIsoDateTime.nullable(),
    })
    .nullable(),
  /** Every receipt the bidder received for this section, oldest first. */
  receipts: z.array(ZReceipt),
});
export type TMyBid = z.infer<typeof ZMyBid>;

export const ZReceiptParams = z.strictObject({ sectionId: ZId, receiptId: ZId });

export const bidRoutes = {
  platformKeys: defineRoute({
    method: 'get',
    path: '/api/keys',
    tag: 'bids',
    summary: "The platform's public keys (receipt signatures)",
    access: 'public',
    response: ZPlatformKeys,
  }),
  registerKey: defineRoute({
    method: 'post',
    path: '/api/bidder/keys',
    tag: 'bids',
    summary: "Register the public half of a key pair made in the bidder's browser",
    access: ['BIDDER'],
    body: ZRegisterKeyBody,
    response: ZBidderKey,
    status: 201,
    errors: ['KEY_ALREADY_REGISTERED', 'KEY_INVALID'],
  }),
  listKeys: defineRoute({
    method: 'get',
    path: '/api/bidder/keys',
    tag: 'bids',
    summary: "The bidder organization's registered keys",
    access: ['BIDDER'],
    response: z.object({ items: z.array(ZBidderKey) }),
  }),
  revokeKey: defineRoute({
    method: 'delete',
    path: '/api/bidder/keys/:keyId',
    tag: 'bids',
    summary: 'Revoke a key: no new bid may be wrapped to it (bids already wrapped to it stay valid)',
    access: ['BIDDER'],
    params: ZKeyIdParams,
    response: ZBidderKey,
    errors: ['NOT_FOUND'],
  }),
  startUpload: defineRoute({
    method: 'post',
    path: '/api/sections/:sectionId/uploads',
    tag: 'bids',
    summary: 'Start a resumable upload of an encrypted bid envelope',
    access: ['BIDDER'],
    params: ZSectionIdParams,
    body: ZStartUploadBody,
    response: ZUpload,
    status: 201,
    errors: ['NOT_FOUND', 'DEADLINE_PASSED', 'EMPTY_FILE', 'FILE_TOO_LARGE', 'NO_BIDDER_KEY'],
  }),
  getUpload: defineRoute({
    method: 'get',
    path: '/api/uploads/:uploadId',
    tag: 'bids',
    summary: 'Where an upload stands, to resume it',
    access: ['BIDDER'],
    params: ZUploadIdParams,
    response: ZUpload,
    errors: ['NOT_FOUND'],
  }),
  putChunk: defineRoute({
    method: 'put',
    path: '/api/uploads/:uploadId',
    tag: 'bids',
    summary: 'Append the next bytes (application/octet-stream, at most 8 MiB) at `offset`',
    access: ['BIDDER'],
    params: ZUploadIdParams,
    query: ZChunkQuery,
    consumes: 'application/octet-stream',
    response: ZUpload,
    errors: ['NOT_FOUND', 'DEADLINE_PASSED', 'UPLOAD_OFFSET_MISMATCH', 'FILE_TOO_LARGE', 'NOT_AN_ENVELOPE', 'ENVELOPE_NOT_FOR_BIDDER', 'INVALID_STATE'],
  }),
  completeUpload: defineRoute({
    method: 'post',
    path: '/api/uploads/:uploadId/complete',
    tag: 'bids',
    summary: 'Finish the upload: the bid counts from now on and a signed receipt (回执) is returned',
    access: ['BIDDER'],
    params: ZUploadIdParams,
    response: ZReceipt,
    status: 201,
    errors: ['NOT_FOUND', 'DEADLINE_PASSED', 'UPLOAD_INCOMPLETE', 'ENVELOPE_SIZE_MISMATCH', 'INVALID_STATE'],
  }),
  abortUpload: defineRoute({
    method: 'delete',
    path: '/api/uploads/:uploadId',
    tag: 'bids',
    summary: 'Abandon an upload; a partial upload never counts',
    access: ['BIDDER'],
    params: ZUploadIdParams,
    response: null,
    errors: ['NOT_FOUND'],
  }),
  myBid: defineRoute({
    method: 'get',
    path: '/api/sections/:sectionId/my-bid',
    tag: 'bids',
    summary: "The bidder's current bid on a section and its receipts",
    access: ['BIDDER'],
    params: ZSectionIdParams,
    response: ZMyBid,
    errors: ['NOT_FOUND'],
  }),
  myEnvelope: defineRoute({
    method: 'get',
    path: '/api/sections/:sectionId/my-bid/envelope',
    tag: 'bids',
    summary: "The bidder's own submitted envelope (supports Range), for the self-check that its key opens it",
    access: ['BIDDER'],
    params: ZSectionIdParams,
    response: ZText,
    produces: 'application/octet-stream',
    errors: ['NOT_FOUND', 'RANGE_NOT_SATISFIABLE', 'STORAGE_UNAVAILABLE'],
  }),
  receiptPdf: defineRoute({
    method: 'get',
    path: '/api/sections/:sectionId/my-bid/receipts/:receiptId/pdf',
    tag: 'bids',
    summary: "One of the bidder's own receipts as a printable PDF: what was received and when, the signature, and how to verify it",
    access: ['BIDDER'],
    params: ZReceiptParams,
    response: ZText,
    produces: 'application/pdf',
    errors: ['NOT_FOUND'],
  }),
  withdraw: defineRoute({
    method: 'post',
    path: '/api/sections/:sectionId/my-bid/withdraw',
    tag: 'bids',
    summary: 'Withdraw the bid before the deadline; a withdrawal receipt is returned',
    access: ['BIDDER'],
    params: ZSectionIdParams,
    response: ZReceipt,
    status: 201,
    errors: ['NOT_FOUND', 'DEADLINE_PASSED'],
  }),
} as const;
