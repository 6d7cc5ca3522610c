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
