/** Every way a media request can be refused, so the signalling layer can map each to a reply. */
export const MediaErrorCode = {
  /** A request failed its schema. */
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  /** The authorization hook refused the join. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** No open room has that id. */
  ROOM_NOT_FOUND: 'ROOM_NOT_FOUND',
  /** openRoom was called again with a different kind. */
  ROOM_KIND_MISMATCH: 'ROOM_KIND_MISMATCH',
  /** The room holds as many participants as its kind allows. */
  ROOM_FULL: 'ROOM_FULL',
  /** The participant is not in that room (never joined, left, kicked or timed out). */
  PARTICIPANT_NOT_FOUND: 'PARTICIPANT_NOT_FOUND',
  /** The participant is already in the room; leave first. */
  ALREADY_JOINED: 'ALREADY_JOINED',
  /** The participant's role does not allow the request (a subscriber publishing, a publisher subscribing). */
  ROLE_FORBIDS: 'ROLE_FORBIDS',
  /** No track with that id is published in the room. */
  TRACK_NOT_FOUND: 'TRACK_NOT_FOUND',
  /** The track exists, but in another room. */
  TRACK_IN_OTHER_ROOM: 'TRACK_IN_OTHER_ROOM',
  /** Mute, unpublish or a key-frame request on a track the participant does not own or receive. */
  NOT_TRACK_OWNER: 'NOT_TRACK_OWNER',
  /** The answer's SDP could not be parsed or applied. */
  INVALID_SDP: 'INVALID_SDP',
  /** An answer arrived while no server offer was waiting for one. */
  NO_PENDING_OFFER: 'NO_PENDING_OFFER',
  /** The ICE candidate could not be applied. */
  INVALID_CANDIDATE: 'INVALID_CANDIDATE',
  /** A server offer went unanswered, or ICE + DTLS did not connect, within the timeout. */
  NEGOTIATION_TIMEOUT: 'NEGOTIATION_TIMEOUT',
  /** A published track sent no RTP within the timeout and was withdrawn. */
  NO_MEDIA: 'NO_MEDIA',
  /** The SFU worker that held the room stopped while the request was in flight. */
  WORKER_UNAVAILABLE: 'WORKER_UNAVAILABLE',
  /** An unexpected failure inside a worker; the worker itself carries on. */
  INTERNAL: 'INTERNAL',
  /** The media plane has been closed. */
  CLOSED: 'CLOSED',
} as const;
export type MediaErrorCode = (typeof MediaErrorCode)[keyof typeof MediaErrorCode];

/** Why a participant is no longer in a room, as reported by `participantLeft`. */
export type LeaveReason =
  | 'left'
  | 'kicked'
  | 'disconnected'
  | 'answer-timeout'
  | 'connect-timeout'
  | 'room-closed'
  | 'worker-crashed';

export class MediaError extends Error {
  override readonly name = 'MediaError';

  constructor(
    readonly code: MediaErrorCode,
    message: string,
    readonly metadata: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Plain data that survives structured cloning between a worker and the plane. */
  toJSON(): { code: MediaErrorCode; message: string; metadata: Record<string, unknown> } {
    return { code: this.code, message: this.message, metadata: this.metadata };
  }

  static fromJSON(data: { code: MediaErrorCode; message: string; metadata?: Record<string, unknown> }): MediaError {
    return new MediaError(data.code, data.message, data.metadata ?? {});
  }

  static roomNotFound(roomId: string): MediaError {
    return new MediaError(MediaErrorCode.ROOM_NOT_FOUND, `room ${roomId} is not open`, { roomId });
  }

  static participantNotFound(roomId: string, participantId: string): MediaError {
    return new MediaError(MediaErrorCode.PARTICIPANT_NOT_FOUND, `participant ${participantId} is not in room ${roomId}`, { roomId, participantId });
  }
}

export const isMediaError = (error: unknown): error is MediaError => error instanceof MediaError;
