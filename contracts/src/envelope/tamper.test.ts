import { describe, expect, it } from 'vitest';
import { concat } from './bytes';
import { TAG_BYTES } from './format';
import { decryptWithContentKey, generateBidderKeyPair, inspectEnvelope, openEnvelope, unwrapContentKey } from './index';
import { failure, randomBytes, readAll, seal, streamOf } from './test-support';

const bidder = await generateBidderKeyPair();
const CHUNK = 512;
const envelope = await seal(randomBytes(6 * CHUNK), { recipients: [bidder.publicJwk], chunkSize: CHUNK });
const header = inspectEnvelope(envelope);
const contentKey = await unwrapContentKey(header, bidder);
const headerBytes = envelope.subarray(0, header.bytes.length);
const chunks: Uint8Array[] = [];
for (let at = header.bytes.length; at < envelope.length; at += CHUNK + TAG_BYTES) chunks.push(envelope.subarray(at, at + CHUNK + TAG_BYTES));
const chunk = (i: number) => chunks[i]!;

const flip = (bytes: Uint8Array, at: number) => {
  const copy = bytes.slice();
  copy[at]! ^= 0x80;
  return copy;
};

/** Reads the whole envelope both ways (private key, content key) and returns the failure codes. */
async function codes(damaged: Uint8Array) {
  const viaKey = await failure(async () => readAll((await openEnvelope({ source: streamOf(damaged, [700]), key: bidder })).content));
  const viaContentKey = await failure(async () => readAll((await decryptWithContentKey({ source: streamOf(damaged, [CHUNK + TAG_BYTES]), contentKey })).content));
  return [viaKey, viaContentKey];
}

describe('tampering is caught', () => {
  it('has a sound envelope to start from', async () => {
    expect(chunks).toHaveLength(Math.ceil((6 * CHUNK + 1024) / CHUNK));
    const opened = await openEnvelope({ source: streamOf(concat(headerBytes, ...chunks)), key: bidder });
    expect((await readAll(opened.content)).length).toBe(6 * CHUNK);
  });

  it.each([
    ['a flipped byte in the first chunk', () => flip(envelope, header.bytes.length + 3), 'CHUNK_AUTH_FAILED'],
    ['a flipped byte in a middle chunk', () => flip(envelope, header.bytes.length + 3 * (CHUNK + TAG_BYTES) + 100), 'CHUNK_AUTH_FAILED'],
    ['a flipped byte in a tag', () => flip(envelope, envelope.length - 1), 'CHUNK_AUTH_FAILED'],
    ['two chunks swapped', () => concat(headerBytes, chunk(0), chunk(2), chunk(1), ...chunks.slice(3)), 'CHUNK_AUTH_FAILED'],
    ['a chunk dropped', () => concat(headerBytes, ...chunks.filter((_, i) => i !== 2)), 'CHUNK_AUTH_FAILED'],
    ['a chunk duplicated', () => concat(headerBytes, ...chunks.slice(0, 3), chunk(2), ...chunks.slice(3)), 'CHUNK_AUTH_FAILED'],
    ['a chunk duplicated in place of the next one', () => concat(headerBytes, chunk(0), chunk(0), ...chunks.slice(2)), 'CHUNK_AUTH_FAILED'],
    ['the final chunk dropped', () => concat(headerBytes, ...chunks.slice(0, -1)), 'TRUNCATED'],
    ['the envelope cut inside a chunk', () => envelope.slice(0, envelope.length - 20), 'TRUNCATED'],
    ['the envelope cut inside the header', () => envelope.slice(0, 40), 'TRUNCATED'],
    ['bytes appended', () => concat(envelope, Uint8Array.of(1, 2, 3)), 'TRAILING_DATA'],
    ['another full chunk appended', () => concat(envelope, chunk(1)), 'TRAILING_DATA'],
  ])('%s', async (_, damage, code) => {
    expect(await codes(damage())).toEqual([code, code]);
  });

  it('a header byte changed', async () => {
    const json = new TextDecoder().decode(header.bytes.subarray(13));
    const at = 13 + json.indexOf('"noncePrefix":"') + 15;
    const damaged = envelope.slice();
    damaged[at] = damaged[at] === 0x41 ? 0x42 : 0x41;
    expect(await codes(damaged)).toEqual(['CHUNK_AUTH_FAILED', 'CHUNK_AUTH_FAILED']);
  });

  it('the header of another envelope for the same bidder', async () => {
    const other = await seal(randomBytes(6 * CHUNK), { recipients: [bidder.publicJwk], chunkSize: CHUNK });
    const swapped = concat(other.subarray(0, inspectEnvelope(other).bytes.length), ...chunks);
    const viaKey = await failure(async () => readAll((await openEnvelope({ source: streamOf(swapped), key: bidder })).content));
    expect(viaKey).toBe('CHUNK_AUTH_FAILED');
    // The content key of the real envelope does not match the swapped header's commitment.
    expect(await failure(() => decryptWithContentKey({ source: streamOf(swapped), contentKey }))).toBe('WRONG_KEY');
  });

  it('an earlier chunk’s failure is reported before a later truncation', async () => {
    const damaged = concat(headerBytes, flip(chunk(0), 0), ...chunks.slice(1, -1));
    expect(await codes(damaged)).toEqual(['CHUNK_AUTH_FAILED', 'CHUNK_AUTH_FAILED']);
  });

  it('no plaintext from beyond a failed chunk is delivered', async () => {
    const opened = await openEnvelope({ source: streamOf(flip(envelope, header.bytes.length + 2 * (CHUNK + TAG_BYTES) + 5)), key: bidder });
    const reader = opened.content.getReader();
    let delivered = 0;
    const code = await failure(async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        delivered += value.length;
      }
    });
    expect(code).toBe('CHUNK_AUTH_FAILED');
    expect(delivered).toBe(2 * CHUNK - 1024);
  });
});
