import type { Prisma, PrismaClient, SectionRegistration } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { appendAudit } from '../audit/audit-log';
import type { Sealer } from '../bids/sealing';
import { lockChain, readChain } from './blind-chain';

export interface RegistrationDeps {
  prisma: PrismaClient;
  sealer: Sealer;
  now: Date;
}

/** A registration once unsealed: which bidder registered for which section, and when. */
export interface Registration {
  sectionId: string;
  orgId: string;
  registeredAt: Date;
}

/** What `sealed` holds. */
interface SealedRegistration {
  s: string;
  o: string;
  at: string;
}

type Db = PrismaClient | Prisma.TransactionClient;

const open = (sealer: Sealer, row: SectionRegistration): Registration => {
  const { s, o, at } = sealer.unsealValue<SealedRegistration>('registration', row.sealed);
  return { sectionId: s, orgId: o, registeredAt: new Date(at) };
};

const sectionSlot = (sealer: Sealer, sectionId: string) => (n: number) => sealer.index('registration-of-section', sectionId, n);
const bidderSlot = (sealer: Sealer, orgId: string) => (n: number) => sealer.index('registration-of-bidder', orgId, n);

/**
 * Stores a registration unless the pair has one, and returns the one that stands. Writers of
 * the section's and of the bidder's slot chains are serialized (always section first, so two
 * writers never wait on each other crosswise); the slots and the tag decide nothing else.
 */
export async function storeRegistration(tx: Prisma.TransactionClient, sealer: Sealer, registration: Registration): Promise<{ row: SectionRegistration; created: boolean }> {
  const { sectionId, orgId } = registration;
  await lockChain(tx, sealer.index('registration-lock', 'section', sectionId));
  await lockChain(tx, sealer.index('registration-lock', 'bidder', orgId));
  const tag = sealer.index('registration', sectionId, orgId);
  const existing = await tx.sectionRegistration.findUnique({ where: { tag } });
  if (existing) return { row: existing, created: false };
  const ofSection = await readChain(sectionSlot(sealer, sectionId), (slots) => tx.sectionRegistration.findMany({ where: { sectionSlot: { in: slots } }, select: { id: true } }));
  const ofBidder = await readChain(bidderSlot(sealer, orgId), (slots) => tx.sectionRegistration.findMany({ where: { bidderSlot: { in: slots } }, select: { id: true } }));
  const sealed: SealedRegistration = { s: sectionId, o: orgId, at: registration.registeredAt.toISOString() };
  const row = await tx.sectionRegistration.create({
    data: {
      tag,
      sectionSlot: sectionSlot(sealer, sectionId)(ofSection.length),
      bidderSlot: bidderSlot(sealer, orgId)(ofBidder.length),
      sealed: sealer.sealValue('registration', sealed),
    },
  });
  return { row, created: true };
}

/**
 * A bidder registers for a section (获取招标文件): it may then download the tender documents and
 * ask questions, and it is told of every amendment. Who registered is as confidential as who bid
 * (《招标投标法》 art. 22): only the bidder itself can read it back, and the audit event names
 * neither the bidder nor the section.
 */
export async function registerForSection(deps: RegistrationDeps, bidderOrgId: string, sectionId: string) {
  const { now } = deps;
  const section = await deps.prisma.section.findFirst({ where: { id: sectionId, status: 'PUBLISHED' }, select: { bidDeadline: true } });
  if (!section) throw AppError.notFound('section');
  if (now >= section.bidDeadline) throw new AppError('DEADLINE_PASSED', 'the bid deadline has passed');
  const registration = await deps.prisma.$transaction(async (tx) => {
    const { row, created } = await storeRegistration(tx, deps.sealer, { sectionId, orgId: bidderOrgId, registeredAt: now });
    if (created) {
      // Supervisors read the chain: it learns that someone registered for something, and when.
      await appendAudit(tx, { actor: null, action: 'registration.created', subjectType: 'registration', subjectId: row.id, data: {} }, now);
    }
    return open(deps.sealer, row);
  });
  return { sectionId, registeredAt: registration.registeredAt.toISOString() };
}

/** The bidder's registration for a section, or null: only the bidder's own organization can ask. */
export async function findRegistration(db: Db, sealer: Sealer, sectionId: string, orgId: string): Promise<(Registration & { id: string }) | null> {
  const row = await db.sectionRegistration.findUnique({ where: { tag: sealer.index('registration', sectionId, orgId) } });
  return row && { id: row.id, ...open(sealer, row) };
}

/** Throws NOT_REGISTERED unless the bidder registered for the section. */
export async function requireRegistration(db: Db, sealer: Sealer, sectionId: string, orgId: string | null) {
  const registration = orgId ? await findRegistration(db, sealer, sectionId, orgId) : null;
  if (!registration) throw new AppError('NOT_REGISTERED', 'register for the section first (获取招标文件)');
  return registration;
}

/** Every registration of a section, for telling its registrants of an amendment: one lookup per 64 of them. */
export async function registrantsOf(db: Db, sealer: Sealer, sectionId: string): Promise<Registration[]> {
  const rows = await readChain(sectionSlot(sealer, sectionId), (slots) => db.sectionRegistration.findMany({ where: { sectionSlot: { in: slots } } }));
  return rows.map((row) => open(sealer, row)).filter((r) => r.sectionId === sectionId);
}

/** Every registration of a bidder organization: one lookup per 64 of them. */
export async function registrationsOf(db: Db, sealer: Sealer, orgId: string): Promise<Registration[]> {
  const rows = await readChain(bidderSlot(sealer, orgId), (slots) => db.sectionRegistration.findMany({ where: { bidderSlot: { in: slots } } }));
  return rows.map((row) => open(sealer, row)).filter((r) => r.orgId === orgId);
}

export async function listRegistrations(deps: Omit<RegistrationDeps, 'now'>, auth: AuthContext) {
  const mine = await registrationsOf(deps.prisma, deps.sealer, auth.orgId!);
  const sections = await deps.prisma.section.findMany({
    where: { id: { in: mine.map((r) => r.sectionId) } },
    include: { project: { select: { id: true, name: true } } },
  });
  const byId = new Map(sections.map((s) => [s.id, s]));
  return {
    items: mine
      .flatMap((r) => {
        const section = byId.get(r.sectionId);
        return section ? [{ registration: r, section }] : [];
      })
      .sort((a, b) => b.registration.registeredAt.getTime() - a.registration.registeredAt.getTime())
      .map(({ registration, section }) => ({
        sectionId: section.id,
        registeredAt: registration.registeredAt.toISOString(),
        projectId: section.project.id,
        projectName: section.project.name,
        sectionName: section.name,
        bidDeadline: section.bidDeadline.toISOString(),
      })),
  };
}
