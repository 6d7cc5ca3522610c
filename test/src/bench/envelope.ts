/**
 * The envelope bench: a 256 MiB bid through the envelope beside raw AES-256-GCM over the same
 * bytes in the same run, rounds alternating so that drift on a shared machine hits both alike;
 * medians count.
 *
 * - node:crypto, file to file (the headline pair). The envelope runs as bidhall-bid runs it: the
 *   bid file read by `readFileStream`, sealed with `nodeCipher`, written by `writeAtomically`
 *   (client/cli/files.ts, the CLI's own code), then opened with the bidder's private key and
 *   written out the same way. Left out is only the SHA-256 that bidhall-bid prints of what it
 *   writes: the tool's report, not the envelope's work. The baseline therefore reads and writes
 *   files too — the same file, through the same Node read and write streams, 1 MiB per read and
 *   per cipher — then reads its output back one sealed piece per read and writes the plaintext.
 *   A baseline without I/O beside an envelope with it would charge the envelope for the I/O; a
 *   baseline with its own, different I/O (one reused read buffer, say) would measure that choice,
 *   not the envelope. The files live in /dev/shm when there is one, so that disk writeback does
 *   not swamp the difference.
 * - WebCrypto (the browser's path): the envelope over in-memory streams beside bare WebCrypto over
 *   the same 1 MiB chunks, as many in flight as the envelope keeps, no streams: this separates the
 *   envelope's own cost from WebCrypto's.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { readFileStream, writeAtomically } from '@bidhall/client/cli/files';
import { type BidderKey, decryptWithContentKey, encryptEnvelope, generateBidderKeyPair, inspectEnvelope, openEnvelope, unwrapContentKey, webCryptoCipher } from '@bidhall/contracts/envelope';
import { nodeCipher } from '@bidhall/contracts/envelope/node';
import { type Metric, metric } from './metric';
import { uploadRssGrowth } from './upload-rss';

const MiB = 1024 * 1024;
const TOTAL = 256 * MiB;
const CHUNK = MiB;
const TAG = 16;
const ROUNDS = 5;
/** As many WebCrypto operations in flight as the envelope keeps. */
const DEPTH = 4;

type Block = Uint8Array<ArrayBuffer>;

interface Throughput {
  encrypt: number;
  decrypt: number;
}

interface Files {
  /** The 256 MiB bid. */
  bid: string;
  at: (name: string) => string;
}

const mibPerSecond = (ms: number) => TOTAL / MiB / (ms / 1000);

/** The bid file, written once: 256 MiB of random bytes, a fresh megabyte at a time. */
async function makeFiles(): Promise<Files & { cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bidhall-envelope-bench-'));
  const at = (name: string) => path.join(dir, name);
  const handle = await open(at('bid.pdf'), 'w');
  try {
    for (let written = 0; written < TOTAL; written += CHUNK) await handle.write(randomBytes(CHUNK));
  } finally {
    await handle.close();
  }
  return { bid: at('bid.pdf'), at, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The envelope as bidhall-bid encrypts and decrypts a file. */
async function envelopeFileRound(files: Files, key: BidderKey): Promise<Throughput> {
  const start = performance.now();
  const envelope = await encryptEnvelope({
    recipients: [key.publicJwk],
    form: { price: '12345678.00' },
    fileName: 'bid.pdf',
    source: readFileStream(files.bid),
    size: TOTAL,
    cipher: nodeCipher,
  });
  if ((await writeAtomically(files.at('bid.bhe'), envelope.stream)) !== envelope.size) throw new Error('the envelope has the wrong size');
  const encrypted = performance.now();
  const opened = await openEnvelope({ source: readFileStream(files.at('bid.bhe')), key, cipher: nodeCipher });
  if ((await writeAtomically(files.at('opened.pdf'), opened.content)) !== TOTAL) throw new Error('the envelope did not give back the bid');
  return { encrypt: mibPerSecond(encrypted - start), decrypt: mibPerSecond(performance.now() - encrypted) };
}

/** The baseline: the same file through node:crypto AES-256-GCM, 1 MiB per cipher, read and written through Node streams. */
async function rawFileRound(files: Files): Promise<Throughput> {
  const key = randomBytes(32);
  const ivs: Buffer[] = [];
  const start = performance.now();
  await pipeline(
    createReadStream(files.bid, { highWaterMark: CHUNK }),
    async function* (pieces: AsyncIterable<Buffer>) {
      for await (const piece of pieces) {
        const iv = randomBytes(12);
        ivs.push(iv);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        yield cipher.update(piece);
        cipher.final();
        yield cipher.getAuthTag();
      }
    },
    createWriteStream(files.at('raw.sealed')),
  );
  const encrypted = performance.now();
  let index = 0;
  await pipeline(
    createReadStream(files.at('raw.sealed'), { highWaterMark: CHUNK + TAG }),
    async function* (pieces: AsyncIterable<Buffer>) {
      for await (const piece of pieces) {
        const decipher = createDecipheriv('aes-256-gcm', key, ivs[index++]!).setAuthTag(piece.subarray(piece.length - TAG));
        yield decipher.update(piece.subarray(0, piece.length - TAG));
        decipher.final();
      }
    },
    createWriteStream(files.at('raw.opened')),
  );
  const decrypted = performance.now();
  if (index !== TOTAL / CHUNK || (await stat(files.at('raw.opened'))).size !== TOTAL) throw new Error('node:crypto did not give back the bid');
  return { encrypt: mibPerSecond(encrypted - start), decrypt: mibPerSecond(decrypted - encrypted) };
}

/** The payload, produced 1 MiB at a time as a browser's File.stream() delivers it; nothing holds all of it. */
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

/** The envelope on WebCrypto over in-memory streams: encrypt; then, as at the opening, unwrap the content key and decrypt. */
async function envelopeWebCryptoRound(block: Block, key: BidderKey): Promise<Throughput> {
  const sealed: Uint8Array[] = [];
  const start = performance.now();
  const envelope = await encryptEnvelope({ recipients: [key.publicJwk], form: { price: '12345678.00' }, fileName: 'bid.pdf', source: payload(block), size: TOTAL, cipher: webCryptoCipher });
  await drain(envelope.stream, sealed);
  const encrypted = performance.now();
  const contentKey = await unwrapContentKey(inspectEnvelope(sealed[0]!), key);
  const opened = await decryptWithContentKey({ source: replay(sealed), contentKey, cipher: webCryptoCipher });
  if ((await drain(opened.content)) !== TOTAL) throw new Error('the envelope did not give back the payload');
  return { encrypt: mibPerSecond(encrypted - start), decrypt: mibPerSecond(performance.now() - encrypted) };
}

/** Bare WebCrypto AES-GCM over the same chunks, as many in flight as the envelope keeps, no streams. */
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

export async function run(): Promise<Metric[]> {
  const block: Block = new Uint8Array(randomBytes(CHUNK));
  const key = await generateBidderKeyPair();
  const rss = await streamingRssGrowth(block, key);
  const upload = await uploadRssGrowth(TOTAL, block, key);
  if (!upload.receiptOk) throw new Error('the 256 MiB upload did not end in a receipt');
  const files = await makeFiles();
  const envelope: Throughput[] = [];
  const raw: Throughput[] = [];
  const envelopeWeb: Throughput[] = [];
  const webCrypto: Throughput[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      envelope.push(await envelopeFileRound(files, key));
      raw.push(await rawFileRound(files));
      envelopeWeb.push(await envelopeWebCryptoRound(block, key));
      webCrypto.push(await webCryptoRound(block));
    }
  } finally {
    await files.cleanup();
  }
  return [
    metric('envelope', 'encrypt_throughput', medianOf(envelope, 'encrypt'), 'MiB/s', medianOf(raw, 'encrypt')),
    metric('envelope', 'decrypt_throughput', medianOf(envelope, 'decrypt'), 'MiB/s', medianOf(raw, 'decrypt')),
    // The browser's path: the same envelope on WebCrypto, beside bare WebCrypto.
    metric('envelope', 'encrypt_throughput_webcrypto', medianOf(envelopeWeb, 'encrypt'), 'MiB/s', medianOf(webCrypto, 'encrypt')),
    metric('envelope', 'decrypt_throughput_webcrypto', medianOf(envelopeWeb, 'decrypt'), 'MiB/s', medianOf(webCrypto, 'decrypt')),
    metric('envelope', 'encrypt_stream_rss_growth', rss, 'MiB', null),
    // Beside the bid's own size: the ratio is the share of the bid the server ever held in memory (target < 0.5, i.e. < 128 MiB).
    metric('envelope', 'upload_rss_growth_256MiB', upload.growthMiB, 'MiB', TOTAL / MiB),
  ];
}
