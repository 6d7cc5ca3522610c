import type { openingEvents, TOpeningEvent } from '@bidhall/contracts';
import type { SocketHandlers } from '../../lib/socket/handlers';
import { orgRoom, STAFF_ROOM } from '../../lib/socket/rooms';
import type { AppServer } from '../../lib/socket/types';
import type { Services } from '../../services';

export const openingRoom = (sectionId: string) => `opening:${sectionId}`;

/**
 * The opening hall's socket requests; all events reach the hall's room in sequence order. Each
 * acts as the connection's current identity (`socket.data.auth`, which a renewal may replace).
 */
export function openingHandlers(s: Pick<Services, 'openings'>): SocketHandlers<keyof typeof openingEvents> {
  const openings = s.openings;
  return {
    'opening:join': async (socket, { sectionId, afterSeq }) => {
      // Join the room before reading the log, so no event can fall between the two.
      await socket.join(openingRoom(sectionId));
      try {
        const { view, events } = await openings.join(socket.data.auth, sectionId, afterSeq);
        return { view, events };
      } catch (error) {
        await socket.leave(openingRoom(sectionId));
        throw error;
      }
    },
    'opening:participants': (socket, { sectionId, offset }) => openings.participants(socket.data.auth, sectionId, offset),
    'opening:leave': async (socket, { sectionId }) => {
      await socket.leave(openingRoom(sectionId));
      return {};
    },
    'opening:signIn': (socket, { sectionId }) => openings.signIn(socket.data.auth, sectionId),
    'opening:start': (socket, { sectionId }) => openings.start(socket.data.auth, sectionId),
    'opening:extend': (socket, { sectionId, minutes, reason }) => openings.extend(socket.data.auth, sectionId, minutes, reason),
    'opening:decrypt': (socket, { sectionId, contentKey }) => openings.decrypt(socket.data.auth, sectionId, Buffer.from(contentKey, 'base64url')),
    'opening:reportFailure': (socket, { sectionId, attemptId, error }) => openings.reportFailure(socket.data.auth, sectionId, attemptId, error),
    'opening:object': (socket, { sectionId, text, clientId }) => openings.object(socket.data.auth, sectionId, text, clientId),
    'opening:answer': (socket, { sectionId, objectionId, answer }) => openings.answer(socket.data.auth, sectionId, objectionId, answer),
    'opening:recordBond': (socket, { sectionId, bidderOrgId, reference }) => openings.recordBond(socket.data.auth, sectionId, bidderOrgId, reference),
    'opening:announceNext': (socket, { sectionId, order }) => openings.announceNext(socket.data.auth, sectionId, order),
    'opening:announceRest': (socket, { sectionId }) => openings.announceRest(socket.data.auth, sectionId),
    'opening:confirm': (socket, { sectionId }) => openings.confirm(socket.data.auth, sectionId),
    'opening:close': (socket, { sectionId }) => openings.close(socket.data.auth, sectionId),
  };
}

/**
 * Delivers committed opening events to the hall, batch after batch in commit order. When the
 * bids freeze, bidders without a bid that stood are first taken out of the room — on every node,
 * through the adapter, without waiting on the other nodes — since from then on the events name the
 * bidders.
 */
export function deliverOpeningEvents(io: AppServer, s: Services): () => void {
  // A transaction's events all belong to one opening, so each batch is one message per socket.
  const listener = (events: TOpeningEvent[], { participants }: { participants?: string[] }) => {
    const room = openingRoom(events[0]!.sectionId);
    if (participants) io.in(room).except([...participants.map(orgRoom), STAFF_ROOM]).socketsLeave(room);
    io.to(room).emit('opening:events', events);
  };
  s.events.on('opening', listener);
  return () => s.events.off('opening', listener);
}
