import type { MediaPlane } from '@bidhall/media';
import { AppError } from '../../lib/app-error';
import { handle, type HandleOptions } from '../../lib/socket/handle';
import type { AppServer, AppSocket } from '../../lib/socket/types';
import type { Services } from '../../services';
import { mediaRoleFor, parseRoomId } from './media-access';
import { toAppError } from './media-errors';
import { recordRecording } from './recordings';

export const mediaRoom = (roomId: string) => `media:${roomId}`;
/** Which socket speaks for a user in a media room, so offers reach that one connection. */
const memberKey = (roomId: string, userId: string) => `${roomId}|${userId}`;

/**
 * Connects Socket.IO to the media plane of this node: authorizes joins, relays offers, answers
 * and candidates, broadcasts track changes to the room, and takes a connection's participants out
 * when it goes away. Media rooms live on the node that opened them; with several API nodes the
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
    if (socketId) void io.in(socketId).socketsLeave(mediaRoom(roomId));
    io.to(mediaRoom(roomId)).emit('media:left', { roomId, participantId, reason });
  });
  plane.on('rejoin', ({ roomId, participantIds }) => {
    for (const participantId of participantIds) {
      const socketId = toSocket(roomId, participantId);
      members.delete(memberKey(roomId, participantId));
      if (socketId) io.to(socketId).emit('media:rejoin', { roomId });
    }
  });
  plane.on('recordingFinished', (entry) => {
    // Only a plane with a recording directory records.
    void recordRecording(s, plane.recordingDir!, entry).catch((error: unknown) => s.logger.error({ err: error, roomId: entry.roomId }, 'recording could not be filed'));
  });

  return {
    register(socket: AppSocket, options: HandleOptions) {
      const auth = () => socket.data.auth;
      const joined = new Set<string>();
      /** Requests other than join act on a room the connection joined, as the user it belongs to. */
      const member = (roomId: string) => {
        if (!joined.has(roomId)) throw AppError.notFound('media room membership');
        return { roomId, participantId: auth().userId };
      };
      const call = async <T>(fn: () => Promise<T>): Promise<T> => {
        try {
          return await fn();
        } catch (error) {
          throw toAppError(error);
        }
      };

      handle(socket, 'media:join', options, async ({ roomId, publish }) => {
        const role = await mediaRoleFor({ prisma: s.prisma, openings: s.openings }, auth(), roomId);
        if (publish && role === 'subscriber') throw AppError.forbidden('this room is only to watch');
        const result = await call(async () => {
          await plane.openRoom({ roomId, kind: parseRoomId(roomId).kind });
          return plane.join({ roomId, participantId: auth().userId, role, displayName: auth().name, ...(publish ? { publish } : {}) });
        });
        joined.add(roomId);
        members.set(memberKey(roomId, auth().userId), socket.id);
        await socket.join(mediaRoom(roomId));
        return { offer: { type: 'offer' as const, sdp: result.offer.sdp }, iceServers: result.iceServers, role, published: result.published, tracks: result.tracks };
      });
      handle(socket, 'media:answer', options, ({ roomId, answer }) => call(async () => (await plane.answer({ ...member(roomId), answer }), {})));
      handle(socket, 'media:candidate', options, ({ roomId, candidate }) => call(async () => (await plane.addCandidate({ ...member(roomId), candidate }), {})));
      handle(socket, 'media:publish', options, ({ roomId, kinds }) => call(async () => ({ tracks: await plane.publish({ ...member(roomId), kinds }) })));
      handle(socket, 'media:unpublish', options, ({ roomId, trackId }) => call(async () => (await plane.unpublish({ ...member(roomId), trackId }), {})));
      handle(socket, 'media:mute', options, ({ roomId, trackId, muted }) => call(async () => (await plane.setMuted({ ...member(roomId), trackId, muted }), {})));
      handle(socket, 'media:keyFrame', options, ({ roomId, trackId }) => call(async () => (await plane.requestKeyFrame({ ...member(roomId), trackId }), {})));
      handle(socket, 'media:leave', options, async ({ roomId }) => {
        const ref = member(roomId);
        joined.delete(roomId);
        members.delete(memberKey(roomId, ref.participantId));
        await socket.leave(mediaRoom(roomId));
        await call(() => plane.leave(ref));
        return {};
      });
      socket.on('disconnect', () => {
        for (const roomId of joined) {
          members.delete(memberKey(roomId, auth().userId));
          void plane.leave({ roomId, participantId: auth().userId }).catch(() => undefined);
        }
        joined.clear();
      });
    },
  };
}

export type MediaGateway = ReturnType<typeof createMediaGateway>;
