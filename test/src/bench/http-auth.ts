import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEMO_PASSWORD, startServerProcess } from '../harness/server-process';
import { type Metric, metric } from './metric';

const CONNECTIONS = 32;
const SECONDS = 8;
const ROUNDS = 2;

async function load(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function startBare(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./bare-express.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}/bare`, stop: () => child.kill('SIGTERM') };
}

/**
 * An authenticated GET /api/auth/me (JWT check, role guard, one indexed read, response schema)
 * through the whole middleware stack, beside a bare Express handler in its own process.
 * Rounds alternate between the two so drift on a shared machine hits both alike.
 */
export async function run(): Promise<Metric[]> {
  const keyDir = await mkdtemp(path.join(tmpdir(), 'bidhall-bench-keys-'));
  const receiptKeyFile = path.join(keyDir, 'receipt.pem');
  await writeFile(receiptKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const server = await startServerProcess({
    env: {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      SEAL_KEY: randomBytes(32).toString('base64url'),
      RECEIPT_KEY_FILE: receiptKeyFile,
      DEMO: 'false',
    },
  });
  const bare = await startBare();
  try {
    const token = await seedAndLogin(server.url);
    const me = `${server.url}/api/auth/me`;
    const auth = { authorization: `Bearer ${token}` };
    await load(me, auth);
    await load(bare.url, {});
    const app = { rps: 0, p99: 0 };
    const floor = { rps: 0, p99: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const a = await load(me, auth);
      const b = await load(bare.url, {});
      app.rps += a.rps / ROUNDS;
      app.p99 += a.p99 / ROUNDS;
      floor.rps += b.rps / ROUNDS;
      floor.p99 += b.p99 / ROUNDS;
    }
    return [
      metric('http-auth', 'requests_per_second', app.rps, 'req/s', floor.rps),
      metric('http-auth', 'latency_p99', app.p99, 'ms', floor.p99),
    ];
  } finally {
    bare.stop();
    await server.cleanup();
    await rm(keyDir, { recursive: true, force: true });
  }
}

/** Production mode loads no demo data, so the bench registers its own account. */
async function seedAndLogin(base: string): Promise<string> {
  const username = 'benchuser';
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const registered = await post('/api/auth/register', {
    organization: { name: '压测投标有限公司', kind: 'BIDDER', creditCode: '91320500MA00000036', regionCode: '320500', contact: { name: '压测联系人', phone: '13900000000' } },
    user: { username, displayName: '压测', password: DEMO_PASSWORD },
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${await registered.text()}`);
  const res = await post('/api/auth/login', { username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
