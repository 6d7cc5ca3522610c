import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type BidderKey, type ChunkCipherFactory, decryptWithContentKey, encryptEnvelope, generateBidderKeyPair, inspectEnvelope, unwrapContentKey, webCryptoCipher } from '@bidhall/contracts/envelope';
import { nodeCipher } from '@bidhall/contracts/envelope/node';
import { type Metric, metric } from './metric';
import { uploadRssGrowth } from './upload-rss';

const MiB = 1024 * 1024;
const TOTAL = 256 * MiB;
const CHUNK = MiB;
const ROUNDS = 5;
/** As many WebCrypto operations in flight as the envelope keeps. */
const DEPTH = 4;

type Block = Uint8Array<ArrayBuffer>;

interface Throughput {
  encrypt: number;
  decrypt: number;
}

/** The payload, produced 1 MiB at a time as a file read would deliver it; nothing holds all of it. */
function payload(block: Block): ReadableStream<Uint8Array> {
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

/** The envelope's streaming API: encrypt; then, as at the opening, unwrap the content key and decrypt. */
async function envelopeRound(block: Block, key: BidderKey, cipher: ChunkCipherFactory): Promise<Throughput> {
  const sealed: Uint8Array[] = [];
  const start = performance.now();
  const envelope = await encryptEnvelope({ recipients: [key.publicJwk], form: { price: '12345678.00' }, fileName: 'bid.pdf', source: payload(block), size: TOTAL, cipher });
  await drain(envelope.stream, sealed);
  const encrypted = performance.now();
  const contentKey = await unwrapContentKey(inspectEnvelope(sealed[0]!), key);
  const opened = await decryptWithContentKey({ source: replay(sealed), contentKey, cipher });
  if ((await drain(opened.content)) !== TOTAL) throw new Error('the envelope did not give back the payload');
  return { encrypt: mibPerSecond(encrypted - start), decrypt: mibPerSecond(performance.now() - encrypted) };
}

/** The baseline: node:crypto AES-256-GCM over the same bytes, 1 MiB per cipher as the envelope's chunks. */
function nodeRound(block: Block): Throughput {
  const key = randomBytes(32);
  const sealed: { iv: Buffer; data: Buffer; tag: Buffer }[] = [];
  const start = performance.now();
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
  if (bytes !== TOTAL) throw new Error('node:crypto did not give back the payload');
  return { encrypt: mibPerSecond(encrypted - start), decrypt: mibPerSecond(performance.now() - encrypted) };
}

/**
 * Bare WebCrypto AES-GCM over the same chunks, as many in flight as the envelope keeps, no streams:
 * the floor the envelope stands on, which separates its own overhead from WebCrypto's.
 */
async function webCryptoRound(block: Block): Promise<Throughput> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const ivs = Array.from({ length: TOTAL / CHUNK }, () => crypto.getRandomValues(new Uint8Array(12)));
  const run = async (op: (i: number) => Promise<ArrayBuffer>) => {
    const out: ArrayBuffer[] = [];
    const pending: Promise<ArrayBuffer>[] = [];
    for (let i = 0; i < ivs.length; i++) {
      pending.push(op(i));
      if (pending.length === DEPTH) out.push(await pending.shift()!);
    }
    out.push(...(await Promise.all(pending)));
    return out;
  };
  const start = performance.now();
  const sealed = await run((i) => crypto.subtle.encrypt({ name: 'AES-GCM', iv: ivs[i]! }, key, block));
  const encrypted = performance.now();
  await run((i) => crypto.subtle.decrypt({ name: 'AES-GCM', iv: ivs[i]! }, key, sealed[i]!));
  return { encrypt: mibPerSecond(encrypted - start), decrypt: mibPerSecond(performance.now() - encrypted) };
}

/** Peak RSS above the start while a whole 256 MiB envelope streams through and is thrown away. */
async function streamingRssGrowth(block: Block, key: BidderKey): Promise<number> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const envelope = await encryptEnvelope({
    recipients: [key.publicJwk],
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
const medianOf = (rounds: Throughput[], op: keyof Throughput) => median(rounds.map((r) => r[op]));

/**
 * A 256 MiB payload through the envelope's streaming API beside node:crypto AES-256-GCM over the
 * same bytes in 1 MiB chunks (the baseline), and beside bare WebCrypto (to tell the envelope's own
 * cost from WebCrypto's). Rounds alternate so drift on a shared machine hits all alike; medians count.
 */
export async function run(): Promise<Metric[]> {
  const block: Block = new Uint8Array(randomBytes(CHUNK));
  const key = await generateBidderKeyPair();
  const rss = await streamingRssGrowth(block, key);
  const upload = await uploadRssGrowth(TOTAL, block, key);
  if (!upload.receiptOk) throw new Error('the 256 MiB upload did not end in a receipt');
  const envelope: Throughput[] = [];
  const envelopeWeb: Throughput[] = [];
  const node: Throughput[] = [];
  const webCrypto: Throughput[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    envelope.push(await envelopeRound(block, key, nodeCipher));
    node.push(nodeRound(block));
    envelopeWeb.push(await envelopeRound(block, key, webCryptoCipher));
    webCrypto.push(await webCryptoRound(block));
  }
  return [
    metric('envelope', 'encrypt_throughput', medianOf(envelope, 'encrypt'), 'MiB/s', medianOf(node, 'encrypt')),
    metric('envelope', 'decrypt_throughput', medianOf(envelope, 'decrypt'), 'MiB/s', medianOf(node, 'decrypt')),
    // The browser's path: the same envelope on WebCrypto, beside bare WebCrypto.
    metric('envelope', 'encrypt_throughput_webcrypto', medianOf(envelopeWeb, 'encrypt'), 'MiB/s', medianOf(webCrypto, 'encrypt')),
    metric('envelope', 'decrypt_throughput_webcrypto', medianOf(envelopeWeb, 'decrypt'), 'MiB/s', medianOf(webCrypto, 'decrypt')),
    metric('envelope', 'encrypt_stream_rss_growth', rss, 'MiB', null),
    // Beside the bid's own size: the ratio is the share of the bid the server ever held in memory (target < 0.5, i.e. < 128 MiB).
    metric('envelope', 'upload_rss_growth_256MiB', upload.growthMiB, 'MiB', TOTAL / MiB),
  ];
}
