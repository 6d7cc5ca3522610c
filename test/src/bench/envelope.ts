import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type BidderKey, decryptWithContentKey, encryptEnvelope, generateBidderKeyPair, inspectEnvelope, type PublicJwk, unwrapContentKey } from '@bidhall/contracts/envelope';
import { type Metric, metric } from './metric';

const MiB = 1024 * 1024;
const TOTAL = 256 * MiB;
const CHUNK = MiB;
const ROUNDS = 3;

/** The payload, produced 1 MiB at a time as a file read would deliver it; nothing holds all of it. */
function payload(block: Uint8Array): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent === TOTAL) return controller.close();
        controller.enqueue(block);
        sent += block.length;
      },
    },
    { highWaterMark: 0 },
  );
}

const replay = (parts: Uint8Array[]): ReadableStream<Uint8Array> => {
  let next = 0;
  return new ReadableStream<Uint8Array>({ pull: (c) => (next < parts.length ? c.enqueue(parts[next++]!) : c.close()) }, { highWaterMark: 0 });
};

async function drain(stream: ReadableStream<Uint8Array>, keep?: Uint8Array[]): Promise<number> {
  let bytes = 0;
  for await (const part of stream) {
    bytes += part.length;
    keep?.push(part);
  }
  return bytes;
}

const mibPerSecond = (ms: number) => TOTAL / MiB / (ms / 1000);

async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function envelopeRound(block: Uint8Array, recipient: PublicJwk, key: BidderKey) {
  const sealed: Uint8Array[] = [];
  const encryptMs = await timed(async () => {
    const envelope = await encryptEnvelope({ recipients: [recipient], form: { price: '12345678.00' }, fileName: 'bid.pdf', source: payload(block), size: TOTAL });
    await drain(envelope.stream, sealed);
  });
  let contentKey: Uint8Array | undefined;
  const decryptMs = await timed(async () => {
    const header = sealed[0]!;
    contentKey = await unwrapContentKey(inspectEnvelope(header), key);
    const opened = await decryptWithContentKey({ source: replay(sealed), contentKey });
    if ((await drain(opened.content)) !== TOTAL) throw new Error('the envelope did not give back the payload');
  });
  return { encrypt: mibPerSecond(encryptMs), decrypt: mibPerSecond(decryptMs) };
}

/** Node's own AES-256-GCM over the same bytes in 1 MiB chunks, one cipher per chunk as the envelope does. */
function rawRound(block: Uint8Array) {
  const key = randomBytes(32);
  const sealed: { iv: Buffer; data: Buffer; tag: Buffer }[] = [];
  const encryptMs = performance.now();
  for (let at = 0; at < TOTAL; at += CHUNK) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = cipher.update(block);
    cipher.final();
    sealed.push({ iv, data, tag: cipher.getAuthTag() });
  }
  const encrypted = performance.now();
  let bytes = 0;
  for (const { iv, data, tag } of sealed) {
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAuthTag(tag);
    bytes += decipher.update(data).length;
    decipher.final();
  }
  if (bytes !== TOTAL) throw new Error('raw GCM did not give back the payload');
  return { encrypt: mibPerSecond(encrypted - encryptMs), decrypt: mibPerSecond(performance.now() - encrypted) };
}

/** Peak RSS above the start while a whole 256 MiB envelope streams through and is thrown away. */
async function streamingRssGrowth(block: Uint8Array, recipient: PublicJwk): Promise<number> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const envelope = await encryptEnvelope({
    recipients: [recipient],
    form: {},
    fileName: 'bid.pdf',
    source: payload(block),
    size: TOTAL,
    onProgress: () => void (peak = Math.max(peak, process.memoryUsage.rss())),
  });
  await drain(envelope.stream);
  return (peak - start) / MiB;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * A 256 MiB payload through the envelope's streaming API (encrypt, then unwrap the content key and
 * decrypt, as at the opening) beside raw AES-256-GCM from node:crypto over the same bytes in 1 MiB
 * chunks; rounds alternate so drift on a shared machine hits both alike, and the median counts.
 */
export async function run(): Promise<Metric[]> {
  const block = randomBytes(CHUNK);
  const key = await generateBidderKeyPair();
  const rss = await streamingRssGrowth(block, key.publicJwk);
  const envelope = { encrypt: [] as number[], decrypt: [] as number[] };
  const raw = { encrypt: [] as number[], decrypt: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    const e = await envelopeRound(block, key.publicJwk, key);
    const r = rawRound(block);
    envelope.encrypt.push(e.encrypt);
    envelope.decrypt.push(e.decrypt);
    raw.encrypt.push(r.encrypt);
    raw.decrypt.push(r.decrypt);
  }
  return [
    metric('envelope', 'encrypt_throughput', median(envelope.encrypt), 'MiB/s', median(raw.encrypt)),
    metric('envelope', 'decrypt_throughput', median(envelope.decrypt), 'MiB/s', median(raw.decrypt)),
    metric('envelope', 'encrypt_stream_rss_growth', rss, 'MiB', null),
  ];
}
