import { type BidderKey, encryptEnvelope, generateBidderKeyPair } from '@bidhall/contracts/envelope';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { type EnvelopeRange, runSelfCheck } from './self-check';

const FORM = { price: '11500000.00', durationDays: 365 };
const CHUNK = 64 * 1024;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (const reader = stream.getReader(); ; ) {
    const { done, value } = await reader.read();
    if (done) return new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
    parts.push(value);
  }
}

/** Serves an envelope the way the platform's my-bid/envelope route answers Range requests. */
function served(envelope: Uint8Array, versions: string[] = ['"v1"']): EnvelopeRange & { ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  const range = async (from: number, to: number) => {
    ranges.push([from, to]);
    const end = Math.min(to, envelope.length - 1);
    const etag = versions[Math.min(ranges.length - 1, versions.length - 1)] ?? '';
    return new Response(new Blob([envelope.slice(from, end + 1)]).stream(), {
      status: 206,
      headers: { 'Content-Range': `bytes ${from}-${end}/${envelope.length}`, ETag: etag },
    });
  };
  return Object.assign(range, { ranges });
}

let key: BidderKey;
let other: BidderKey;
let envelope: Uint8Array;
let chunkCount: number;

beforeAll(async () => {
  [key, other] = await Promise.all([generateBidderKeyPair(), generateBidderKeyPair()]);
  const file = Uint8Array.from({ length: 1024 * 1024 + 100 }, (_, i) => (i * 131 + 17) % 256);
  const sealed = await encryptEnvelope({ recipients: [key.publicJwk], form: FORM, fileName: 'bid.pdf', source: new Blob([file]).stream(), size: file.length, chunkSize: CHUNK });
  envelope = await readAll(sealed.stream);
  chunkCount = Math.ceil(sealed.header.payloadSize / CHUNK);
});

describe('runSelfCheck', () => {
  it('opens a small envelope whole with the key and reads the opening form back', async () => {
    const result = await runSelfCheck(served(envelope), key);
    expect(result).toMatchObject({ ok: true, kid: key.kid, form: FORM, fileName: 'bid.pdf', fileSize: 1024 * 1024 + 100, chunksChecked: chunkCount, chunkCount });
  });

  it('fetches a large envelope only as far as the opening form', async () => {
    const range = served(envelope);
    const result = await runSelfCheck(range, key, { wholeMaxBytes: 0 });
    expect(result).toMatchObject({ ok: true, form: FORM, chunkCount });
    if (result.ok) expect(result.chunksChecked).toBeLessThan(chunkCount);
    const last = range.ranges.at(-1) ?? [0, 0];
    expect(last[1]).toBeLessThan(envelope.length - 1);
  });

  it('says which keys the bid is for when this computer holds another', async () => {
    expect(await runSelfCheck(served(envelope), other)).toMatchObject({ ok: false, reason: 'NOT_FOR_THIS_KEY', recipients: [key.kid] });
  });

  it('tells a key that carries the right name but not the right secret', async () => {
    const impostor: BidderKey = { kid: key.kid, publicJwk: key.publicJwk, privateKey: other.privateKey };
    expect(await runSelfCheck(served(envelope), impostor)).toMatchObject({ ok: false, reason: 'WRONG_KEY' });
  });

  it('reports a stored envelope that fails authentication as damaged', async () => {
    const damaged = envelope.slice();
    damaged[damaged.length - 20]! ^= 1;
    expect(await runSelfCheck(served(damaged), key)).toMatchObject({ ok: false, reason: 'DAMAGED', error: { code: 'CHUNK_AUTH_FAILED' } });
  });

  it('notices a bid replaced between its two downloads', async () => {
    expect(await runSelfCheck(served(envelope, ['"v1"', '"v2"']), key)).toEqual({ ok: false, reason: 'CHANGED' });
  });

  it('has nothing to check without a bid or without a key', async () => {
    const none: EnvelopeRange = () => Promise.reject(new ApiError('NOT_FOUND', 'no bid', 404));
    expect(await runSelfCheck(none, key)).toEqual({ ok: false, reason: 'NO_BID' });
    expect(await runSelfCheck(served(envelope), null)).toEqual({ ok: false, reason: 'NO_KEY' });
  });
});
