import { apiRoutes, documentTypeAllowed, MAX_TENDER_DOCUMENT_BYTES } from '@bidhall/contracts';
import { saveFile } from '../api/client';
import { api } from '../app/services';

/** Why a chosen file would be refused, checked before anything is sent (the platform checks again). */
export type LocalFileProblem = 'TYPE' | 'EMPTY' | 'TOO_LARGE';

export function localFileProblem(file: { name: string; size: number }): LocalFileProblem | null {
  if (!documentTypeAllowed(file.name)) return 'TYPE';
  if (file.size === 0) return 'EMPTY';
  if (file.size > MAX_TENDER_DOCUMENT_BYTES) return 'TOO_LARGE';
  return null;
}

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** What the browser found when it hashed the downloaded copy; null where it cannot hash (no Web Crypto). */
export interface DownloadCheck {
  sha256: string | null;
  matches: boolean | null;
}

/**
 * Downloads a tender document, hashes the copy in the browser and hands it to the browser's save
 * mechanism, so the bidder knows that what it saved is what the announcement lists.
 */
export async function downloadDocument(document: { id: string; name: string; sha256: string }): Promise<DownloadCheck> {
  const file = await api.download(apiRoutes.tenderDocuments.download, { params: { documentId: document.id } });
  const subtle = globalThis.crypto?.subtle;
  const sha256 = subtle ? hex(await subtle.digest('SHA-256', await file.blob.arrayBuffer())) : null;
  saveFile(file, document.name);
  return { sha256, matches: sha256 === null ? null : sha256 === document.sha256 };
}
