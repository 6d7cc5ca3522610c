import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { concat } from './bytes';
import { type ChunkCipherFactory, webCryptoCipher } from './cipher';
import { type BidderKey, encryptEnvelope, generateBidderKeyPair, openEnvelope } from './index';
import { nodeCipher } from './node-cipher';
import { failure, randomBytes, readAll, seal, streamOf } from './test-support';

let bidder: BidderKey;
beforeAll(async () => {
  bidder = await generateBidderKeyPair();
});

const openAll = async (envelope: Uint8Array, pieces: number[] = [4096], cipher: ChunkCipherFactory = webCryptoCipher) =>
  readAll((await openEnvelope({ source: streamOf(envelope, pieces), key: bidder, cipher })).content);

const chunkSizes = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 41, max: 5000 }));
const pieceSizes = fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 4 });
const ciphers = fc.constantFrom(webCryptoCipher, nodeCipher);

describe('properties', () => {
  // Sixty envelopes of up to 7,000 chunks each: seconds of work, more on a loaded machine.
  it('any file size, chunk size, source piece sizes and chunk ciphers round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 6000 }), chunkSizes, pieceSizes, pieceSizes, ciphers, ciphers, async (size, chunkSize, inPieces, outPieces, sealWith, openWith) => {
        const file = randomBytes(size);
        const sealed = await encryptEnvelope({ recipients: [bidder.publicJwk], form: { size }, fileName: 'f.bin', source: streamOf(file, inPieces), size, chunkSize, cipher: sealWith });
        const envelope = await readAll(sealed.stream);
        expect(envelope.length).toBe(sealed.size);
        expect(await openAll(envelope, outPieces, openWith)).toEqual(file);
      }),
      { numRuns: 60 },
    );
  }, 30_000);

  describe('on one envelope of 13 chunks', () => {
    let envelope: Uint8Array;
    beforeAll(async () => {
      envelope = await seal(randomBytes(3000), { recipients: [bidder.publicJwk], chunkSize: 320 });
    });

    it('any flipped bit anywhere is caught', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 7 }), pieceSizes, ciphers, async (position, bit, pieces, cipher) => {
          const damaged = envelope.slice();
          damaged[position % damaged.length]! ^= 1 << bit;
          await failure(() => openAll(damaged, pieces, cipher));
        }),
        { numRuns: 300 },
      );
    });

    it('any cut is TRUNCATED and anything appended is TRAILING_DATA', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 400 }), pieceSizes, ciphers, async (cut, extra, pieces, cipher) => {
          const length = cut % envelope.length;
          expect(await failure(() => openAll(envelope.slice(0, length), pieces, cipher))).toBe(length === 0 ? 'NOT_AN_ENVELOPE' : 'TRUNCATED');
          expect(await failure(() => openAll(concat(envelope, extra), pieces, cipher))).toBe('TRAILING_DATA');
        }),
        { numRuns: 100 },
      );
    });
  });
});
