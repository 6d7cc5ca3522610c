import { describe, expect, it } from 'vitest';
import { PIPELINE_DEPTH } from './chunks';
import { FRAME_ALIGN } from './frame';
import {
  checkEnvelopeSize,
  DEFAULT_CHUNK_SIZE,
  decryptWithContentKey,
  encryptEnvelope,
  type EncryptOptions,
  type EnvelopeErrorCode,
  expectedEnvelopeSize,
  generateBidderKeyPair,
  inspectEnvelope,
  MAX_HEADER_BYTES,
  openEnvelope,
  unwrapContentKey,
} from './index';
import { failure, randomBytes, readAll, seal, streamOf } from './test-support';

const bidder = await generateBidderKeyPair();
const recovery = await generateBidderKeyPair();
const stranger = await generateBidderKeyPair();

async function open(envelope: Uint8Array, key = bidder, pieces?: number[]) {
  const opened = await openEnvelope({ source: streamOf(envelope, pieces), key });
  return { ...opened, file: await readAll(opened.content) };
}

describe('round trips', () => {
  const form = { price: '12345678.00', durationDays: 180, projectManager: '李四', items: [{ name: '钢筋', amount: '1.5' }] };

  it.each([
    ['an empty file', 0, DEFAULT_CHUNK_SIZE],
    ['one byte', 1, DEFAULT_CHUNK_SIZE],
    ['a payload filling exactly one chunk', 4096 - FRAME_ALIGN, 4096],
    ['a payload filling exactly three chunks', 3 * 4096 - FRAME_ALIGN, 4096],
    ['many chunks and a short final one', 50_000, 1000],
    ['chunks of one byte', 300, 1],
  ])('%s', async (_, size, chunkSize) => {
    const file = randomBytes(size);
    const envelope = await seal(file, { recipients: [bidder.publicJwk], form, fileName: '投标文件.pdf', chunkSize });
    const opened = await open(envelope, bidder, [7, 4096, 1, 333]);
    expect(opened.form).toEqual(form);
    expect(opened.fileName).toBe('投标文件.pdf');
    expect(opened.size).toBe(size);
    expect(opened.file).toEqual(file);
    expect(expectedEnvelopeSize(opened.header)).toBe(envelope.length);
  });

  it('opens with either the bidder key or the recovery key', async () => {
    const file = randomBytes(10_000);
    const envelope = await seal(file, { recipients: [bidder.publicJwk, recovery.publicJwk], chunkSize: 999 });
    expect((await open(envelope, bidder)).file).toEqual(file);
    expect((await open(envelope, recovery)).file).toEqual(file);
    expect(inspectEnvelope(envelope).recipients.map((r) => r.kid)).toEqual([bidder.kid, recovery.kid]);
  });

  it('splits at the opening: the bidder unwraps the content key, the platform decrypts with it', async () => {
    const file = randomBytes(5000);
    const envelope = await seal(file, { recipients: [bidder.publicJwk], chunkSize: 512 });
    const contentKey = await unwrapContentKey(inspectEnvelope(envelope.subarray(0, MAX_HEADER_BYTES)), bidder);
    expect(contentKey).toHaveLength(32);
    const opened = await decryptWithContentKey({ source: streamOf(envelope, [100]), contentKey });
    expect(await readAll(opened.content)).toEqual(file);
    expect(await failure(() => decryptWithContentKey({ source: streamOf(envelope), contentKey: randomBytes(32) }))).toBe('WRONG_KEY');
  });

  it('gives every envelope its own content key and nonce prefix', async () => {
    const file = randomBytes(100);
    const [a, b] = [await seal(file, { recipients: [bidder.publicJwk] }), await seal(file, { recipients: [bidder.publicJwk] })];
    expect(inspectEnvelope(a).noncePrefix).not.toEqual(inspectEnvelope(b).noncePrefix);
    expect(await unwrapContentKey(inspectEnvelope(a), bidder)).not.toEqual(await unwrapContentKey(inspectEnvelope(b), bidder));
  });

  it('reports progress over the file bytes', async () => {
    const seen: number[] = [];
    const file = randomBytes(10_000);
    await seal(file, { recipients: [bidder.publicJwk], chunkSize: 4096, onProgress: (done, total) => (expect(total).toBe(10_000), seen.push(done)) });
    expect(seen).toEqual([4096 - FRAME_ALIGN, 2 * 4096 - FRAME_ALIGN, 10_000]);
  });
});

describe('the clear header', () => {
  it('says nothing of the form or the file name', async () => {
    const envelope = await seal(randomBytes(10), { recipients: [bidder.publicJwk], form: { price: '98765.43', projectManager: 'Zhang San' }, fileName: 'secret-name.pdf' });
    const header = new TextDecoder().decode(inspectEnvelope(envelope).bytes);
    for (const secret of ['98765', 'Zhang', 'secret-name', 'price']) expect(header).not.toContain(secret);
  });

  it('keeps the size from moving when only the price changes', async () => {
    const sizeWith = async (price: string) =>
      (await encryptEnvelope({ recipients: [bidder.publicJwk], form: { price }, fileName: 'a.pdf', source: streamOf(randomBytes(5000)), size: 5000 })).size;
    expect(await sizeWith('9.00')).toBe(await sizeWith('123456789012.00'));
  });

  it('is parsed from the first bytes alone, and its size check catches truncation and padding', async () => {
    const envelope = await seal(randomBytes(3000), { recipients: [bidder.publicJwk], chunkSize: 1024 });
    const header = inspectEnvelope(envelope.subarray(0, 600));
    expect(header.chunkSize).toBe(1024);
    expect(() => checkEnvelopeSize(header, envelope.length)).not.toThrow();
    for (const wrong of [envelope.length - 1, envelope.length + 1, envelope.length - 1040, 0]) {
      expect(await failure(async () => checkEnvelopeSize(header, wrong))).toBe('SIZE_MISMATCH');
    }
  });

  it.each([
    ['an empty upload', new Uint8Array(0), 'NOT_AN_ENVELOPE'],
    ['a PDF', new TextEncoder().encode('%PDF-1.7 lots of text'), 'NOT_AN_ENVELOPE'],
    ['a zip', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 'NOT_AN_ENVELOPE'],
    ['the magic alone', Uint8Array.of(0x89, 0x42, 0x48, 0x45, 0x4e, 0x56, 0x0d, 0x0a), 'TRUNCATED'],
    ['a header length of 0', Uint8Array.of(0x89, 0x42, 0x48, 0x45, 0x4e, 0x56, 0x0d, 0x0a, 1, 0, 0, 0, 0), 'HEADER_INVALID'],
    ['a header length of 4 GiB', Uint8Array.of(0x89, 0x42, 0x48, 0x45, 0x4e, 0x56, 0x0d, 0x0a, 1, 0xff, 0xff, 0xff, 0xff), 'HEADER_INVALID'],
    ['version 7', Uint8Array.of(0x89, 0x42, 0x48, 0x45, 0x4e, 0x56, 0x0d, 0x0a, 7, 0, 0, 0, 2, 0x7b, 0x7d), 'UNSUPPORTED_VERSION'],
    ['an empty JSON object', Uint8Array.of(0x89, 0x42, 0x48, 0x45, 0x4e, 0x56, 0x0d, 0x0a, 1, 0, 0, 0, 2, 0x7b, 0x7d), 'HEADER_INVALID'],
  ])('refuses %s', async (_, bytes, code) => {
    expect(await failure(async () => inspectEnvelope(bytes))).toBe(code);
  });

  it('refuses a header with an unknown field or algorithm', async () => {
    const envelope = await seal(randomBytes(10), { recipients: [bidder.publicJwk] });
    const header = inspectEnvelope(envelope);
    const json = JSON.parse(new TextDecoder().decode(header.bytes.subarray(13))) as Record<string, unknown>;
    const rebuilt = (value: unknown) => {
      const body = new TextEncoder().encode(JSON.stringify(value));
      const prefix = header.bytes.slice(0, 13);
      new DataView(prefix.buffer).setUint32(9, body.length);
      return new Uint8Array([...prefix, ...body]);
    };
    expect(() => inspectEnvelope(rebuilt(json))).not.toThrow();
    expect(await failure(async () => inspectEnvelope(rebuilt({ ...json, filename: 'x' })))).toBe('HEADER_INVALID');
    expect(await failure(async () => inspectEnvelope(rebuilt({ ...json, algorithms: { payload: 'AES-128-CBC', keyWrap: 'none' } })))).toBe('HEADER_INVALID');
    expect(await failure(async () => inspectEnvelope(rebuilt({ ...json, chunkSize: 0 })))).toBe('HEADER_INVALID');
    expect(await failure(async () => inspectEnvelope(rebuilt({ ...json, recipients: [] })))).toBe('HEADER_INVALID');
  });
});

describe('keys that do not fit', () => {
  it('refuses a private key the envelope is not wrapped to', async () => {
    const envelope = await seal(randomBytes(100), { recipients: [stranger.publicJwk] });
    expect(await failure(() => open(envelope, bidder))).toBe('WRONG_KEY');
  });

  it('refuses an entry that names the bidder’s kid but was wrapped to another key', async () => {
    const envelope = await seal(randomBytes(100), { recipients: [stranger.publicJwk] });
    const header = inspectEnvelope(envelope);
    const json = new TextDecoder().decode(header.bytes.subarray(13)).replace(stranger.kid, bidder.kid);
    const relabelled = new Uint8Array([...header.bytes.subarray(0, 13), ...new TextEncoder().encode(json), ...envelope.subarray(header.bytes.length)]);
    expect(await failure(() => open(relabelled, bidder))).toBe('WRONG_KEY');
  });
});

describe('input checks', () => {
  const file = randomBytes(100);
  it.each<[string, Partial<EncryptOptions>, EnvelopeErrorCode]>([
    ['a source shorter than announced', { source: streamOf(file), size: 101 }, 'SIZE_MISMATCH'],
    ['a source longer than announced', { source: streamOf(file), size: 99 }, 'SIZE_MISMATCH'],
    ['a chunk size of 0', { chunkSize: 0 }, 'INVALID_INPUT'],
    ['no recipient', { recipients: [] }, 'INVALID_INPUT'],
    ['the same recipient twice', { recipients: [bidder.publicJwk, bidder.publicJwk] }, 'INVALID_INPUT'],
    ['a form that is an array', { form: [1, 2] as unknown as Record<string, unknown> }, 'INVALID_INPUT'],
    ['an empty file name', { fileName: '' }, 'INVALID_INPUT'],
    ['a recipient that is not a P-256 key', { recipients: [{ kty: 'EC', crv: 'P-256', x: bidder.publicJwk.y, y: bidder.publicJwk.x }] }, 'KEY_INVALID'],
  ])('refuses %s', async (_, override, code) => {
    expect(await failure(() => seal(file, { recipients: [bidder.publicJwk], ...override }))).toBe(code);
  });
});

describe('streaming', () => {
  /** A source that counts how many bytes were taken from it. */
  function countingSource(size: number, piece: number) {
    let taken = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (taken >= size) return controller.close();
          const n = Math.min(piece, size - taken);
          taken += n;
          controller.enqueue(new Uint8Array(n));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    return { stream, taken: () => taken, cancelled: () => cancelled };
  }

  it('reads the source only a few chunks ahead of the reader', async () => {
    const chunkSize = 64 * 1024;
    const source = countingSource(100 * chunkSize, 16 * 1024);
    const envelope = await encryptEnvelope({ recipients: [bidder.publicJwk], form: {}, fileName: 'big.bin', source: source.stream, size: 100 * chunkSize, chunkSize });
    const reader = envelope.stream.getReader();
    await reader.read();
    await reader.read();
    expect(source.taken()).toBeLessThanOrEqual((PIPELINE_DEPTH + 2) * chunkSize);
    await reader.cancel();
    expect(source.cancelled()).toBe(true);
  });

  it('cancels at once even while waiting on a stalled source', async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          controller.enqueue(new Uint8Array(100));
        },
        pull: () => new Promise(() => undefined),
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const envelope = await encryptEnvelope({ recipients: [bidder.publicJwk], form: {}, fileName: 'slow.bin', source: stalled, size: 5000, chunkSize: 1000 });
    const reader = envelope.stream.getReader();
    await reader.read();
    const next = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await reader.cancel();
    expect(cancelled).toBe(true);
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('decrypts only a few chunks ahead of the reader, and a cancelled read cancels the source', async () => {
    const chunkSize = 4096;
    const envelope = await seal(new Uint8Array(200 * chunkSize), { recipients: [bidder.publicJwk], chunkSize });
    let delivered = 0;
    let cancelled = false;
    let at = 0;
    const source = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const piece = envelope.subarray(at, at + 1000);
          at += piece.length;
          delivered += piece.length;
          if (piece.length) controller.enqueue(piece);
          else controller.close();
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const opened = await openEnvelope({ source, key: bidder });
    const reader = opened.content.getReader();
    await reader.read();
    expect(delivered).toBeLessThanOrEqual((PIPELINE_DEPTH + 3) * (chunkSize + 16) + 1000 + opened.header.bytes.length);
    await reader.cancel();
    expect(cancelled).toBe(true);
  });
});

describe('async iterable sources', () => {
  async function* pieces(bytes: Uint8Array, size: number, onStop: () => void = () => undefined): AsyncGenerator<Uint8Array> {
    try {
      for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    } finally {
      onStop();
    }
  }

  it('encrypt and decrypt as a web stream does', async () => {
    const file = randomBytes(20_000);
    const envelope = await encryptEnvelope({ recipients: [bidder.publicJwk], form: { price: '1.00' }, fileName: 'a.pdf', source: pieces(file, 3001), size: file.length, chunkSize: 4096 });
    const sealed = await readAll(envelope.stream);
    expect(sealed.length).toBe(envelope.size);
    const opened = await openEnvelope({ source: pieces(sealed, 999), key: bidder });
    expect(await readAll(opened.content)).toEqual(file);
    expect(await failure(async () => readAll((await openEnvelope({ source: pieces(sealed.subarray(0, sealed.length - 1), 999), key: bidder })).content))).toBe('TRUNCATED');
  });

  it('are stopped when the output is cancelled', async () => {
    const chunkSize = 4096;
    let stopped = false;
    const envelope = await encryptEnvelope({ recipients: [bidder.publicJwk], form: {}, fileName: 'big.bin', source: pieces(new Uint8Array(100 * chunkSize), 1000, () => (stopped = true)), size: 100 * chunkSize, chunkSize });
    const reader = envelope.stream.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(stopped).toBe(true);
  });
});
