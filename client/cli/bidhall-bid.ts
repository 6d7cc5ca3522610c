/**
 * bidhall-bid: the bidder's command-line tool for bid envelopes (docs/bid-envelope.md).
 *
 *   npx bidhall-bid <command> [options]     (installed by `npm install`: client/bin/bidhall-bid.mjs)
 *
 * Files are streamed: a bid of any size is encrypted and decrypted a few chunks at a time. The
 * envelope code is the same module the browser runs.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type BidderKey,
  checkEnvelopeSize,
  encryptEnvelope,
  EnvelopeError,
  exportPrivateKey,
  expectedEnvelopeSize,
  fingerprint,
  generateBidderKeyPair,
  importPrivateKey,
  inspectEnvelope,
  MAX_HEADER_BYTES,
  MIN_PASSWORD_LENGTH,
  openEnvelope,
  parsePublicJwk,
  type PublicJwk,
} from '@bidhall/contracts/envelope';
import { nodeCipher } from '@bidhall/contracts/envelope/node';
import canonicalize from 'canonicalize';
import { readFileStream, writeAtomically } from './files';

const USAGE = `usage: bidhall-bid <command> [options]

  keygen         --out key.json [--password P]
                 create a key pair; write the password-protected private key file;
                 print the public key (JWK, to register with the platform) and its fingerprint
  export-public  --key key.json [--out pub.json]
                 print (or write) the public key of a key file
  fingerprint    --key-public pub.json
                 print a public key's fingerprint (SHA-256 of its SPKI, hex)
  encrypt        --key-public pub.json [--recovery-public rec.json] --form form.json
                 --in bid.pdf --out bid.bhe [--chunk-size BYTES]
                 encrypt a bid file and its opening form (开标一览表) into an envelope
  decrypt        --key key.json --in bid.bhe --out-dir dir [--password P]
                 decrypt an envelope; write the file and form.json into dir
  inspect        --in bid.bhe
                 show what the envelope's clear header says (no key needed)
  verify-receipt --receipt receipt.json --platform-key platform.pub.json [--envelope bid.bhe]
                 check the platform's Ed25519 signature on a receipt (回执), and that it
                 names this envelope

A public key file may be a JWK or a key file. The password comes from --password, else the
BIDHALL_KEY_PASSWORD environment variable, else a prompt; prefer the latter two, since
command-line arguments are visible to other users of the machine.
Exit status: 0 done, 1 refused or failed (the message starts with an error code), 2 bad usage.
`;

class UsageError extends Error {}

/** A failure outside the envelope itself, reported like EnvelopeError: a stable code and a message. */
class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Options = Record<string, string | undefined>;

function options(args: string[], names: string[], required: string[]): Options {
  let values: Options;
  try {
    ({ values } = parseArgs({ args, options: Object.fromEntries(names.map((n) => [n, { type: 'string' }])), strict: true, allowPositionals: false }) as { values: Options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const missing = required.filter((n) => values[n] === undefined);
  if (missing.length) throw new UsageError(`missing ${missing.map((n) => `--${n}`).join(', ')}`);
  return values;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('FILE_UNREADABLE', `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError('FILE_INVALID', `${what} ${file} is not valid JSON`);
  }
}

/** A JWK, or a key file (whose public half is used), or `{ publicJwk }`. */
async function readPublicKey(file: string): Promise<PublicJwk> {
  const value = await readJson(file, 'public key');
  const inner = typeof value === 'object' && value !== null && 'publicJwk' in value ? value.publicJwk : value;
  return parsePublicJwk(inner);
}

async function password(given: string | undefined, confirm: boolean): Promise<string> {
  const value = given ?? (process.env.BIDHALL_KEY_PASSWORD || undefined);
  if (value !== undefined) return value;
  if (!process.stdin.isTTY) throw new UsageError('a password is needed: pass --password or set BIDHALL_KEY_PASSWORD');
  const first = await askHidden('password: ');
  if (confirm && (await askHidden('again: ')) !== first) throw new CliError('PASSWORD_MISMATCH', 'the two passwords differ');
  return first;
}

function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return finish(), resolve(typed);
        if (ch === '\u0003') return finish(), reject(new CliError('CANCELLED', 'cancelled'));
        typed = ch === '\u007f' || ch === '\b' ? [...typed].slice(0, -1).join('') : typed + ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);

/** Writes `stream` to `file` as writeAtomically does, and reports its size and SHA-256. */
async function writeHashed(file: string, stream: ReadableStream<Uint8Array>, mode?: number): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  const size = await writeAtomically(file, stream, { ...(mode === undefined ? {} : { mode }), observe: (piece) => hash.update(piece) });
  return { size, sha256: hash.digest('hex') };
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(MAX_HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The envelope's file name, reduced to one harmless path segment. */
function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f<>:"|?*]/g, '_').trim();
  if (!base || /^\.+$/.test(base)) return 'bid.bin';
  return base === 'form.json' ? 'file-form.json' : base;
}

async function loadPrivateKey(file: string, given: string | undefined): Promise<BidderKey> {
  return importPrivateKey(await readJson(file, 'key file'), await password(given, false));
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async keygen(args) {
    const o = options(args, ['out', 'password'], ['out']);
    const secret = await password(o.password, true);
    if ([...secret].length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    const key = await generateBidderKeyPair();
    const file = await exportPrivateKey(key, secret);
    try {
      await writeFile(o.out!, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError('FILE_EXISTS', `${o.out} exists; a key file is never overwritten`);
      throw error;
    }
    print(key.publicJwk);
    note(`fingerprint ${key.kid}`);
    note(`private key written to ${o.out}; keep it and its password safe: without them the bid cannot be opened`);
  },

  async 'export-public'(args) {
    const o = options(args, ['key', 'out'], ['key']);
    const publicJwk = await readPublicKey(o.key!);
    if (o.out) await writeFile(o.out, `${JSON.stringify(publicJwk, null, 2)}\n`);
    else print(publicJwk);
    note(`fingerprint ${await fingerprint(publicJwk)}`);
  },

  async fingerprint(args) {
    const o = options(args, ['key-public'], ['key-public']);
    process.stdout.write(`${await fingerprint(await readPublicKey(o['key-public']!))}\n`);
  },

  async encrypt(args) {
    const o = options(args, ['key-public', 'recovery-public', 'form', 'in', 'out', 'chunk-size'], ['key-public', 'form', 'in', 'out']);
    const recipients = [await readPublicKey(o['key-public']!)];
    if (o['recovery-public']) recipients.push(await readPublicKey(o['recovery-public']));
    const form = await readJson(o.form!, 'opening form');
    if (typeof form !== 'object' || form === null || Array.isArray(form)) throw new CliError('FILE_INVALID', `the opening form ${o.form} must be a JSON object`);
    const chunkSize = o['chunk-size'] === undefined ? undefined : Number(o['chunk-size']);
    const { size } = await stat(o.in!);
    const progress = process.stderr.isTTY ? (done: number, total: number) => process.stderr.write(`\rencrypting ${total ? Math.floor((done / total) * 100) : 100}%`) : undefined;
    const envelope = await encryptEnvelope({
      recipients,
      form: form as Record<string, unknown>,
      fileName: path.basename(o.in!),
      source: readFileStream(o.in!),
      size,
      cipher: nodeCipher,
      ...(chunkSize === undefined ? {} : { chunkSize }),
      ...(progress ? { onProgress: progress } : {}),
    });
    const written = await writeHashed(o.out!, envelope.stream);
    if (progress) process.stderr.write('\n');
    print({ envelope: o.out, size: written.size, sha256: written.sha256, recipients: envelope.header.recipients.map((r) => r.kid) });
  },

  async decrypt(args) {
    const o = options(args, ['key', 'in', 'out-dir', 'password'], ['key', 'in', 'out-dir']);
    const key = await loadPrivateKey(o.key!, o.password);
    const opened = await openEnvelope({ source: readFileStream(o.in!), key, cipher: nodeCipher });
    await mkdir(o['out-dir']!, { recursive: true });
    const file = path.join(o['out-dir']!, safeFileName(opened.fileName));
    const written = await writeHashed(file, opened.content, 0o600);
    const formFile = path.join(o['out-dir']!, 'form.json');
    await writeFile(formFile, `${JSON.stringify(opened.form, null, 2)}\n`, { mode: 0o600 });
    print({ file, size: written.size, sha256: written.sha256, form: formFile, openedWith: key.kid });
  },

  async inspect(args) {
    const o = options(args, ['in'], ['in']);
    const header = inspectEnvelope(await readHead(o.in!));
    const { size } = await stat(o.in!);
    print({
      version: header.version,
      chunkSize: header.chunkSize,
      recipients: header.recipients.map((r) => r.kid),
      expectedSize: expectedEnvelopeSize(header),
      actualSize: size,
    });
    checkEnvelopeSize(header, size);
  },

  async 'verify-receipt'(args) {
    const o = options(args, ['receipt', 'platform-key', 'envelope'], ['receipt', 'platform-key']);
    const receipt = await readJson(o.receipt!, 'receipt');
    if (typeof receipt !== 'object' || receipt === null) throw new CliError('RECEIPT_INVALID', 'the receipt is not a JSON object');
    const { signature, ...signed } = receipt as Record<string, unknown>;
    const fields = { receiptId: 'string', sectionId: 'string', bidderOrgId: 'string', sha256: 'string', size: 'number', serverTime: 'string' } as const;
    for (const [field, type] of Object.entries(fields)) {
      if (typeof signed[field] !== type) throw new CliError('RECEIPT_INVALID', `the receipt has no ${type} ${field}`);
    }
    if (typeof signature !== 'string') throw new CliError('RECEIPT_INVALID', 'the receipt is not signed');
    const platformKey = await readPlatformKey(o['platform-key']!);
    if (!verify(null, Buffer.from(canonicalize(signed) ?? '', 'utf8'), platformKey, Buffer.from(signature, 'base64url'))) {
      throw new CliError('SIGNATURE_INVALID', "the receipt's signature does not verify with this platform key: it was altered or signed by another key");
    }
    if (o.envelope) {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of readFileStream(o.envelope) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
      const sha256 = hash.digest('hex');
      if (sha256 !== signed.sha256 || size !== signed.size) {
        throw new CliError('RECEIPT_MISMATCH', `the receipt is for ${signed.sha256} (${signed.size} bytes), not for ${o.envelope} (${sha256}, ${size} bytes)`);
      }
    }
    print({ valid: true, ...signed, ...(o.envelope ? { envelope: o.envelope } : {}) });
  },
};

/** The platform's receipt key: an Ed25519 JWK, or the response of GET /api/keys. */
async function readPlatformKey(file: string) {
  const value = (await readJson(file, 'platform key')) as { receipts?: { publicJwk?: unknown } } | null;
  const jwk = (value?.receipts?.publicJwk ?? value) as { kty?: unknown; crv?: unknown; x?: unknown } | null;
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new CliError('KEY_INVALID', `${file} is not an Ed25519 public key (a JWK, or the response of GET /api/keys)`);
  }
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  } catch {
    throw new CliError('KEY_INVALID', `${file} does not hold a valid Ed25519 public key`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    process.stderr.write(name === undefined || name === '--help' || name === 'help' ? USAGE : `unknown command ${name}\n\n${USAGE}`);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  try {
    await command(args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bidhall-bid ${name}: ${error.message} (bidhall-bid --help shows the usage)\n`);
      return 2;
    }
    if (error instanceof EnvelopeError || error instanceof CliError) {
      process.stderr.write(`error ${error.code}: ${error.message}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('E')) {
      process.stderr.write(`error IO_FAILED: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
