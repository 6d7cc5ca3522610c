import type { KeyObject } from 'node:crypto';
import type { Database, PrismaClient } from '@bidhall/db';
import type { MediaPlane } from '@bidhall/media';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from './lib/clock';
import { createEventBus, type EventBus } from './lib/events';
import { createRateLimiter, type RateLimiterFactory } from './lib/rate-limit';
import { createReceiptSigner } from './lib/receipt-signer';
import { type AccessTokens, createAccessTokens } from './modules/auth/access-tokens';
import { createLoginThrottle, type LoginThrottle, type ThrottleLimits } from './modules/auth/login-throttle';
import { createPasswords, type Passwords } from './modules/auth/passwords';
import { SessionGuard } from './modules/auth/session-guard';
import type { BidDeps, EnvelopeInspector } from './modules/bids/bid-context';
import { createFsBlobStore } from './modules/bids/blob-store';
import { envelopeInspector } from './modules/bids/envelope-inspector';
import { createSealer } from './modules/bids/sealing';
import { UploadState } from './modules/bids/upload-state';
import { createRecordingArchive, type RecordingArchive } from './modules/media/recordings';
import { createOpeningService, type OpeningDeps, type OpeningService } from './modules/opening/opening-service';
import { ANNOUNCE_PACE_SECONDS } from './modules/opening/timeline';

/** Everything a request handler may use; built once per process by `createServices`. */
export interface Services {
  db: Database;
  prisma: PrismaClient;
  logger: Logger;
  clock: Clock;
  tokens: AccessTokens;
  passwords: Passwords;
  throttle: LoginThrottle;
  /** Whether the session behind a token is still live; told of every revocation. */
  sessions: SessionGuard;
  redis: Redis | null;
  /** A limit counted across nodes (in Redis when configured), its keys under the installation's prefix. */
  rateLimiter: RateLimiterFactory;
  events: EventBus;
  bids: BidDeps;
  openings: OpeningService;
  /** This node's media plane; null where media is switched off. */
  media: MediaPlane | null;
  /** Files the plane's finished recordings; null where media is switched off. */
  recordings: RecordingArchive | null;
  /** STUN / TURN servers handed to clients. */
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  version: string;
  startedAt: Date;
  settings: {
    refreshTtlDays: number;
    bodyLimit: number;
    corsOrigins: string[];
    trustProxy: number;
    /** Mark the refresh cookie Secure (everywhere but plain-HTTP development). */
    secureCookies: boolean;
    validateResponses: boolean;
  };
}

export interface ServiceOptions {
  db: Database;
  logger: Logger;
  clock: Clock;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  bcryptCost: number;
  redis?: Redis | null;
  throttleLimits?: ThrottleLimits;
  /** Prefix of rate-limit counters in Redis, so installations (and test runs) sharing one Redis do not see each other. */
  throttleNamespace?: string;
  /** Key material for sealing bidder identities until the opening (≥ 32 bytes), kept out of the database. */
  sealKey: Buffer;
  /** The platform's Ed25519 key for receipts. */
  receiptKey: KeyObject;
  /** Root directory of the bid envelope store. */
  blobDir: string;
  envelopes?: EnvelopeInspector;
  media?: MediaPlane | null;
  iceServers?: Services['iceServers'];
  /** The trading centre's name on records it issues. */
  platformName?: string;
  /**
   * Points inside transactions where a test holds one still to interleave it with another; the
   * test keeps the object and fills it in. Never given in production.
   */
  hooks?: NonNullable<BidDeps['hooks']> & NonNullable<OpeningDeps['hooks']>;
  /** Seconds between announced bids when the host leaves the pace to the platform (0: all at once); `ANNOUNCE_PACE_SECONDS` by default. */
  announcePaceSeconds?: number;
  participantList?: OpeningDeps['participantList'];
  version: string;
  settings: Services['settings'];
}

const PLATFORM_NAME = 'bidhall 公共资源交易平台';

export function createServices(options: ServiceOptions): Services {
  const redis = options.redis ?? null;
  const namespace = options.throttleNamespace ?? 'bidhall';
  const rateLimiter: Services['rateLimiter'] = ({ name, points, durationSeconds }) => createRateLimiter(redis, { keyPrefix: `${namespace}:${name}`, points, duration: durationSeconds });
  const blobs = createFsBlobStore(options.blobDir);
  const sealer = createSealer(options.sealKey);
  const signer = createReceiptSigner(options.receiptKey);
  const events = createEventBus();
  const platformName = options.platformName ?? PLATFORM_NAME;
  const recordings = options.media ? createRecordingArchive({ prisma: options.db.prisma, clock: options.clock, logger: options.logger }, options.media) : null;
  return {
    db: options.db,
    prisma: options.db.prisma,
    logger: options.logger,
    clock: options.clock,
    tokens: createAccessTokens({ secret: options.jwtSecret, ttlSeconds: options.accessTokenTtlSeconds, clock: options.clock }),
    passwords: createPasswords(options.bcryptCost),
    throttle: createLoginThrottle({
      ...(options.throttleLimits ? { limits: options.throttleLimits } : {}),
      ...(redis ? { redis } : {}),
      namespace,
    }),
    sessions: new SessionGuard(options.db.prisma, options.clock, events),
    redis,
    rateLimiter,
    events,
    bids: {
      prisma: options.db.prisma,
      clock: options.clock,
      sealer,
      signer,
      blobs,
      uploads: new UploadState(blobs),
      envelopes: options.envelopes ?? envelopeInspector,
      ...(options.hooks ? { hooks: options.hooks } : {}),
      platformName,
    },
    media: options.media ?? null,
    recordings,
    iceServers: options.iceServers ?? [],
    openings: createOpeningService({
      prisma: options.db.prisma,
      sql: options.db.sql,
      clock: options.clock,
      sealer,
      blobs,
      events,
      signer,
      rateLimiter,
      platformName,
      hallMedia: recordings && { end: (sectionId) => recordings.closeRoom(`opening:${sectionId}`) },
      announcePaceSeconds: options.announcePaceSeconds ?? ANNOUNCE_PACE_SECONDS,
      ...(options.participantList ? { participantList: options.participantList } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
    }),
    version: options.version,
    startedAt: options.clock.now(),
    settings: options.settings,
  };
}
