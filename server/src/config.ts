import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every environment variable the server reads, parsed once at start. */
const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on; loopback by default, so a misconfigured server is not reachable from the network by accident. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Mark the refresh cookie Secure; by default it is, unless the server listens on loopback without a TLS proxy in front (TRUST_PROXY=0). */
  COOKIE_SECURE: bool.optional(),
  /** PostgreSQL connection string; without it the embedded PGlite database under DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  /** PostgreSQL schema to keep the tables in (one database can then hold several installations); `public` by default. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
    .optional(),
  DATA_DIR: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  /** HMAC key for access tokens, at least 32 characters; generated and kept under DATA_DIR when absent outside production. */
  JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** Prefix of every Redis key and stream of this installation, so several installations can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, dash and underscore')
    .default('bidhall'),
  /** 32+ random bytes, base64url, sealing bidder identities until the opening; generated under DATA_DIR when absent outside production. Every node needs the same. */
  SEAL_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43,}$/, 'at least 32 bytes, base64url')
    .optional(),
  /** PEM file of the platform's Ed25519 receipt-signing key; generated under DATA_DIR when absent outside production. */
  RECEIPT_KEY_FILE: z.string().min(1).optional(),
  /** Where bid envelopes are stored; DATA_DIR/blobs by default. */
  BLOB_DIR: z.string().min(1).optional(),
  /** Run the WebRTC media plane (SFU worker processes) on this node. */
  MEDIA: bool.optional(),
  /** SFU worker processes; one per core by default. */
  MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** Address the SFU's UDP sockets bind to. */
  MEDIA_LISTEN_IP: z.ipv4().default('127.0.0.1'),
  /** Address written into ICE candidates, for a host behind 1:1 NAT. */
  MEDIA_ANNOUNCED_IP: z.ipv4().optional(),
  MEDIA_PORT_MIN: z.coerce.number().int().min(1024).max(65535).optional(),
  MEDIA_PORT_MAX: z.coerce.number().int().min(1024).max(65535).optional(),
  /** STUN / TURN servers for clients, as a JSON array of RTCIceServer objects. */
  ICE_SERVERS: z
    .string()
    .default('[]')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'a JSON array of { urls, username?, credential? }' });
        return z.NEVER;
      }
    })
    .pipe(z.array(z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() }))),
  /** Where recordings of evaluation rooms go; DATA_DIR/recordings by default. */
  RECORDING_DIR: z.string().min(1).optional(),
  /** Seconds between announced bids (唱标) when the host leaves the pace to the platform; 0 announces every bid at once. */
  OPENING_ANNOUNCE_PACE_SECONDS: z.coerce.number().int().min(0).max(600).optional(),
  /** Access token lifetime in seconds; at most 15 minutes. */
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(900).default(600),
  /** Refresh session lifetime in days. */
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** bcrypt cost factor; 12 in production, lower only to speed up tests. */
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  /** Comma-separated origins allowed to call the API from a browser (the bundled client is same-origin). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url())),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest JSON body accepted, in bytes. */
  BODY_LIMIT: z.coerce.number().int().min(1024).max(10_000_000).default(100_000),
  /** Load demo organizations, users and a project at start, into an empty database only (never in production); `npm start` asks for it. */
  DEMO: bool.optional(),
  /** Password of every demo account; chosen at random on first start when absent. */
  DEMO_PASSWORD: z.string().min(10).max(72).optional(),
  /** Number of proxy hops to trust for the client address (X-Forwarded-For). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Run the durable jobs (issuing records, calls to institutions) on this node; every node may. */
  JOBS_WORKER: bool.optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  redisPrefix: string;
  jwtSecret: string | undefined;
  sealKey: string | undefined;
  receiptKeyFile: string | undefined;
  blobDir: string;
  media: {
    enabled: boolean;
    workers: number | undefined;
    listenIp: string;
    announcedIp: string | undefined;
    portRange: { min: number; max: number } | undefined;
    iceServers: { urls: string | string[]; username?: string; credential?: string }[];
    recordingDir: string;
  };
  /** Undefined: the platform's default (ANNOUNCE_PACE_SECONDS). */
  announcePaceSeconds: number | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  bcryptCost: number;
  corsOrigins: string[];
  logLevel: string;
  bodyLimit: number;
  demo: boolean;
  demoPassword: string | undefined;
  /** Whether the refresh cookie is marked Secure (and plain HTTP assets are not upgraded). */
  secureCookies: boolean;
  trustProxy: number;
  shutdownGraceMs: number;
  jobsWorker: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

/**
 * Parses the environment, naming every bad variable at once. `defaults.demo` is what the command
 * line asked for (`--demo`); without it, and without DEMO, no demo data is loaded.
 */
export function parseConfig(env: Record<string, string | undefined>, defaults: { dataDir: string; demo?: boolean }): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'SEAL_KEY', 'RECEIPT_KEY_FILE'] as const) if (!e[name]) problems.push(`${name}: required in production`);
  }
  const demo = e.DEMO ?? defaults.demo ?? false;
  if (e.NODE_ENV === 'production' && demo) problems.push('DEMO: demo data is never loaded in production');
  if (Boolean(e.MEDIA_PORT_MIN) !== Boolean(e.MEDIA_PORT_MAX) || (e.MEDIA_PORT_MIN ?? 0) > (e.MEDIA_PORT_MAX ?? 0)) {
    problems.push('MEDIA_PORT_MIN: give both MEDIA_PORT_MIN and MEDIA_PORT_MAX, the first not above the second');
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    dataDir: e.DATA_DIR ?? defaults.dataDir,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: e.JWT_SECRET,
    sealKey: e.SEAL_KEY,
    receiptKeyFile: e.RECEIPT_KEY_FILE,
    blobDir: e.BLOB_DIR ?? `${e.DATA_DIR ?? defaults.dataDir}/blobs`,
    media: {
      enabled: e.MEDIA ?? true,
      workers: e.MEDIA_WORKERS,
      listenIp: e.MEDIA_LISTEN_IP,
      announcedIp: e.MEDIA_ANNOUNCED_IP,
      portRange: e.MEDIA_PORT_MIN && e.MEDIA_PORT_MAX ? { min: e.MEDIA_PORT_MIN, max: e.MEDIA_PORT_MAX } : undefined,
      iceServers: e.ICE_SERVERS,
      recordingDir: e.RECORDING_DIR ?? `${e.DATA_DIR ?? defaults.dataDir}/recordings`,
    },
    announcePaceSeconds: e.OPENING_ANNOUNCE_PACE_SECONDS,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    bcryptCost: e.BCRYPT_COST,
    corsOrigins: e.CORS_ORIGINS,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    demo,
    demoPassword: e.DEMO_PASSWORD,
    secureCookies: e.COOKIE_SECURE ?? (e.TRUST_PROXY > 0 || !LOOPBACK.test(e.HOST)),
    trustProxy: e.TRUST_PROXY,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    jobsWorker: e.JOBS_WORKER ?? true,
  };
}
