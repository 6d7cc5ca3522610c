import path from 'node:path';
import type { Response } from 'express';
import { AppError } from '../app-error';

/**
 * A stored file could not be sent. It keeps only the system's reason (ENOENT, EACCES…), not the
 * underlying error: that names the file, and a blob's name is its hash, which the logs must not hold.
 */
export class StoredFileError extends AppError {
  constructor(readonly reason: string) {
    super('STORAGE_UNAVAILABLE', 'the stored file could not be read on the platform; try again later');
  }
}

/**
 * Sends a file the platform stores, answering Range requests. The installation's own directory
 * may lie under a dot folder (the default `.data/`): only the part below `root` is subject to
 * send's refusal of dot segments, so the root is passed apart from the name.
 */
export async function sendStoredFile(res: Response, file: string, options: { contentType: string; etag?: boolean }): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    res.sendFile(path.basename(file), { root: path.dirname(file), headers: { 'Content-Type': options.contentType }, etag: options.etag ?? true }, (error) => {
      const failure = error as (Error & { code?: string; status?: number }) | undefined;
      // The client closed the connection mid-transfer: nothing failed on the platform's side.
      if (!failure || failure.code === 'ECONNABORTED') resolve();
      else if (failure.status === 416) reject(new AppError('RANGE_NOT_SATISFIABLE', 'the requested range lies outside the file'));
      else reject(new StoredFileError(failure.code ?? 'READ_FAILED'));
    }),
  );
}
