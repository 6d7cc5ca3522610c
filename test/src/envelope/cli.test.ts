import { spawn } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/server-process';
import { createTestDir } from '@bidhall/db/testing';

const CLI = path.join(REPO_ROOT, 'client/cli/bidhall-bid.ts');
/** Loaded before the CLI: reports the process's peak RSS on exit, for the streaming check. */
const PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss '+process.resourceUsage().maxRSS*1024+'\\n'))`;
const PASSWORD = 'bidder-password-2026';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { env?: Record<string, string>; measure?: boolean } = {}): Promise<Result> {
  const preload = options.measure ? ['--import', PEAK_RSS] : [];
  return run(process.execPath, ['--import', 'tsx', ...preload, CLI, ...args], options.env);
}

/** The tool as a bidder runs it: the command `npm install` put in place, found by npx. */
const npx = (args: string[], cwd = REPO_ROOT) => run('npx', ['--no-install', 'bidhall-bid', ...args], {}, cwd);

function run(command: string, args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<Result> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, BIDHALL_KEY_PASSWORD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const peakRss = (result: Result) => Number(/peak-rss (\d+)/.exec(result.stderr)?.[1]);

let dir: string;
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await createTestDir('bid-cli');
  for (const name of ['bidder', 'recovery', 'stranger']) {
    const made = await cli(['keygen', '--out', at(`${name}.key.json`), '--password', PASSWORD]);
    expect(made.code, made.stderr).toBe(0);
    await writeFile(at(`${name}.pub.json`), made.stdout);
  }
  await writeFile(at('form.json'), JSON.stringify({ price: '12345678.00', durationDays: 180, projectManager: '王五' }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bidhall-bid', () => {
  it('prints a public key whose fingerprint is the SHA-256 of its SPKI DER, as the platform computes it', async () => {
    const jwk = JSON.parse(await readFile(at('bidder.pub.json'), 'utf8')) as { kty: string; crv: string; x: string; y: string };
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    const spki = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
    const expected = createHash('sha256').update(spki).digest('hex');
    expect((await cli(['fingerprint', '--key-public', at('bidder.pub.json')])).stdout.trim()).toBe(expected);
    expect((await cli(['fingerprint', '--key-public', at('bidder.key.json')])).stdout.trim()).toBe(expected);
    const exported = await cli(['export-public', '--key', at('bidder.key.json')]);
    expect(JSON.parse(exported.stdout)).toEqual(jwk);
    expect(exported.stderr).toContain(expected);
  });

  it('is an installed command: `npx bidhall-bid` runs the same tool, from the repository and from a client folder', async () => {
    const usage = await npx(['--help']);
    expect([usage.code, usage.stderr]).toEqual([0, expect.stringContaining('usage: bidhall-bid <command>')]);
    const direct = await cli(['fingerprint', '--key-public', at('bidder.pub.json')]);
    const installed = await npx(['fingerprint', '--key-public', at('bidder.pub.json')], path.join(REPO_ROOT, 'client'));
    expect([installed.code, installed.stdout]).toEqual([0, direct.stdout]);
    const refused = await npx(['decrypt', '--key', at('bidder.key.json'), '--in', at('missing.bhe'), '--out-dir', at('nowhere'), '--password', PASSWORD]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error /);
  });

  it('never overwrites a key file', async () => {
    const again = await cli(['keygen', '--out', at('bidder.key.json'), '--password', PASSWORD]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error FILE_EXISTS/);
  });

  it('encrypts a multi-chunk file with its form and decrypts it byte for byte, with either key', async () => {
    const file = randomBytes(700_000);
    await writeFile(at('bid.pdf'), file);
    const sealed = await cli([
      'encrypt', '--key-public', at('bidder.pub.json'), '--recovery-public', at('recovery.pub.json'),
      '--form', at('form.json'), '--in', at('bid.pdf'), '--out', at('bid.bhe'), '--chunk-size', '65536',
    ]);
    expect(sealed.code, sealed.stderr).toBe(0);
    const summary = JSON.parse(sealed.stdout) as { size: number; sha256: string; recipients: string[] };
    const envelope = await readFile(at('bid.bhe'));
    expect(summary.size).toBe(envelope.length);
    expect(summary.sha256).toBe(createHash('sha256').update(envelope).digest('hex'));
    expect(summary.recipients).toHaveLength(2);
    expect(envelope.includes(Buffer.from('12345678'))).toBe(false);

    for (const key of ['bidder', 'recovery']) {
      const out = at(`out-${key}`);
      // The password from the environment, as a script would pass it.
      const opened = await cli(['decrypt', '--key', at(`${key}.key.json`), '--in', at('bid.bhe'), '--out-dir', out], { env: { BIDHALL_KEY_PASSWORD: PASSWORD } });
      expect(opened.code, opened.stderr).toBe(0);
      expect((await readFile(path.join(out, 'bid.pdf'))).equals(file)).toBe(true);
      expect(JSON.parse(await readFile(path.join(out, 'form.json'), 'utf8'))).toEqual({ price: '12345678.00', durationDays: 180, projectManager: '王五' });
    }
  });

  it('refuses the wrong key, the wrong password and damaged envelopes, leaving no output file', async () => {
    const envelope = await readFile(at('bid.bhe'));
    const tampered = Buffer.from(envelope);
    tampered[Math.floor(envelope.length / 2)]! ^= 0x01;
    await writeFile(at('tampered.bhe'), tampered);
    await writeFile(at('truncated.bhe'), envelope.subarray(0, envelope.length - 100));

    const cases: [string, string, string, RegExp][] = [
      ['stranger.key.json', 'bid.bhe', PASSWORD, /^error WRONG_KEY: the envelope is not encrypted to key [0-9a-f]{64}; it is encrypted to /],
      ['bidder.key.json', 'bid.bhe', 'not-the-password', /^error BAD_PASSWORD/],
      ['bidder.key.json', 'tampered.bhe', PASSWORD, /^error CHUNK_AUTH_FAILED/],
      ['bidder.key.json', 'truncated.bhe', PASSWORD, /^error TRUNCATED/],
      ['bidder.key.json', 'bid.pdf', PASSWORD, /^error NOT_AN_ENVELOPE/],
    ];
    for (const [key, input, password, message] of cases) {
      const out = at(`refused-${input}-${key}`);
      const result = await cli(['decrypt', '--key', at(key), '--in', at(input), '--out-dir', out, '--password', password]);
      expect(result.code, `${key} ${input}`).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(await readdir(out).catch(() => [])).toEqual([]);
    }
  });

  it('explains bad usage with exit status 2', async () => {
    const result = await cli(['encrypt', '--in', at('bid.pdf')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing --key-public, --form, --out');
  });

  it('streams: a file much larger than the memory it takes', async () => {
    const size = 256 * 1024 * 1024;
    const block = randomBytes(1024 * 1024);
    await writeFile(at('large.bin'), (function* () {
      for (let i = 0; i < size / block.length; i++) yield block;
    })());
    const idle = await cli(['fingerprint', '--key-public', at('bidder.pub.json')], { measure: true });
    const sealed = await cli(['encrypt', '--key-public', at('bidder.pub.json'), '--form', at('form.json'), '--in', at('large.bin'), '--out', at('large.bhe')], { measure: true });
    expect(sealed.code, sealed.stderr).toBe(0);
    const opened = await cli(['decrypt', '--key', at('bidder.key.json'), '--in', at('large.bhe'), '--out-dir', at('large-out'), '--password', PASSWORD], { measure: true });
    expect(opened.code, opened.stderr).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({ size });
    for (const run of [sealed, opened]) expect(peakRss(run) - peakRss(idle)).toBeLessThan(128 * 1024 * 1024);
    await rm(at('large.bin'));
    await rm(at('large.bhe'));
    await rm(at('large-out'), { recursive: true });
  });
});

describe('bidhall-bid verify-receipt', () => {
  const platform = generateKeyPairSync('ed25519');
  const signed = (fields: Record<string, unknown>) => ({ ...fields, signature: sign(null, Buffer.from(canonicalize(fields)!), platform.privateKey).toString('base64url') });

  beforeAll(async () => {
    await writeFile(at('platform.pub.json'), JSON.stringify(platform.publicKey.export({ format: 'jwk' })));
    const envelope = await readFile(at('bid.bhe'));
    const receipt = signed({
      receiptId: 'rcpt_01',
      kind: 'SUBMISSION',
      sectionId: 'sec_01',
      bidderOrgId: 'org_01',
      sha256: createHash('sha256').update(envelope).digest('hex'),
      size: envelope.length,
      serverTime: '2026-11-28T09:00:00.000Z',
      keyId: 'k1',
    });
    await writeFile(at('receipt.json'), JSON.stringify(receipt));
    await writeFile(at('altered-receipt.json'), JSON.stringify({ ...receipt, serverTime: '2026-11-28T08:59:00.000Z' }));
    await writeFile(at('keys-response.json'), JSON.stringify({ receipts: { alg: 'Ed25519', keyId: 'k1', publicJwk: platform.publicKey.export({ format: 'jwk' }) } }));
  });

  it('accepts a receipt signed by the platform, given its JWK or the GET /api/keys response, and checks it names the envelope', async () => {
    for (const key of ['platform.pub.json', 'keys-response.json']) {
      const result = await cli(['verify-receipt', '--receipt', at('receipt.json'), '--platform-key', at(key), '--envelope', at('bid.bhe')]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, receiptId: 'rcpt_01' });
    }
  });

  it('refuses an altered receipt, another platform key, and another envelope', async () => {
    await writeFile(at('other.pub.json'), JSON.stringify(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })));
    const cases: [string[], RegExp][] = [
      [['--receipt', at('altered-receipt.json'), '--platform-key', at('platform.pub.json')], /^error SIGNATURE_INVALID/],
      [['--receipt', at('receipt.json'), '--platform-key', at('other.pub.json')], /^error SIGNATURE_INVALID/],
      [['--receipt', at('receipt.json'), '--platform-key', at('platform.pub.json'), '--envelope', at('tampered.bhe')], /^error RECEIPT_MISMATCH/],
      [['--receipt', at('receipt.json'), '--platform-key', at('bidder.pub.json')], /^error KEY_INVALID/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(['verify-receipt', ...args]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
