import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDir } from '@bidhall/db/testing';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEMO_PASSWORD = 'Demo-test-password-2026';

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ServerProcessOptions {
  env?: Record<string, string>;
  /** Reuse a data directory / database schema / Redis prefix from an earlier process (restarts, second nodes). */
  reuse?: { dataDir: string; schema?: string; redisPrefix?: string };
  /** Variables the process must not see at all (the harness sets NODE_ENV and DEMO by default). */
  unset?: string[];
  startTimeoutMs?: number;
}

/** A server process the harness started, with what it needs to restart it or clean up after it. */
export interface StartedServerProcess extends ServerProcess {
  dataDir: string;
  schema?: string;
  redisPrefix: string;
  /** Kills the process and removes its data directory and database schema. */
  cleanup(): Promise<void>;
  /**
   * Stops the process (SIGTERM) and starts another on the same port, data directory, database
   * schema and Redis prefix with the same environment, as an operator restarting the service
   * would: clients find the platform again at the same address. Clean up the returned one.
   */
  restart(): Promise<StartedServerProcess>;
}

/**
 * Runs `server/src/main.ts` in a child process exactly as `npm start` does, on a free port,
 * with a data directory of its own and, when DATABASE_URL is set, a PostgreSQL schema of its own.
 */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<StartedServerProcess> {
  const dataDir = options.reuse?.dataDir ?? (await createTestDir('server'));
  const databaseUrl = process.env.DATABASE_URL;
  const schema = databaseUrl ? (options.reuse?.schema ?? `p_${randomBytes(5).toString('hex')}`) : undefined;
  // Installations sharing the test machine's Redis must not share its streams or counters.
  const redisPrefix = options.reuse?.redisPrefix ?? `t_${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO: 'true',
    DEMO_PASSWORD,
    BCRYPT_COST: '4',
    LOG_LEVEL: 'info',
    ...(schema ? { DATABASE_SCHEMA: schema } : {}),
    REDIS_PREFIX: redisPrefix,
    // SFU workers only where a test asks for them: most suites have no use for media.
    MEDIA: 'false',
    ...options.env,
  };
  // The PGlite run of the suites clears DATABASE_URL; an empty one is not a URL to the server.
  if (!databaseUrl) delete env.DATABASE_URL;
  for (const name of options.unset ?? []) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), options.startTimeoutMs ?? 60_000);
    const onData = () => {
      const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill(signal);
    return exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    dataDir,
    redisPrefix,
    ...(schema ? { schema } : {}),
    output: () => output,
    stop,
    cleanup: async () => {
      await stop('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
      if (databaseUrl && schema) await dropSchema(databaseUrl, schema);
    },
    restart: async () => {
      await stop('SIGTERM');
      return startServerProcess({
        ...options,
        env: { ...options.env, PORT: String(port) },
        reuse: { dataDir, redisPrefix, ...(schema ? { schema } : {}) },
      });
    },
  };
}

/** Drops a test schema and everything in it (a server's, or what seeding left when no server started). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
