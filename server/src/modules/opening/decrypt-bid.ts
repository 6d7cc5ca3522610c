import { createHash } from 'node:crypto';
import { openingFormSchema, type TOpeningFormField } from '@bidhall/contracts';
import { decryptWithContentKey, isEnvelopeError } from '@bidhall/contracts/envelope';
import { nodeCipher } from '@bidhall/contracts/envelope/node';
import type { BlobStore } from '../bids/blob-store';

export type DecryptOutcome =
  | { outcome: 'OK'; form: Record<string, string | number>; fileName: string; fileSize: number }
  | { outcome: 'WRONG_KEY' | 'STORAGE_ERROR' | 'HASH_MISMATCH' | 'CORRUPT_ENVELOPE' | 'FORM_INVALID'; detail: string };

/**
 * Opens a stored envelope with the content key the bidder's browser sent, reading it once from
 * storage: the bytes are hashed on the way (and must match the receipt), every chunk is
 * authenticated, and the opening form is checked against the section's fields. The decrypted
 * file itself is not kept.
 */
export async function decryptStoredBid(
  blobs: BlobStore,
  bid: { sha256: string },
  contentKey: Uint8Array,
  fields: readonly TOpeningFormField[],
): Promise<DecryptOutcome> {
  const hash = createHash('sha256');
  let storageError: Error | null = null;
  const file = blobs.read(bid.sha256);
  file.on('error', (error) => {
    storageError = error;
  });
  const source = (async function* () {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      hash.update(chunk);
      yield chunk;
    }
  })();
  let opened;
  try {
    opened = await decryptWithContentKey({ source, contentKey, cipher: nodeCipher });
    const reader = opened.content.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  } catch (error) {
    file.destroy();
    if (storageError) return { outcome: 'STORAGE_ERROR', detail: (storageError as Error).message };
    if (isEnvelopeError(error, 'WRONG_KEY')) return { outcome: 'WRONG_KEY', detail: 'the content key does not open this envelope' };
    // Decryption stopped part-way: whether the stored bytes are still the receipted ones decides whose fault it is.
    if ((await storedHash(blobs, bid.sha256)) !== bid.sha256) return { outcome: 'HASH_MISMATCH', detail: 'the stored envelope no longer matches its receipt' };
    return { outcome: 'CORRUPT_ENVELOPE', detail: isEnvelopeError(error) ? `${error.code}: ${error.message}` : String(error) };
  }
  if (hash.digest('hex') !== bid.sha256) return { outcome: 'HASH_MISMATCH', detail: 'the stored envelope no longer matches its receipt' };
  const form = openingFormSchema(fields).safeParse(opened.form);
  if (!form.success) return { outcome: 'FORM_INVALID', detail: form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { outcome: 'OK', form: form.data as Record<string, string | number>, fileName: opened.fileName, fileSize: opened.size };
}

async function storedHash(blobs: BlobStore, sha256: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of blobs.read(sha256)) hash.update(chunk as Buffer);
  } catch {
    return null;
  }
  return hash.digest('hex');
}
