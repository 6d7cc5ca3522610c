import type { TOpeningEvent } from '@bidhall/contracts';
import { handle, type HandleOptions } from '../../lib/socket/handle';
import { orgRoom, STAFF_ROOM } from '../../lib/socket/rooms';
import type { AppServer, AppSocket } from '../../lib/socket/types';
import type { Services } from '../../services';

export const openingRoom = (sectionId: string) => `opening:${sectionId}`;

/** The opening hall's socket requests; all events reach the hall's room in sequence order. */
export function registerOpeningHandlers(socket: AppSocket, s: Services, options: HandleOptions): void {
  const openings = s.openings;
  const auth = () => socket.data.auth;

  handle(socket, 'opening:join', options, async ({ sectionId, afterSeq }) => {
    // Join the room before reading the log, so no event can fall between the two.
    await socket.join(openingRoom(sectionId));
    try {
      const { view, events } = await openings.join(auth(), sectionId, afterSeq);
      return { view, events };
    } catch (error) {
      await socket.leave(openingRoom(sectionId));
      throw error;
    }
  });
  handle(socket, 'opening:leave', options, async ({ sectionId }) => {
    await socket.leave(openingRoom(sectionId));
    return {};
  });
  handle(socket, 'opening:signIn', options, ({ sectionId }) => openings.signIn(auth(), sectionId));
  handle(socket, 'opening:start', options, ({ sectionId }) => openings.start(auth(), sectionId));
  handle(socket, 'opening:extend', options, ({ sectionId, minutes, reason }) => openings.extend(auth(), sectionId, minutes, reason));
  handle(socket, 'opening:decrypt', options, ({ sectionId, contentKey }) => openings.decrypt(auth(), sectionId, Buffer.from(contentKey, 'base64url')));
  handle(socket, 'opening:reportFailure', options, ({ sectionId, error }) => openings.reportFailure(auth(), sectionId, error));
  handle(socket, 'opening:object', options, ({ sectionId, text, clientId }) => openings.object(auth(), sectionId, text, clientId));
  handle(socket, 'opening:answer', options, ({ sectionId, objectionId, answer }) => openings.answer(auth(), sectionId, objectionId, answer));
  handle(socket, 'opening:recordBond', options, ({ sectionId, bidderOrgId, reference }) => openings.recordBond(auth(), sectionId, bidderOrgId, reference));
  handle(socket, 'opening:confirm', options, ({ sectionId }) => openings.confirm(auth(), sectionId));
  handle(socket, 'opening:close', options, ({ sectionId }) => openings.close(auth(), sectionId));
}

/**
 * Delivers committed opening events to the hall, batch after batch in commit order. When the
 * bids freeze, bidders without a bid that stood are first taken out of the room — on every node,
 * through the adapter, without waiting on the other nodes — since from then on the events name the
 * bidders.
 */
export function deliverOpeningEvents(io: AppServer, s: Services): () => void {
  // A transaction's events all belong to one opening, so each batch is one message per socket.
  const listener = (events: TOpeningEvent[]) => {
    const room = openingRoom(events[0]!.sectionId);
    const frozen = events.find((e) => e.type === 'BIDS_FROZEN');
    if (frozen) {
      const staying = (frozen.data.participants as { bidderOrgId: string }[]).map((p) => orgRoom(p.bidderOrgId));
      io.in(room).except([...staying, STAFF_ROOM]).socketsLeave(room);
    }
    io.to(room).emit('opening:events', events);
  };
  s.events.on('opening', listener);
  return () => s.events.off('opening', listener);
}
