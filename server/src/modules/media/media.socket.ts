import { mediaEvents } from '@bidhall/contracts';
import type { MediaPlane } from '@bidhall/media';
import { AppError } from '../../lib/app-error';
import type { SocketHandlers } from '../../lib/socket/handlers';
import type { AppServer, AppSocket } from '../../lib/socket/types';
import type { Services } from '../../services';
import { mediaRoleFor, parseRoomId } from './media-access';
import { toAppError } from './media-errors';

export const mediaRoom = (roomId: string) => `media:${roomId}`;
/** Which socket speaks for a user in a media room, so offers reach that one connection. */
const memberKey = (roomId: string, userId: string) => `${roomId}|${userId}`;

type MediaHandlers = SocketHandlers<keyof typeof mediaEvents>;

/** Calls the plane, turning its errors into the ones a client is told. */
const call = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (error) {
    throw toAppError(error);
  }
};

/**
 * Connects Socket.IO to the media plane of this node: authorizes joins, relays offers, answers
 * and candidates, broadcasts track changes to the room, and takes a connection's participants out
 * when it goes away (finished recordings are filed by the services' RecordingArchive). Media rooms live on the node that opened them; with several API nodes the
 * load balancer keeps a room's users on one node.
 */
export function createMediaGateway(io: AppServer, s: Services, plane: MediaPlane) {
  const members = new Map<string, string>();

  const toSocket = (roomId: string, participantId: string) => members.get(memberKey(roomId, participantId));
  plane.on('negotiationneeded', ({ roomId, participantId, offer }) => {
    const socketId = toSocket(roomId, participantId);
    if (socketId) io.to(socketId).emit('media:offer', { roomId, offer: { type: 'offer', sdp: offer.sdp } });
  });
  plane.on('trackPublished', (track) => void io.to(mediaRoom(track.roomId)).emit('media:track', track));
  plane.on('trackUnpublished', (info) => void io.to(mediaRoom(info.roomId)).emit('media:trackGone', info));
  plane.on('trackMuted', (info) => void io.to(mediaRoom(info.roomId)).emit('media:trackMuted', info));
  plane.on('activeSpeaker', (info) => void io.to(mediaRoom(info.roomId)).emit('media:speaker', info));
  plane.on('participantLeft', ({ roomId, participantId, reason }) => {
    const socketId = toSocket(roomId, participantId);
    members.delete(memberKey(roomId, participantId));
    // A participant the server removed (kicked, timed out, the room closed with the opening) hears it
    // too, in the same message as the room, before it is taken out of the room's broadcasts.
    (socketId ? io.to(mediaRoom(roomId)).to(socketId) : io.to(mediaRoom(roomId))).emit('media:left', { roomId, participantId, reason });
    if (socketId) void io.in(socketId).socketsLeave(mediaRoom(roomId));
  });
  plane.on('rejoin', ({ roomId, participantIds }) => {
    for (const participantId of participantIds) {
      const socketId = toSocket(roomId, participantId);
      members.delete(memberKey(roomId, participantId));
      if (socketId) io.to(socketId).emit('media:rejoin', { roomId });
    }
  });

  /**
   * The media rooms each connection joined. Only a connection that joined one has an entry (and
   * a listener that takes its participants out when it goes away), so the many connections that
   * never use media cost nothing here.
   */
  const joinedBy = new WeakMap<AppSocket, Set<string>>();
  /**
   * The leaves of connections that went away, until the media plane has done them. The plane
   * holds a participant until its leave is done, so a join of the same user — the same tab
   * connected again, most often — waits for it instead of being refused as a second join.
   */
  const leaving = new Map<string, Promise<void>>();
  const leaveAll = (socket: AppSocket) => {
    const joined = joinedBy.get(socket)!;
    for (const roomId of joined) {
      // Out of the room's broadcasts before Socket.IO keeps the connection's rooms for a recovery:
      // a recovered connection has no media session, so it must not be sent what the room did
      // meanwhile (its own session's end among it, which would set its page rejoining twice).
      void socket.leave(mediaRoom(roomId));
      const key = memberKey(roomId, socket.data.auth.userId);
      // Only the connection that holds the user's place leaves it: the plane may have dropped this
      // one already, and the user's other tab joined since.
      if (members.get(key) !== socket.id) continue;
      members.delete(key);
      const left: Promise<void> = plane
        .leave({ roomId, participantId: socket.data.auth.userId })
        .catch(() => undefined)
        .finally(() => {
          if (leaving.get(key) === left) leaving.delete(key);
        });
      leaving.set(key, left);
    }
    joined.clear();
  };
  /** Requests other than join act on a room the connection joined, as the user it belongs to. */
  const member = (socket: AppSocket, roomId: string) => {
    if (!joinedBy.get(socket)?.has(roomId)) throw AppError.notFound('media room membership');
    return { roomId, participantId: socket.data.auth.userId };
  };

  const handlers: MediaHandlers = {
    'media:join': async (socket, { roomId, publish }) => {
      const role = await mediaRoleFor({ prisma: s.prisma, openings: s.openings }, socket.data.auth, roomId);
      if (publish && role === 'subscriber') throw AppError.forbidden('this room is only to watch');
      await leaving.get(memberKey(roomId, socket.data.auth.userId));
      const result = await call(async () => {
        // Both kinds record: the evaluation room by law, the opening hall for its record (开标记录).
        await plane.openRoom({ roomId, kind: parseRoomId(roomId).kind, record: true });
        return plane.join({ roomId, participantId: socket.data.auth.userId, role, displayName: socket.data.auth.name, ...(publish ? { publish } : {}) });
      });
      // The connection went away while the plane was joining it: its disconnect handler ran before
      // there was anything to take out, so the participant is taken out here.
      if (socket.disconnected) {
        await plane.leave({ roomId, participantId: socket.data.auth.userId }).catch(() => undefined);
        throw new AppError('MEDIA_TIMEOUT', 'the connection closed before the join finished');
      }
      let joined = joinedBy.get(socket);
      if (!joined) {
        joinedBy.set(socket, (joined = new Set()));
        socket.on('disconnecting', () => leaveAll(socket));
      }
      joined.add(roomId);
      members.set(memberKey(roomId, socket.data.auth.userId), socket.id);
      await socket.join(mediaRoom(roomId));
      return { offer: { type: 'offer' as const, sdp: result.offer.sdp }, iceServers: result.iceServers, role, published: result.published, tracks: result.tracks };
    },
    'media:answer': (socket, { roomId, answer }) => call(async () => (await plane.answer({ ...member(socket, roomId), answer }), {})),
    'media:candidate': (socket, { roomId, candidate }) => call(async () => (await plane.addCandidate({ ...member(socket, roomId), candidate }), {})),
    'media:publish': (socket, { roomId, kinds }) => call(async () => ({ tracks: await plane.publish({ ...member(socket, roomId), kinds }) })),
    'media:unpublish': (socket, { roomId, trackId }) => call(async () => (await plane.unpublish({ ...member(socket, roomId), trackId }), {})),
    'media:mute': (socket, { roomId, trackId, muted }) => call(async () => (await plane.setMuted({ ...member(socket, roomId), trackId, muted }), {})),
    'media:keyFrame': (socket, { roomId, trackId }) => call(async () => (await plane.requestKeyFrame({ ...member(socket, roomId), trackId }), {})),
    'media:leave': async (socket, { roomId }) => {
      const ref = member(socket, roomId);
      joinedBy.get(socket)!.delete(roomId);
      members.delete(memberKey(roomId, ref.participantId));
      await socket.leave(mediaRoom(roomId));
      await call(() => plane.leave(ref));
      return {};
    },
  };
  return { handlers };
}

/** Where media is switched off, every media request is refused: the contract still lists them. */
export function mediaUnavailable(): MediaHandlers {
  const refuse = async (): Promise<never> => {
    throw new AppError('UNAVAILABLE', 'audio and video are not enabled on this server');
  };
  return Object.fromEntries(Object.keys(mediaEvents).map((event) => [event, refuse])) as Record<keyof typeof mediaEvents, typeof refuse>;
}

export type MediaGateway = ReturnType<typeof createMediaGateway>;
