import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_BID_BYTES, type TReceipt, type TUpload, UPLOAD_CHUNK_BYTES } from '@bidhall/contracts';
import type { BidUpload } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import { activeFingerprints } from './bid-keys';
import type { BidDeps } from './bid-context';
import { biddingSection, withinDeadline } from './bid-window';
import { issueReceipt } from './receipts';

/** An unfinished upload is kept this long (or until the deadline, whichever is first). */
const UPLOAD_TTL_MS = 24 * 3_600_000;

const toUploadView = (u: BidUpload, sectionId: string): TUpload => ({
  uploadId: u.id,
  sectionId,
  size: Number(u.size),
  receivedBytes: Number(u.receivedBytes),
  chunkBytes: UPLOAD_CHUNK_BYTES,
  status: u.status,
  expiresAt: u.expiresAt.toISOString(),
});

/** The caller's own upload; anyone else's, like a made-up id, does not exist. */
async function ownUpload(deps: BidDeps, auth: AuthContext, uploadId: string) {
  const upload = await deps.prisma.bidUpload.findUnique({ where: { id: uploadId } });
  if (!upload || !auth.orgId) throw AppError.notFound('upload');
  const identity = deps.sealer.unseal(upload.sealed);
  if (identity.orgId !== auth.orgId) throw AppError.notFound('upload');
  return { upload, identity };
}

export async function startUpload(deps: BidDeps, auth: AuthContext, sectionId: string, size: number): Promise<TUpload> {
  const now = deps.clock.now();
  const section = await biddingSection(deps.prisma, sectionId, now);
  if (size === 0) throw new AppError('EMPTY_FILE', 'the bid file is empty');
  if (size > MAX_BID_BYTES) throw new AppError('FILE_TOO_LARGE', `a bid may have at most ${MAX_BID_BYTES} bytes`, { maxBytes: MAX_BID_BYTES });
  if ((await activeFingerprints(deps.prisma, auth.orgId!)).size === 0) throw new AppError('NO_BIDDER_KEY', 'register an encryption key before uploading a bid');
  const identity = { sectionId, orgId: auth.orgId! };
  const upload = await deps.prisma.bidUpload.create({
    data: {
      id: randomUUID(),
      tag: deps.sealer.tag(identity),
      sealed: deps.sealer.seal(identity),
      size: BigInt(size),
      createdAt: now,
      expiresAt: new Date(Math.min(now.getTime() + UPLOAD_TTL_MS, section.bidDeadline.getTime())),
    },
  });
  return toUploadView(upload, sectionId);
}

export async function getUpload(deps: BidDeps, auth: AuthContext, uploadId: string): Promise<TUpload> {
  const { upload, identity } = await ownUpload(deps, auth, uploadId);
  return toUploadView(upload, identity.sectionId);
}

/** Gives up an upload and its partial bytes; a partial upload never counts. */
async function abandon(deps: BidDeps, uploadId: string): Promise<void> {
  await deps.prisma.bidUpload.updateMany({ where: { id: uploadId, status: 'IN_PROGRESS' }, data: { status: 'ABORTED' } });
  deps.uploads.forget(uploadId);
  await deps.blobs.removePart(uploadId);
}

/**
 * Appends the request body at `offset`, hashing it on the way to disk; nothing is buffered
 * beyond the first bytes of an envelope (its header), which are checked before the upload may go
 * on: an unencrypted file, or one not wrapped to the bidder's registered keys, is refused at once.
 */
export async function putChunk(deps: BidDeps, auth: AuthContext, uploadId: string, offset: number, body: Readable & { headers?: IncomingHttpHeaders }): Promise<TUpload> {
  const { upload, identity } = await ownUpload(deps, auth, uploadId);
  return deps.uploads.exclusive(uploadId, async () => {
    const current = await deps.prisma.bidUpload.findUniqueOrThrow({ where: { id: uploadId } });
    if (current.status !== 'IN_PROGRESS') throw AppError.invalidState(`the upload is ${current.status}`);
    await biddingSection(deps.prisma, identity.sectionId, deps.clock.now());
    const received = Number(current.receivedBytes);
    if (offset !== received) throw new AppError('UPLOAD_OFFSET_MISMATCH', `the upload stands at ${received} bytes`, { receivedBytes: received });
    const limit = Math.min(UPLOAD_CHUNK_BYTES, Number(upload.size) - received);
    const declared = Number(body.headers?.['content-length'] ?? NaN);
    if (declared > limit) throw new AppError('FILE_TOO_LARGE', `this request may carry at most ${limit} bytes`, { maxBytes: limit });

    const hash = (await deps.uploads.hashAt(uploadId, received)).copy();
    const head: Buffer[] = [];
    let headLength = 0;
    let written = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        if (written > limit) {
          done(new AppError('FILE_TOO_LARGE', `this request may carry at most ${limit} bytes`, { maxBytes: limit }));
          return;
        }
        hash.update(chunk);
        if (offset === 0 && headLength < deps.envelopes.maxHeaderBytes) {
          head.push(chunk);
          headLength += chunk.length;
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, await deps.blobs.appendTo(uploadId, received));
    } catch (error) {
      deps.uploads.forget(uploadId);
      throw error instanceof AppError ? error : new AppError('VALIDATION_FAILED', 'the upload was interrupted; resume from receivedBytes', { receivedBytes: received });
    }
    if (offset === 0) await checkEnvelopeHead(deps, uploadId, identity.orgId, Buffer.concat(head));

    const updated = await deps.prisma.bidUpload.updateMany({ where: { id: uploadId, receivedBytes: BigInt(received), status: 'IN_PROGRESS' }, data: { receivedBytes: BigInt(received + written) } });
    if (updated.count !== 1) throw AppError.invalidState('the upload changed meanwhile');
    deps.uploads.advanced(uploadId, hash, received + written);
    return toUploadView(await deps.prisma.bidUpload.findUniqueOrThrow({ where: { id: uploadId } }), identity.sectionId);
  });
}

async function checkEnvelopeHead(deps: BidDeps, uploadId: string, orgId: string, head: Buffer): Promise<void> {
  try {
    const facts = deps.envelopes.inspect(head);
    const mine = await activeFingerprints(deps.prisma, orgId);
    if (!facts.recipients.some((kid) => mine.has(kid))) {
      throw new AppError('ENVELOPE_NOT_FOR_BIDDER', "the envelope is not wrapped to any of the organization's registered keys");
    }
  } catch (error) {
    await abandon(deps, uploadId);
    throw error;
  }
}

/**
 * Finishes the upload: from now on this is the bidder's bid on the section (any earlier one is
 * superseded). The bytes are placed under their content address first (repeatable, harmless if
 * the rest fails); the upload is claimed, the earlier bid superseded and the receipt issued in one
 * transaction inside the deadline gate; the partial file goes only after that commits. Two
 * completions of one upload, on any nodes, give one receipt and one ALREADY_DONE; a completion
 * that failed can be repeated.
 */
export async function completeUpload(deps: BidDeps, auth: AuthContext, uploadId: string): Promise<TReceipt> {
  const { identity } = await ownUpload(deps, auth, uploadId);
  return deps.uploads.exclusive(uploadId, async () => {
    const upload = await deps.prisma.bidUpload.findUniqueOrThrow({ where: { id: uploadId } });
    if (upload.status === 'COMPLETE') throw alreadyComplete();
    if (upload.status !== 'IN_PROGRESS') throw AppError.invalidState(`the upload is ${upload.status}`);
    await biddingSection(deps.prisma, identity.sectionId, deps.clock.now());
    const size = Number(upload.size);
    if (Number(upload.receivedBytes) !== size) {
      throw new AppError('UPLOAD_INCOMPLETE', `the upload has ${upload.receivedBytes} of ${size} bytes`, { receivedBytes: Number(upload.receivedBytes), size });
    }
    let sha256: string;
    try {
      const facts = deps.envelopes.inspect(await readHead(deps, uploadId));
      if (!facts.fitsSize(size)) {
        await abandon(deps, uploadId);
        throw new AppError('ENVELOPE_SIZE_MISMATCH', 'the envelope is truncated or has extra bytes');
      }
      sha256 = (await deps.uploads.hashAt(uploadId, size)).copy().digest('hex');
      await deps.blobs.place(uploadId, sha256);
    } catch (error) {
      // A completion on another node committed meanwhile and removed the partial file.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (await deps.prisma.bidUpload.findUnique({ where: { id: uploadId } }))?.status === 'COMPLETE') throw alreadyComplete();
      throw error;
    }

    const tag = deps.sealer.tag(identity);
    const receipt = await withinDeadline(deps, identity.sectionId, async (tx, now) => {
      const claimed = await tx.bidUpload.updateMany({ where: { id: uploadId, status: 'IN_PROGRESS' }, data: { status: 'COMPLETE' } });
      if (claimed.count !== 1) throw alreadyComplete();
      await tx.bid.updateMany({ where: { tag, status: 'SUBMITTED' }, data: { status: 'SUPERSEDED' } });
      const receipt = issueReceipt(deps.signer, { kind: 'SUBMISSION', sectionId: identity.sectionId, bidderOrgId: identity.orgId, sha256, size, serverTime: now });
      const bid = await tx.bid.create({
        data: {
          tag,
          sealed: deps.sealer.seal(identity),
          bucket: deps.sealer.bucket(identity.sectionId),
          uploadId,
          sha256,
          size: BigInt(size),
          status: 'SUBMITTED',
          submittedAt: now,
          receiptId: receipt.receiptId,
          receiptKeyId: receipt.keyId,
          receiptSignature: receipt.signature,
        },
      });
      // No actor and no names: the chain is readable by supervisors, who may not learn who bid before the opening.
      await appendAudit(tx, { actor: null, action: 'bid.submitted', subjectType: 'bid', subjectId: bid.id, data: { tag, sha256, size, receiptId: receipt.receiptId } }, now);
      return receipt;
    });
    deps.uploads.forget(uploadId);
    await deps.blobs.removePart(uploadId);
    return receipt;
  });
}

const alreadyComplete = () => new AppError('ALREADY_DONE', 'this upload was already completed; its receipt is with the bid');

async function readHead(deps: BidDeps, uploadId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of deps.blobs.readPart(uploadId, { start: 0, end: deps.envelopes.maxHeaderBytes - 1 })) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

export async function abortUpload(deps: BidDeps, auth: AuthContext, uploadId: string): Promise<void> {
  await ownUpload(deps, auth, uploadId);
  await deps.uploads.exclusive(uploadId, () => abandon(deps, uploadId));
}
