import { createHash, randomUUID } from 'node:crypto';
import { createBiddingSection, createTestClock, createTestServices, randomCreditCode, type TestServices } from '@bidhall/server/testing';
import { type Metric, metric } from './metric';

const BENCH = 'opening-freeze';
const BIDS_PER_SECTION = 100;
/** Frozen sections per condition; the median is reported. */
const FREEZES = 3;
/** Bids elsewhere on the platform: half from openings long over, half still sealed in sections still open. */
const OTHER_BIDS = Number(process.env.FREEZE_OTHER_BIDS ?? 200_000);
const OPEN_SECTIONS = 1000;
const BATCH = 5000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A bid row as a completed upload leaves it: identity sealed, tagged and bucketed, no file (nobody decrypts here). */
function bidRow(s: TestServices, identity: { sectionId: string; orgId: string }, status: 'SUBMITTED' | 'OPENED', submittedAt: Date) {
  const sealer = s.bids.sealer;
  return {
    tag: sealer.tag(identity),
    sealed: sealer.seal(identity),
    bucket: sealer.bucket(identity.sectionId),
    uploadId: randomUUID(),
    sha256: createHash('sha256').update(`${identity.sectionId}:${identity.orgId}`).digest('hex'),
    size: 2048n,
    status,
    submittedAt,
    receiptId: randomUUID(),
    receiptKeyId: 'bench',
    receiptSignature: 'bench',
  };
}

/**
 * The freeze at the deadline of a 100-bid section, on a platform with no other bids and then with
 * OTHER_BIDS others: the ratio shows whether its cost follows the section or the platform's
 * history. Seeded first, measured after, on the database the suites use (PostgreSQL at
 * DATABASE_URL, else PGlite).
 */
export async function run(): Promise<Metric[]> {
  const clock = createTestClock(new Date());
  const s = await createTestServices({ clock });
  try {
    const bidders = Array.from({ length: BIDS_PER_SECTION }, (_, i) => ({
      id: randomUUID(),
      name: `冻结压测投标人${i + 1}有限公司`,
      kind: 'BIDDER' as const,
      creditCode: randomCreditCode(),
      regionCode: '320500',
      status: 'ACTIVE' as const,
    }));
    await s.prisma.organization.createMany({ data: bidders });
    const sections = [];
    for (let i = 0; i < 2 * FREEZES + 1; i++) {
      const { section } = await createBiddingSection(s);
      const submittedAt = clock.now();
      await s.prisma.bid.createMany({ data: bidders.map((b) => bidRow(s, { sectionId: section.id, orgId: b.id }, 'SUBMITTED', submittedAt)) });
      sections.push(section);
    }
    const deadline = new Date(sections.at(-1)!.bidDeadline);

    const freeze = async (sectionId: string) => {
      clock.set(deadline);
      const started = performance.now();
      await s.openings.tick(sectionId);
      const ms = performance.now() - started;
      const frozen = await s.prisma.openingParticipant.count({ where: { sectionId } });
      if (frozen !== BIDS_PER_SECTION) throw new Error(`the freeze counted ${frozen} bids, not ${BIDS_PER_SECTION}`);
      return ms;
    };
    // The first freeze warms the statements up and is not counted.
    await freeze(sections[0]!.id);
    const alone: number[] = [];
    for (const section of sections.slice(1, FREEZES + 1)) alone.push(await freeze(section.id));

    const past = new Date(clock.now().getTime() - 86_400_000);
    const openSectionIds = Array.from({ length: OPEN_SECTIONS }, () => randomUUID());
    for (let i = 0; i < OTHER_BIDS; i += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, OTHER_BIDS - i) }, (_, j) => {
        const n = i + j;
        // Other bidders: the freeze reads only the bid rows, never their organizations.
        const orgId = randomUUID();
        return n % 2 === 0 ? bidRow(s, { sectionId: randomUUID(), orgId }, 'OPENED', past) : bidRow(s, { sectionId: openSectionIds[n % OPEN_SECTIONS]!, orgId }, 'SUBMITTED', past);
      });
      await s.prisma.bid.createMany({ data: rows });
    }
    const crowded: number[] = [];
    for (const section of sections.slice(FREEZES + 1)) crowded.push(await freeze(section.id));

    const baseline = median(alone);
    const value = median(crowded);
    return [
      metric(BENCH, `freeze_ms_with_${OTHER_BIDS}_other_bids`, value, 'ms', baseline),
      metric(BENCH, 'freeze_ms_alone', baseline, 'ms', null),
      metric(BENCH, 'bids_per_section', BIDS_PER_SECTION, 'bids', null),
    ];
  } finally {
    await s.close();
  }
}
