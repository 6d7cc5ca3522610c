import { apiRoutes } from '@bidhall/contracts';
import { bind, type BoundRoute } from '../../lib/http/route';
import type { Services } from '../../services';
import { registerBidderKey, revokeBidderKey, toBidderKeyView } from './bid-keys';
import { myBid, myCurrentBid, withdrawBid } from './my-bid';
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
    bind(r.myEnvelope, async ({ auth, params, res }) => {
      const bid = await myCurrentBid(deps, auth, params.sectionId);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('ETag', `"${bid.sha256}"`);
      // sendFile answers Range requests, so the self-check can fetch just the header and a chunk.
      await new Promise<void>((resolve, reject) =>
        res.sendFile(deps.blobs.pathOf(bid.sha256), { headers: { 'Content-Type': 'application/octet-stream' }, etag: false }, (error) => (error ? reject(error) : resolve())),
      );
    }),
    bind(r.withdraw, async ({ auth, params }) => withdrawBid(deps, auth, params.sectionId)),
  ];
}

