import { apiRoutes } from '@bidhall/contracts';
import { bind, type BoundRoute } from '../../lib/http/route';
import { sendStoredFile, StoredFileError } from '../../lib/http/send-stored-file';
import type { Services } from '../../services';
import { registerBidderKey, revokeBidderKey, toBidderKeyView } from './bid-keys';
import { myBid, myCurrentBid, withdrawBid } from './my-bid';
import { receiptPdf } from './receipt-pdf';
import { abortUpload, completeUpload, getUpload, putChunk, startUpload } from './uploads';

export function bidRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.bids;
  const deps = s.bids;
  return [
    bind(r.platformKeys, async () => ({ receipts: { alg: 'Ed25519' as const, keyId: deps.signer.keyId, publicJwk: deps.signer.publicJwk } })),
    bind(r.registerKey, async ({ auth, body }) => toBidderKeyView(await registerBidderKey(s.prisma, auth, body, s.clock.now()))),
    bind(r.listKeys, async ({ auth }) => ({
      items: (await s.prisma.bidderKey.findMany({ where: { orgId: auth.orgId! }, orderBy: { createdAt: 'asc' } })).map(toBidderKeyView),
    })),
    bind(r.revokeKey, async ({ auth, params }) => toBidderKeyView(await revokeBidderKey(s.prisma, auth, params.keyId, s.clock.now()))),
    bind(r.startUpload, async ({ auth, params, body }) => startUpload(deps, auth, params.sectionId, body.size)),
    bind(r.getUpload, async ({ auth, params }) => getUpload(deps, auth, params.uploadId)),
    bind(r.putChunk, async ({ auth, params, query, req }) => putChunk(deps, auth, params.uploadId, query.offset, req)),
    bind(r.completeUpload, async ({ auth, params }) => completeUpload(deps, auth, params.uploadId)),
    bind(r.abortUpload, async ({ auth, params }) => abortUpload(deps, auth, params.uploadId)),
    bind(r.myBid, async ({ auth, params }) => myBid(deps, auth, params.sectionId)),
    bind(r.myEnvelope, async ({ auth, params, res, ctx }) => {
      const bid = await myCurrentBid(deps, auth, params.sectionId);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('ETag', `"${bid.sha256}"`);
      try {
        // Range requests are answered, so the self-check and the hall fetch just the header.
        await sendStoredFile(res, deps.blobs.pathOf(bid.sha256), { contentType: 'application/octet-stream', etag: false });
      } catch (error) {
        if (!(error instanceof StoredFileError)) throw error;
        ctx.log.error({ reason: error.reason }, 'a stored envelope could not be served');
        // During decryption this is evidence of a platform fault (视为撤回 if the window ends so).
        await s.openings.recordServingFault(auth, params.sectionId, `envelope download failed: ${error.reason}`);
        throw error;
      }
    }),
    bind(r.receiptPdf, async ({ auth, params, res }) => {
      const { pdf, fileName } = await receiptPdf(deps, auth, params.sectionId, params.receiptId);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(pdf);
    }),
    bind(r.withdraw, async ({ auth, params }) => withdrawBid(deps, auth, params.sectionId)),
  ];
}

