import { z } from 'zod';
import { ZId, ZIsoDateTime, ZSha256, ZText } from './common';
import { defineRoute } from './http';

/** Largest tender document file accepted (drawings come zipped and can be large). */
export const MAX_TENDER_DOCUMENT_BYTES = 200 * 1024 ** 2;
/** Files a section's tender documents may hold at once (draft, staged and current together). */
export const MAX_DOCUMENTS_PER_SECTION = 50;
/** File types a tender document may have: documents, sheets, drawings, images and archives for anything else. */
export const TENDER_DOCUMENT_EXTENSIONS = [
  'pdf',
  'ofd',
  'doc',
  'docx',
  'wps',
  'xls',
  'xlsx',
  'et',
  'ppt',
  'pptx',
  'txt',
  'rtf',
  'dwg',
  'dxf',
  'jpg',
  'jpeg',
  'png',
  'tif',
  'tiff',
  'zip',
  'rar',
  '7z',
] as const;

/** The extension of a file name, lower-cased ('' when it has none). */
export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

export const documentTypeAllowed = (name: string): boolean => (TENDER_DOCUMENT_EXTENSIONS as readonly string[]).includes(extensionOf(name));

/** A file name as bidders will save it: no folders, no control characters. */
export const ZDocumentName = ZText.trim()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[/\\\u0000-\u001f\u007f]/.test(name) && name !== '.' && name !== '..', 'a file name without folders or control characters');

export const ZDocumentUploadQuery = z.strictObject({ name: ZDocumentName });
export const ZDocumentIdParams = z.strictObject({ documentId: ZId });

/**
 * DRAFT: in a draft section's set, published with the announcement. STAGED: uploaded after
 * publication for an amendment not yet published (the agency's only). CURRENT: part of the
 * section's tender documents. SUPERSEDED: replaced or withdrawn by an amendment.
 */
export const ZTenderDocumentStatus = z.enum(['DRAFT', 'STAGED', 'CURRENT', 'SUPERSEDED']);
export type TTenderDocumentStatus = z.infer<typeof ZTenderDocumentStatus>;

/** A file of a section's tender documents (招标文件), named by its sha-256 so anyone can check a copy. */
export const ZTenderDocument = z.object({
  id: ZId,
  sectionId: ZId,
  name: ZText,
  size: z.number().int().nonnegative(),
  sha256: ZSha256,
  status: ZTenderDocumentStatus,
  /** The section version that published it (1: the announcement); null while draft or staged. */
  publishedVersion: z.number().int().nullable(),
  /** The version whose amendment replaced or withdrew it. */
  supersededVersion: z.number().int().nullable(),
  /** The document it replaced, when an amendment published it as a replacement. */
  replacesId: ZId.nullable(),
  uploadedAt: ZIsoDateTime,
});
export type TTenderDocument = z.infer<typeof ZTenderDocument>;

/** What the announcement shows of a current document: its name, size and hash, never the file. */
export const ZPublicDocument = ZTenderDocument.pick({ id: true, name: true, size: true, sha256: true }).extend({ publishedVersion: z.number().int() });
export type TPublicDocument = z.infer<typeof ZPublicDocument>;

/** The documents an amendment publishes: staged uploads added or put in place of current files, and current files withdrawn. */
export const ZDocumentChanges = z
  .strictObject({
    /** Staged documents to add. */
    add: z.array(ZId).max(MAX_DOCUMENTS_PER_SECTION).default([]),
    /** Current documents each replaced by a staged one. */
    replace: z.array(z.strictObject({ documentId: ZId, withId: ZId })).max(MAX_DOCUMENTS_PER_SECTION).default([]),
    /** Current documents withdrawn. */
    remove: z.array(ZId).max(MAX_DOCUMENTS_PER_SECTION).default([]),
  })
  .refine((c) => {
    const ids = [...c.add, ...c.replace.flatMap((r) => [r.documentId, r.withId]), ...c.remove];
    return new Set(ids).size === ids.length;
  }, 'each document may appear once');
export type TDocumentChanges = z.input<typeof ZDocumentChanges>;

/** One document as an amendment records it, in `changes.documents.from` (before) and `.to` (after). */
export const ZDocumentChangeEntry = z.object({ id: ZId, name: ZText, sha256: ZSha256, size: z.number().int() });
export type TDocumentChangeEntry = z.infer<typeof ZDocumentChangeEntry>;

const managers = ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'] as const;

export const tenderDocumentRoutes = {
  upload: defineRoute({
    method: 'post',
    path: '/api/sections/:sectionId/documents',
    tag: 'projects',
    summary:
      'Upload one file of the tender documents (application/octet-stream, the file name in `name`): part of a draft section, or staged for the next amendment of a published one',
    access: ['AGENCY'],
    params: z.strictObject({ sectionId: ZId }),
    query: ZDocumentUploadQuery,
    consumes: 'application/octet-stream',
    response: ZTenderDocument,
    status: 201,
    errors: ['NOT_FOUND', 'DEADLINE_PASSED', 'INVALID_STATE', 'EMPTY_FILE', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_TYPE_REFUSED', 'TOO_MANY_DOCUMENTS'],
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/api/documents/:documentId',
    tag: 'projects',
    summary: "Remove a draft section's document or a staged one (published documents change only by amendment)",
    access: ['AGENCY'],
    params: ZDocumentIdParams,
    response: null,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/sections/:sectionId/documents',
    tag: 'projects',
    summary: "A section's tender documents: every version for its agency, tenderer and supervisors; the published ones for a registered bidder",
    access: [...managers, 'BIDDER'],
    params: z.strictObject({ sectionId: ZId }),
    response: z.object({ items: z.array(ZTenderDocument) }),
    errors: ['NOT_FOUND', 'NOT_REGISTERED'],
  }),
  download: defineRoute({
    method: 'get',
    path: '/api/documents/:documentId/file',
    tag: 'projects',
    summary: 'Download a tender document (supports Range); a bidder must have registered for the section, and nobody learns that it did',
    access: [...managers, 'BIDDER'],
    params: ZDocumentIdParams,
    response: ZText,
    produces: 'application/octet-stream',
    errors: ['NOT_FOUND', 'NOT_REGISTERED', 'RANGE_NOT_SATISFIABLE', 'STORAGE_UNAVAILABLE'],
  }),
} as const;
