import { rm, writeFile } from 'node:fs/promises';
import type { TOpeningFormField } from '@bidhall/contracts';
import { generateBidderKeyPair, inspectEnvelope, unwrapContentKey } from '@bidhall/contracts/envelope';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore, type BlobStore } from '../bids/blob-store';
import { sealEnvelope } from '../../testing';
import { decryptStoredBid } from './decrypt-bid';
import { createTestDir } from '@bidhall/db/testing';

const fields: TOpeningFormField[] = [
  { key: 'price', label: '投标报价', type: 'money', unit: '元', required: true },
  { key: 'durationDays', label: '工期', type: 'integer', unit: '日历天', required: true },
];

let root: string;
let blobs: BlobStore;
let key: Awaited<ReturnType<typeof generateBidderKeyPair>>;

beforeAll(async () => {
  root = await createTestDir('decrypt');
  blobs = createFsBlobStore(root);
  key = await generateBidderKeyPair();
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A sealed bid in the store, with the content key its bidder's browser would send. */
async function storedBid(form: Record<string, string | number>, content = new Uint8Array(200_000).fill(3)) {
  const bytes = await sealEnvelope([key.publicJwk], form, content, 64 * 1024);
  const sha256 = await blobs.put(bytes);
  const contentKey = await unwrapContentKey(inspectEnvelope(bytes), key);
  return { bytes, bid: { sha256 }, contentKey };
}

describe('decrypting a stored bid with its content key', () => {
  it('opens it, checking the receipted hash and the opening form', async () => {
    const { bid, contentKey } = await storedBid({ price: '1280000.00', durationDays: 180 });
    expect(await decryptStoredBid(blobs, bid, contentKey, fields)).toEqual({
      outcome: 'OK',
      form: { price: '1280000.00', durationDays: 180 },
      fileName: '投标文件.pdf',
      fileSize: 200_000,
    });
  });

  it('blames the key when another content key is sent', async () => {
    const { bid } = await storedBid({ price: '1.00', durationDays: 1 });
    const other = await storedBid({ price: '2.00', durationDays: 2 });
    expect(await decryptStoredBid(blobs, bid, other.contentKey, fields)).toMatchObject({ outcome: 'WRONG_KEY' });
  });

  it('blames the platform when the stored file is gone or no longer the receipted one', async () => {
    const { bytes, bid, contentKey } = await storedBid({ price: '3.00', durationDays: 3 });
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 100]! ^= 0xff;
    await writeFile(blobs.pathOf(bid.sha256), damaged);
    expect(await decryptStoredBid(blobs, bid, contentKey, fields)).toMatchObject({ outcome: 'HASH_MISMATCH' });

    await rm(blobs.pathOf(bid.sha256));
    expect(await decryptStoredBid(blobs, bid, contentKey, fields)).toMatchObject({ outcome: 'STORAGE_ERROR' });
  });

  it('tells a corrupt envelope, receipted as it is, from a form the section does not accept', async () => {
    const { bytes, contentKey } = await storedBid({ price: '4.00', durationDays: 4 });
    // The bidder uploaded these very bytes (the receipt names them), but a chunk inside is broken.
    const broken = Buffer.from(bytes);
    broken[broken.length - 100]! ^= 0xff;
    const sha256 = await blobs.put(broken);
    expect(await decryptStoredBid(blobs, { sha256 }, contentKey, fields)).toMatchObject({ outcome: 'CORRUPT_ENVELOPE' });

    const odd = await storedBid({ price: 'a lot', durationDays: 5 });
    expect(await decryptStoredBid(blobs, odd.bid, odd.contentKey, fields)).toMatchObject({ outcome: 'FORM_INVALID', detail: expect.stringContaining('price') });
  });
});
