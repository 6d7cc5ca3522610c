import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { demoOrganizations, migrate, openDatabase } from '@bidhall/db';
import { MediaPlane } from '@bidhall/media';
import { Redis } from 'ioredis';
import { type Config, ConfigError, parseConfig } from './config';
import { ensureDemoProject } from './demo/demo-project';
import { demoAccounts, loadDemo } from './demo/load-demo';
import { demoPassword } from './demo/demo-password';
import { systemClock } from './lib/clock';
import { createLogger } from './lib/logger';
import { loadReceiptKey } from './lib/receipt-signer';
import { loadOrCreateSecret } from './lib/secrets';
import { OpeningDriver } from './modules/opening/opening-driver';
import { sealLegacyRegistrations } from './modules/projects/seal-legacy-registrations';
import { preloadDocumentFonts } from './lib/documents/fonts';
import { platformJobs } from './jobs';
import { JobRunner } from './kernel/jobs/job-runner';
import { createHttpServer } from './server';
import { createServices } from './services';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env, { dataDir: `${repoRoot}.data`, demo: process.argv.includes('--demo') });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`bidhall: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const db = await openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) }
      : { dataDir: `${config.dataDir}/pglite` },
  );
  if (config.databaseSchema) await db.sql.withSession((s) => s.exec(`CREATE SCHEMA IF NOT EXISTS ${config.databaseSchema}`));
  const { applied } = await migrate(db.sql);
  logger.info({ database: db.kind, applied }, 'database ready');

  const media = config.media.enabled
    ? await MediaPlane.start({
        ...(config.media.workers ? { workers: config.media.workers } : {}),
        network: {
          listenIp: config.media.listenIp,
          ...(config.media.announcedIp ? { announcedIp: config.media.announcedIp } : {}),
          ...(config.media.portRange ? { portRange: config.media.portRange } : {}),
          iceServers: config.media.iceServers,
        },
        recordingDir: config.media.recordingDir,
      })
    : null;
  media?.on('workerRestarted', (info) => logger.warn(info, 'media worker restarted'));
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : null;
  const adapterRedis = redis?.duplicate();
  const services = createServices({
    db,
    logger,
    clock: systemClock,
    jwtSecret: config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir, 'jwt')),
    sealKey: Buffer.from(config.sealKey ?? (await loadOrCreateSecret(config.dataDir, 'seal')), 'base64url'),
    receiptKey: await loadReceiptKey({ ...(config.receiptKeyFile ? { pem: await readFile(config.receiptKeyFile, 'utf8') } : {}), dataDir: config.dataDir }),
    blobDir: config.blobDir,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    bcryptCost: config.bcryptCost,
    redis,
    media,
    iceServers: config.media.iceServers,
    throttleNamespace: config.redisPrefix,
    version,
    ...(config.demo ? { platformName: demoOrganizations[0]!.name } : {}),
    ...(config.announcePaceSeconds === undefined ? {} : { announcePaceSeconds: config.announcePaceSeconds }),
    settings: {
      refreshTtlDays: config.refreshTokenTtlDays,
      bodyLimit: config.bodyLimit,
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      secureCookies: config.secureCookies,
      validateResponses: config.env === 'test',
    },
  });

  // Registrations an earlier version stored in clear are sealed once, by the only party holding the key.
  const sealedRegistrations = await sealLegacyRegistrations({ prisma: services.prisma, sealer: services.bids.sealer });
  if (sealedRegistrations) logger.info({ count: sealedRegistrations }, 'registrations stored in clear were sealed');

  const demo = config.demo ? await startDemo(services, config) : null;

  const clientDist = `${repoRoot}client/dist`;
  const server = createHttpServer(services, {
    ...(existsSync(`${clientDist}/index.html`) ? { staticDir: clientDist } : {}),
    ...(adapterRedis ? { adapterRedis, adapterStreamName: `${config.redisPrefix}:socket.io` } : {}),
  });
  // Converting the record fonts takes a moment; better now than during the first opening.
  await preloadDocumentFonts();
  // This node's name in leases and job claims.
  const nodeId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const driver = new OpeningDriver(db, services.openings, systemClock, logger, nodeId);
  driver.start();
  const jobs = config.jobsWorker ? new JobRunner(db.sql, platformJobs(services), systemClock, logger, nodeId) : null;
  jobs?.start();
  await new Promise<void>((resolve) => server.http.listen(config.port, config.host, resolve));
  const address = server.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (demo) printDemoBanner(port, demo.password, demo.opening);
  logger.info({ port, database: db.kind, redis: Boolean(redis) }, 'listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await driver.stop();
    await jobs?.stop();
    await server.close(config.shutdownGraceMs);
    await media?.close();
    await db.close();
    await Promise.all([redis?.quit(), adapterRedis?.quit()]);
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Loads the demo, unless the database holds data of its own: demo accounts never go into a real database. */
async function startDemo(services: ReturnType<typeof createServices>, config: Config): Promise<{ password: string; opening: Date | null } | null> {
  const password = config.demoPassword ?? (await demoPassword(config.dataDir));
  if ((await loadDemo(services, password)) === 'refused') {
    services.logger.warn('demo data not loaded: the database already holds organizations of its own');
    return null;
  }
  const project = await ensureDemoProject(services);
  return { password, opening: project?.bidDeadline ?? null };
}

function printDemoBanner(port: number, password: string, opening: Date | null): void {
  const rows = demoAccounts().map((a) => `  ${a.username.padEnd(12)} ${a.role.padEnd(12)} ${a.organization ?? a.displayName}`);
  process.stdout.write(
    [
      '',
      `bidhall is running on http://localhost:${port}`,
      `Demo accounts (password for all: ${password})`,
      ...rows,
      ...(opening ? [`Demo opening (不见面开标) at ${opening.toISOString()}`] : []),
      '',
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bidhall failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
