import { z } from 'zod';
import { ZId, ZIsoDateTime, ZText } from './common';
import { defineRoute } from './http';

/**
 * A media room of the platform: the opening hall's broadcast (`opening:<sectionId>`) or the
 * evaluation committee's conference (`evaluation:<sectionId>`).
 */
export const ZMediaRoomId = ZText.regex(/^(opening|evaluation):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'opening:<sectionId> or evaluation:<sectionId>');
export const ZMediaKind = z.enum(['audio', 'video']);
const ZKinds = z.array(ZMediaKind).min(1).max(2).refine((k) => new Set(k).size === k.length, 'each kind at most once');

const ZSdp = ZText.min(1).max(64 * 1024);
const ZIceCandidate = z.strictObject({
  candidate: ZText.max(1024),
  sdpMid: ZText.max(32).nullish(),
  sdpMLineIndex: z.number().int().min(0).max(1024).nullish(),
  usernameFragment: ZText.max(256).nullish(),
});

export const ZMediaTrack = z.object({
  trackId: ZText,
  roomId: ZText,
  /** The publisher: a user id. */
  participantId: ZText,
  displayName: ZText.optional(),
  kind: ZMediaKind,
  muted: z.boolean(),
});
export type TMediaTrack = z.infer<typeof ZMediaTrack>;

const room = { roomId: ZMediaRoomId };

/** Socket requests of the media plane; the server makes every offer, the client answers. */
export const mediaEvents = {
  'media:join': {
    payload: z.strictObject({ ...room, publish: ZKinds.optional() }),
    result: z.object({
      offer: z.object({ type: z.literal('offer'), sdp: ZText }),
      iceServers: z.array(z.object({ urls: z.union([ZText, z.array(ZText)]), username: ZText.optional(), credential: ZText.optional() })),
      /** What the caller may do in this room. */
      role: z.enum(['publisher', 'subscriber', 'both']),
      published: z.array(ZMediaTrack),
      tracks: z.array(ZMediaTrack),
    }),
  },
  'media:answer': { payload: z.strictObject({ ...room, answer: z.strictObject({ type: z.literal('answer'), sdp: ZSdp }) }), result: z.object({}) },
  'media:candidate': { payload: z.strictObject({ ...room, candidate: ZIceCandidate }), result: z.object({}) },
  'media:publish': { payload: z.strictObject({ ...room, kinds: ZKinds }), result: z.object({ tracks: z.array(ZMediaTrack) }) },
  'media:unpublish': { payload: z.strictObject({ ...room, trackId: ZText.min(1).max(128) }), result: z.object({}) },
  'media:mute': { payload: z.strictObject({ ...room, trackId: ZText.min(1).max(128), muted: z.boolean() }), result: z.object({}) },
  'media:keyFrame': { payload: z.strictObject({ ...room, trackId: ZText.min(1).max(128) }), result: z.object({}) },
  'media:leave': { payload: z.strictObject(room), result: z.object({}) },
} as const;

export const ZRecording = z.object({
  id: ZId,
  roomId: ZText,
  participantId: ZText,
  displayName: ZText.nullable(),
  kinds: z.array(ZMediaKind),
  startedAt: ZIsoDateTime,
  endedAt: ZIsoDateTime,
  bytes: z.number().int(),
  sha256: ZText,
  /** The WebM file's name as stored, as the opening record lists it. */
  fileName: ZText,
});
export type TRecording = z.infer<typeof ZRecording>;

export const mediaRoutes = {
  recordings: defineRoute({
    method: 'get',
    path: '/api/media/recordings',
    tag: 'media',
    summary: "Recordings of a room: an evaluation's for supervisors and administrators; an opening hall's also for its host and tenderer",
    access: ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'],
    query: z.strictObject({ roomId: ZMediaRoomId }),
    response: z.object({ items: z.array(ZRecording) }),
    errors: ['NOT_FOUND'],
  }),
  recording: defineRoute({
    method: 'get',
    path: '/api/media/recordings/:recordingId',
    tag: 'media',
    summary: 'One recording as WebM (supports Range, for playing and seeking), for those who may list its room',
    access: ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'],
    params: z.strictObject({ recordingId: ZId }),
    response: ZText,
    produces: 'application/octet-stream',
    errors: ['NOT_FOUND', 'RANGE_NOT_SATISFIABLE', 'STORAGE_UNAVAILABLE'],
  }),
  config: defineRoute({
    method: 'get',
    path: '/api/media/config',
    tag: 'media',
    summary: 'Whether live audio and video run on this installation, and the STUN / TURN servers for the client',
    access: 'authenticated',
    response: z.object({ enabled: z.boolean(), iceServers: z.array(z.object({ urls: z.union([ZText, z.array(ZText)]) })) }),
  }),
} as const;
