import { creditCodeCheckChar, roleOfOrgKind, type TOrgKind, type TRole, ZSectionInput } from '@bidhall/contracts';
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { encryptEnvelope, generateBidderKeyPair, type PublicJwk } from '@bidhall/contracts/envelope';
import type { Database } from '@bidhall/db';
import type { MediaPlane } from '@bidhall/media';
import { createTestDatabase, createTestDir } from '@bidhall/db/testing';
import type { Redis } from 'ioredis';
import { platformJobs } from './jobs';
import { JobRunner } from './kernel/jobs/job-runner';
import type { Clock } from './lib/clock';
import { createLogger } from './lib/logger';
import type { ThrottleLimits } from './modules/auth/login-throttle';
import { registerBidderKey } from './modules/bids/bid-keys';
import { completeUpload, putChunk, startUpload } from './modules/bids/uploads';
import { addSection, createProject, publishProject } from './modules/projects/manage-projects';
import { createServices, type ServiceOptions, type Services } from './services';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** A clock that only moves when told to. */
export interface TestClock extends Clock {
  advance(ms: number): void;
  set(date: Date): void;
}

export function createTestClock(start = new Date('2026-11-28T09:00:00.000Z')): TestClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (date) => {
      now = date.getTime();
    },
  };
}

export interface TestServices extends Services {
  /** Every log line written so far, as raw JSON text. */
  logs(): string;
  /** The platform's job worker, not started: tests run `jobs.tick()` when they want the jobs done. */
  jobs: JobRunner;
  close(): Promise<void>;
  keys: { sealKey: Buffer; receiptKey: KeyObject; blobDir: string };
}

/**
 * Services over an isolated database of their own, with cheap bcrypt, response validation on,
 * and logs captured in memory so tests can check what was (not) written.
 */
export async function createTestServices(
  options: {
    clock?: Clock;
    db?: Database;
    redis?: Redis;
    throttleLimits?: ThrottleLimits;
    throttleNamespace?: string;
    /** Another node of the same installation: same keys and envelope store (pass its `db` too). */
    shareWith?: TestServices;
    media?: MediaPlane;
    hooks?: ServiceOptions['hooks'];
    /** Seconds between announced bids; the platform's default unless given. */
    announcePaceSeconds?: number;
    /** A small hall sent and paged like a large one. */
    participantList?: ServiceOptions['participantList'];
  } = {},
): Promise<TestServices> {
  const db = options.db ?? (await createTestDatabase());
  let captured = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured += chunk.toString();
      done();
    },
  });
  const keys = options.shareWith?.keys ?? {
    sealKey: randomBytes(32),
    receiptKey: generateKeyPairSync('ed25519').privateKey,
    blobDir: await createTestDir('blobs'),
  };
  const services = createServices({
    db,
    ...keys,
    logger: createLogger({ level: 'debug', destination }),
    clock: options.clock ?? createTestClock(),
    jwtSecret: TEST_JWT_SECRET,
    accessTokenTtlSeconds: 600,
    bcryptCost: 4,
    ...(options.redis ? { redis: options.redis } : {}),
    ...(options.throttleLimits ? { throttleLimits: options.throttleLimits } : {}),
    ...(options.throttleNamespace ? { throttleNamespace: options.throttleNamespace } : {}),
    ...(options.media ? { media: options.media } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.announcePaceSeconds === undefined ? {} : { announcePaceSeconds: options.announcePaceSeconds }),
    ...(options.participantList ? { participantList: options.participantList } : {}),
    version: '0.0.0-test',
    settings: {
      refreshTtlDays: 7,
      bodyLimit: 100_000,
      corsOrigins: ['https://portal.example.cn'],
      // Tests speak for many clients through X-Forwarded-For.
      trustProxy: 1,
      secureCookies: false,
      validateResponses: true,
    },
  });
  return {
    ...services,
    jobs: new JobRunner(db.sql, platformJobs(services), services.clock, services.logger, 'test-node'),
    logs: () => captured,
    keys,
    close: async () => {
      await db.close();
      await rm(keys.blobDir, { recursive: true, force: true });
    },
  };
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random, valid unified social credit code in region 320500. */
export function randomCreditCode(): string {
  const body = Array.from({ length: 9 }, () => CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)]).join('');
  const first17 = `91320500${body}`;
  return first17 + creditCodeCheckChar(first17)!;
}

export const TEST_PASSWORD = 'Correct-horse-42';

/** A user (and organization, except for experts) written straight to the database, with a signed access token. */
export async function createTestUser(
  s: Services,
  options: { role: TRole; username?: string; orgStatus?: 'PENDING' | 'ACTIVE' | 'REJECTED' | 'SUSPENDED' },
) {
  const username = options.username ?? `${options.role.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}`;
  const kind = (Object.entries(roleOfOrgKind).find(([, role]) => role === options.role)?.[0] ?? null) as TOrgKind | null;
  const org = kind
    ? await s.prisma.organization.create({
        data: { name: `${username} 有限公司`, kind, creditCode: randomCreditCode(), regionCode: '320500', status: options.orgStatus ?? 'ACTIVE' },
      })
    : null;
  const user = await s.prisma.user.create({
    data: { username, displayName: username, passwordHash: await s.passwords.hash(TEST_PASSWORD), role: options.role, orgId: org?.id ?? null },
  });
  await startTestSession(s, user.id);
  return { user, org, token: signFor(s, user).token };
}

/** Each test user's login session, which the tokens the helpers sign for it carry. */
const testSessions = new Map<string, string>();

/** A login session (refresh family) for a user written straight to the database, as a login would start. */
export async function startTestSession(s: Services, userId: string): Promise<string> {
  const family = await s.prisma.refreshFamily.create({ data: { userId, createdAt: s.clock.now(), expiresAt: new Date(s.clock.now().getTime() + 365 * 86_400_000) }, select: { id: true } });
  testSessions.set(userId, family.id);
  return family.id;
}

/** An access token for a test user's session, signed now by the services' clock. */
export function signFor(s: Services, user: { id: string; role: TRole; orgId: string | null; displayName: string }) {
  const sid = testSessions.get(user.id);
  if (!sid) throw new Error(`no test session for user ${user.id}: create it with createTestUser or startTestSession`);
  return s.tokens.sign({ sub: user.id, sid, role: user.role, org: user.orgId, name: user.displayName });
}

/**
 * Whether a suite needing an outside service may run. Without the service it is skipped with
 * the reason printed, except under CI, where a missing service fails the run instead.
 */
export function serviceAvailable(name: string, value: string | undefined): boolean {
  if (value) return true;
  if (process.env.CI) throw new Error(`${name} is required under CI but is not set`);
  console.warn(`skipping: ${name} is not set, so the suites that need it do not run`);
  return false;
}

/** A valid section body for tests; the deadline is an hour after the given time. */
export function sampleSection(now: Date, overrides: Record<string, unknown> = {}) {
  return {
    code: '01',
    name: '施工标段',
    estimatedPrice: '10000000.00',
    ceilingPrice: '9800000.00',
    bondAmount: '200000.00',
    bidValidityDays: 90,
    bidDeadline: new Date(now.getTime() + 3_600_000).toISOString(),
    signInLeadMinutes: 30,
    decryptWindowMinutes: 30,
    evaluationMethod: 'LOWEST_EVALUATED_PRICE',
    scoringTemplate: {
      method: 'LOWEST_EVALUATED_PRICE',
      review: [{ key: 'qualification', label: '资格审查' }],
      adjustments: [],
      deviationAlertPercent: 20,
    },
    openingFormFields: [
      { key: 'price', label: '投标报价', type: 'money', unit: '元', required: true },
      { key: 'durationDays', label: '工期', type: 'integer', unit: '日历天', required: true },
    ],
    ...overrides,
  };
}

/** An Authorization header signed now, by the services' clock, so tests that move time keep valid tokens. */
export function bearerFor(s: Services, user: { id: string; role: TRole; orgId: string | null; displayName: string }) {
  return { authorization: `Bearer ${signFor(s, user).token}` };
}

/** A draft project with one section straight through the domain code, its deadline an hour from the clock's now. */
export async function createDraftSection(s: Services, overrides: Record<string, unknown> = {}) {
  const agency = await createTestUser(s, { role: 'AGENCY' });
  const tenderer = await createTestUser(s, { role: 'TENDERER' });
  const auth = { userId: agency.user.id, role: 'AGENCY' as const, orgId: agency.org!.id, name: agency.user.displayName };
  const now = s.clock.now();
  const deps = { prisma: s.prisma, now };
  const project = await createProject(deps, auth, {
    code: `T-${randomBytes(5).toString('hex')}`,
    name: '测试工程',
    type: 'ENGINEERING',
    regionCode: '320500',
    estimatedPrice: '10000000.00',
    // Tests set deadlines an hour ahead: the statutory 20 days apply to mandatory projects only.
    mandatoryTender: false,
    tendererOrgId: tenderer.org!.id,
    description: '',
  });
  const draft = await addSection(deps, auth, project.id, ZSectionInput.parse(sampleSection(now, overrides)));
  return { project: draft, section: draft.sections[0]!, agency, tenderer, auth };
}

/** A published section straight through the domain code, open for bids until an hour from the clock's now. */
export async function createBiddingSection(s: Services, overrides: Record<string, unknown> = {}) {
  const { project, agency, tenderer, auth } = await createDraftSection(s, overrides);
  const published = await publishProject({ prisma: s.prisma, now: s.clock.now() }, auth, project.id);
  return { project: published, section: published.sections[0]!, agency, tenderer };
}

/** The bytes of a bid envelope, as a bidder's browser would upload them. */
export async function sealEnvelope(recipients: PublicJwk[], form: Record<string, string | number>, content: Uint8Array, chunkSize = 64 * 1024): Promise<Buffer> {
  const sealed = await encryptEnvelope({ recipients, form, fileName: '投标文件.pdf', source: new Blob([Buffer.from(content)]).stream(), size: content.length, chunkSize });
  const parts: Uint8Array[] = [];
  for await (const part of sealed.stream) parts.push(part);
  return Buffer.concat(parts);
}

/** A bidder with a registered key and a counted bid on the section, straight through the bid use-cases. */
export async function createBidder(s: Services, sectionId: string, form: Record<string, string | number>, content: Uint8Array = new Uint8Array(2048).fill(7)) {
  const bidder = await createTestUser(s, { role: 'BIDDER' });
  const key = await generateBidderKeyPair();
  const auth = { userId: bidder.user.id, role: 'BIDDER' as const, orgId: bidder.org!.id, name: bidder.user.displayName };
  await registerBidderKey(s.prisma, auth, { publicJwk: key.publicJwk, label: '' }, s.clock.now());
  const bytes = await sealEnvelope([key.publicJwk], form, content);
  const upload = await startUpload(s.bids, auth, sectionId, bytes.length);
  await putChunk(s.bids, auth, upload.uploadId, 0, Readable.from([bytes]));
  const receipt = await completeUpload(s.bids, auth, upload.uploadId);
  return { ...bidder, key, auth, bytes, receipt };
}
