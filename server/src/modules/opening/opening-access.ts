import type { OpeningState, SqlQuery } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { findParticipant } from './opening-sql';

export type OpeningRole = 'HOST' | 'BIDDER' | 'OBSERVER';

/** What deciding a role needs of an opening, with its timings so that a due transition shows. */
export interface OpeningAccess {
  sectionId: string;
  state: OpeningState;
  signInAt: Date;
  deadlineAt: Date;
  autoStartAt: Date;
  decryptEndsAt: Date | null;
  extendedUntil: Date | null;
  nextAnnounceAt: Date | null;
  confirmEndsAt: Date | null;
  agencyOrgId: string;
  tendererOrgId: string;
}

/** Every opening action asks this first, so it is one statement rather than one per relation. */
export async function findOpeningAccess(sql: SqlQuery, sectionId: string): Promise<OpeningAccess | null> {
  const [row] = await sql.query<OpeningAccess>(
    `SELECT o."sectionId", o.state, o."signInAt", o."deadlineAt", o."autoStartAt", o."decryptEndsAt", o."extendedUntil", o."nextAnnounceAt", o."confirmEndsAt",
            p."agencyOrgId", p."tendererOrgId"
       FROM "Opening" o JOIN "Section" s ON s.id = o."sectionId" JOIN "Project" p ON p.id = s."projectId"
      WHERE o."sectionId" = $1::uuid`,
    [sectionId],
  );
  return row ?? null;
}

/**
 * Who someone is in an opening hall: the project's agency hosts; its tenderer, supervisors and
 * administrators watch; bidders take part — any bidder before the deadline (nobody may learn who
 * bid), afterwards only those whose bids stood at the deadline. Everyone else finds no opening.
 */
export async function roleInOpening(sql: SqlQuery, opening: OpeningAccess | null, auth: AuthContext): Promise<OpeningRole> {
  if (!opening) throw AppError.notFound('opening');
  const { agencyOrgId, tendererOrgId } = opening;
  switch (auth.role) {
    case 'AGENCY':
      if (auth.orgId === agencyOrgId) return 'HOST';
      break;
    case 'TENDERER':
      if (auth.orgId === tendererOrgId) return 'OBSERVER';
      break;
    case 'SUPERVISOR':
    case 'ADMIN':
      return 'OBSERVER';
    case 'BIDDER': {
      if (opening.state === 'SCHEDULED' || opening.state === 'SIGN_IN') return 'BIDDER';
      if (auth.orgId && (await findParticipant(sql, opening.sectionId, auth.orgId))) return 'BIDDER';
      break;
    }
    default:
      throw AppError.forbidden();
  }
  throw AppError.notFound('opening');
}

export function requireRole(role: OpeningRole, wanted: OpeningRole): void {
  if (role !== wanted) throw AppError.forbidden(wanted === 'HOST' ? 'only the host may do this' : 'only a bidder may do this');
}
