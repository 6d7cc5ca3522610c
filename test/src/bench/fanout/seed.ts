import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { migrate, openDatabase } from '@bidhall/db';
import { createLogger, createServices } from '@bidhall/server';
import { createBiddingSection, createTestClock, randomCreditCode, startTestSession } from '@bidhall/server/testing';

export interface SeedOptions {
  bidders: number;
  /** The bid deadline as seeded, far enough ahead for every bidder to connect and join however loaded the machine; the bench brings it forward after. */
  deadline: Date;
  /** A PGlite data directory, or a PostgreSQL URL with the schema the server will use. */
  database: { dataDir: string } | { url: string; schema: string };
  jwtSecret: string;
  sealKey: Buffer;
  blobDir: string;
}

export interface Hall {
  sectionId: string;
  hostToken: string;
  bidders: { orgId: string; token: string }[];
}

const HOUR = 3_600_000;
const BATCH = 500;
/** The longest access token the server accepts (ACCESS_TOKEN_TTL at its maximum); the bench's server is started with it. */
export const BENCH_TOKEN_TTL_SECONDS = 900;

/**
 * A hall before its deadline (`deadline`), with one counted bid per bidder
 * organization, so that at the deadline the opening's own transitions freeze `bidders`
 * participants. The bids are written straight into the table, identity sealed and tagged as an
 * upload would leave them but without an envelope file: nobody decrypts here.
 */
export async function seedHall(options: SeedOptions): Promise<Hall> {
  const where = options.database;
  const db = await openDatabase('url' in where ? where : { dataDir: `${where.dataDir}/pglite` });
  try {
    if ('url' in where) await db.sql.withSession((s) => s.exec(`CREATE SCHEMA IF NOT EXISTS ${where.schema}`));
    await migrate(db.sql);
    // Publishing checks the deadline against the clock, and the section's deadline is an hour after it.
    const clock = createTestClock(new Date(options.deadline.getTime() - HOUR));
    const s = createServices({
      db,
      logger: createLogger({ level: 'silent' }),
      clock,
      jwtSecret: options.jwtSecret,
      accessTokenTtlSeconds: BENCH_TOKEN_TTL_SECONDS,
      bcryptCost: 4,
      sealKey: options.sealKey,
      receiptKey: generateKeyPairSync('ed25519').privateKey,
      blobDir: options.blobDir,
      version: 'bench',
      settings: { refreshTtlDays: 1, bodyLimit: 100_000, corsOrigins: [], trustProxy: 0, secureCookies: false, validateResponses: false },
    });
    const passwordHash = await s.passwords.hash(randomBytes(16).toString('hex'));
    const orgs = Array.from({ length: options.bidders }, (_, i) => ({
      id: randomUUID(),
      name: `压测投标人${String(i + 1).padStart(5, '0')}有限公司`,
      kind: 'BIDDER' as const,
      creditCode: randomCreditCode(),
      regionCode: '320500',
      status: 'ACTIVE' as const,
    }));
    const users = orgs.map((org, i) => ({ id: randomUUID(), username: `bench-bidder-${i + 1}`, displayName: `投标代表${i + 1}`, passwordHash, role: 'BIDDER' as const, orgId: org.id }));
    // Each bidder signed in once: tokens are honoured only for a live session.
    const sessionOf = new Map<string, string>(users.map((u) => [u.id, randomUUID()]));
    const expiresAt = new Date(Date.now() + 24 * HOUR);
    for (let i = 0; i < orgs.length; i += BATCH) {
      await s.prisma.organization.createMany({ data: orgs.slice(i, i + BATCH) });
      await s.prisma.user.createMany({ data: users.slice(i, i + BATCH) });
      await s.prisma.refreshFamily.createMany({ data: users.slice(i, i + BATCH).map((u) => ({ id: sessionOf.get(u.id)!, userId: u.id, expiresAt })) });
    }

    const { section, agency } = await createBiddingSection(s);
    const sealer = s.bids.sealer;
    const submittedAt = new Date();
    for (let i = 0; i < orgs.length; i += BATCH) {
      await s.prisma.bid.createMany({
        data: orgs.slice(i, i + BATCH).map((org) => {
          const identity = { sectionId: section.id, orgId: org.id };
          return {
            tag: sealer.tag(identity),
            sealed: sealer.seal(identity),
            uploadId: randomUUID(),
            sha256: createHash('sha256').update(org.id).digest('hex'),
            size: 2048n,
            status: 'SUBMITTED' as const,
            submittedAt,
            receiptId: randomUUID(),
            receiptKeyId: 'bench',
            receiptSignature: 'bench',
          };
        }),
      });
    }

    clock.set(new Date());
    await s.openings.tick(section.id);
    const { state } = await s.prisma.opening.findUniqueOrThrow({ where: { sectionId: section.id }, select: { state: true } });
    if (state !== 'SCHEDULED' && state !== 'SIGN_IN') throw new Error(`the seeded opening is ${state}; the deadline left too little time`);
    sessionOf.set(agency.user.id, await startTestSession(s, agency.user.id));
    const sign = (u: { id: string; role: 'AGENCY' | 'BIDDER'; orgId: string | null; displayName: string }) =>
      s.tokens.sign({ sub: u.id, sid: sessionOf.get(u.id)!, role: u.role, org: u.orgId, name: u.displayName }).token;
    return {
      sectionId: section.id,
      hostToken: sign({ ...agency.user, role: 'AGENCY' }),
      bidders: users.map((u) => ({ orgId: u.orgId, token: sign(u) })),
    };
  } finally {
    await db.close();
  }
}
