import type { PrismaClient } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import type { AuthContext } from '../../lib/http/auth-context';
import { isOnCommittee } from '../committee/committee.routes';
import type { OpeningService } from '../opening/opening-service';

export type MediaRole = 'publisher' | 'subscriber' | 'both';

export function parseRoomId(roomId: string): { kind: 'broadcast' | 'conference'; sectionId: string } {
  const [prefix, sectionId] = roomId.split(':') as [string, string];
  return { kind: prefix === 'opening' ? 'broadcast' : 'conference', sectionId };
}

/**
 * What a user may do in a media room. Opening hall (broadcast): the host and supervisors show
 * their cameras; bidders and other observers watch — with the same rights to be there as in the
 * hall itself. Evaluation room (conference): the committee's experts publish and watch each other;
 * supervisors and administrators watch. An expert off the committee finds no room; other roles are
 * refused whatever the section, which tells them nothing about it.
 */
export async function mediaRoleFor(deps: { prisma: PrismaClient; openings: OpeningService }, auth: AuthContext, roomId: string): Promise<MediaRole> {
  const { kind, sectionId } = parseRoomId(roomId);
  if (kind === 'broadcast') {
    const role = await deps.openings.roleOf(sectionId, auth);
    // The hall's video ends with the opening (its recordings go with the record); it is not reopened.
    const opening = await deps.prisma.opening.findUniqueOrThrow({ where: { sectionId }, select: { state: true } });
    if (opening.state === 'CLOSED' || opening.state === 'FAILED') throw AppError.invalidState('the opening is over, and its video with it', { state: opening.state });
    return role === 'HOST' || auth.role === 'SUPERVISOR' ? 'both' : 'subscriber';
  }
  if (auth.role === 'EXPERT') {
    if (await isOnCommittee(deps.prisma, sectionId, auth.userId)) return 'both';
    throw AppError.notFound('evaluation room');
  }
  if (auth.role === 'SUPERVISOR' || auth.role === 'ADMIN') {
    if (await deps.prisma.section.findUnique({ where: { id: sectionId }, select: { id: true } })) return 'subscriber';
    throw AppError.notFound('evaluation room');
  }
  throw AppError.forbidden();
}

/**
 * Who may list and play a room's recordings: an evaluation's, supervisors and administrators; the
 * opening hall's, those who may see the opening among the roles the routes admit — its host, its
 * tenderer, supervisors, administrators (bidders find the files listed with their hashes in the
 * record). Another project's agency or tenderer finds no opening.
 */
export async function mayWatchRecordings(deps: { openings: OpeningService }, auth: AuthContext, roomId: string): Promise<void> {
  const { kind, sectionId } = parseRoomId(roomId);
  if (kind === 'conference') {
    if (auth.role !== 'SUPERVISOR' && auth.role !== 'ADMIN') throw AppError.forbidden('only supervisors and administrators may watch an evaluation');
    return;
  }
  await deps.openings.roleOf(sectionId, auth);
}
