import { z } from 'zod';

/** Broadcast: an opening hall (few publishers, large audience). Conference: an evaluation room. */
export const ZRoomKind = z.enum(['broadcast', 'conference']);
export type RoomKind = z.infer<typeof ZRoomKind>;

export const ZParticipantRole = z.enum(['publisher', 'subscriber', 'both']);
export type ParticipantRole = z.infer<typeof ZParticipantRole>;

export const ZMediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof ZMediaKind>;

const id = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'letters, digits, _ . : - only');
export const ZRoomId = id;
export const ZParticipantId = id;
export const ZTrackId = id;

/** SDP is bounded so a hostile client cannot make a worker parse megabytes. */
const sdp = z.string().min(1).max(64 * 1024);

export const ZSessionDescription = z.object({ type: z.enum(['offer', 'answer']), sdp });
export type TSessionDescription = z.infer<typeof ZSessionDescription>;

export const ZIceCandidate = z.object({
  candidate: z.string().max(1024),
  sdpMid: z.string().max(32).nullish(),
  sdpMLineIndex: z.number().int().min(0).max(1024).nullish(),
  usernameFragment: z.string().max(256).nullish(),
});
export type TIceCandidate = z.infer<typeof ZIceCandidate>;

const kinds = z
  .array(ZMediaKind)
  .min(1)
  .max(2)
  .refine((k) => new Set(k).size === k.length, 'each kind at most once');

export const ZOpenRoomRequest = z.object({
  roomId: ZRoomId,
  kind: ZRoomKind,
  /** Record every published track; defaults to true for conference rooms, false for broadcast. */
  record: z.boolean().optional(),
});
export type TOpenRoomRequest = z.infer<typeof ZOpenRoomRequest>;

export const ZJoinRequest = z.object({
  roomId: ZRoomId,
  participantId: ZParticipantId,
  role: ZParticipantRole,
  /** Kinds published straight away, so the first offer already carries their m-lines. */
  publish: kinds.optional(),
  /** Subscribe to every track published in the room, now and later (default true). */
  autoSubscribe: z.boolean().default(true),
  /** Shown in recording manifests; not used for authorization. */
  displayName: z.string().max(128).optional(),
});
export type TJoinRequest = z.input<typeof ZJoinRequest>;

const participantRef = { roomId: ZRoomId, participantId: ZParticipantId };

export const ZParticipantRef = z.object(participantRef);
export type TParticipantRef = z.infer<typeof ZParticipantRef>;

export const ZAnswerRequest = z.object({ ...participantRef, answer: ZSessionDescription.extend({ type: z.literal('answer') }) });
export type TAnswerRequest = z.infer<typeof ZAnswerRequest>;

export const ZCandidateRequest = z.object({ ...participantRef, candidate: ZIceCandidate });
export type TCandidateRequest = z.infer<typeof ZCandidateRequest>;

export const ZPublishRequest = z.object({ ...participantRef, kinds });
export type TPublishRequest = z.infer<typeof ZPublishRequest>;

/** unpublish, subscribe, unsubscribe, requestKeyFrame. */
export const ZTrackRequest = z.object({ ...participantRef, trackId: ZTrackId });
export type TTrackRequest = z.infer<typeof ZTrackRequest>;

export const ZMuteRequest = z.object({ ...participantRef, trackId: ZTrackId, muted: z.boolean() });
export type TMuteRequest = z.infer<typeof ZMuteRequest>;

export const ZKickRequest = z.object({ ...participantRef, reason: z.string().max(256).optional() });
export type TKickRequest = z.infer<typeof ZKickRequest>;

/** A track published in a room, as told to the signalling layer and on to clients. */
export interface TTrackInfo {
  trackId: string;
  roomId: string;
  /** The publisher. */
  participantId: string;
  /** The publisher's name, as it joined, for the tiles of those watching. */
  displayName?: string;
  kind: MediaKind;
  muted: boolean;
}

export interface TJoinResult {
  /** The server's first offer; the client answers with `answer`. */
  offer: TSessionDescription;
  /** STUN / TURN servers for the client's RTCPeerConnection. */
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  /** Tracks this participant publishes (from `publish`). */
  published: TTrackInfo[];
  /** Every other track in the room when it joined. */
  tracks: TTrackInfo[];
}

