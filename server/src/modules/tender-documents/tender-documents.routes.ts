import { apiRoutes } from '@bidhall/contracts';
import { bind, type BoundRoute } from '../../lib/http/route';
import { sendStoredFile, StoredFileError } from '../../lib/http/send-stored-file';
import type { Services } from '../../services';
import type { DocumentDeps } from './document-deps';
import { documentForDownload, listDocuments } from './read-documents';
import { removeDocument, uploadDocument } from './upload-document';

export function tenderDocumentRoutes(s: Services): BoundRoute[] {
  const r = apiRoutes.tenderDocuments;
  const deps: DocumentDeps = { prisma: s.prisma, clock: s.clock, sealer: s.bids.sealer, blobs: s.bids.blobs };
  return [
    bind(r.upload, async ({ auth, params, query, req }) => uploadDocument(deps, auth, params.sectionId, query.name, req)),
    bind(r.remove, async ({ auth, params }) => removeDocument(deps, auth, params.documentId)),
    bind(r.list, async ({ auth, params }) => listDocuments(deps, auth, params.sectionId)),
    bind(r.download, async ({ auth, params, req, res, ctx }) => {
      const document = await documentForDownload(deps, auth, params.documentId, req.headers.range);
      res.attachment(document.name);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('ETag', `"${document.sha256}"`);
      res.setHeader('X-Content-Sha256', document.sha256);
      try {
        await sendStoredFile(res, deps.blobs.pathOf(document.sha256), { contentType: 'application/octet-stream', etag: false });
      } catch (error) {
        if (error instanceof StoredFileError) ctx.log.error({ reason: error.reason }, 'a stored tender document could not be served');
        throw error;
      }
    }),
  ];
}
