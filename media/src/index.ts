/**
 * The media plane's boundary. Signalling (Socket.IO) and authorization live in the server; this
 * package only moves media, so a native SFU can replace the werift one behind the same shape.
 */

/** Broadcast: an opening hall (few publishers, large audience). Conference: an evaluation room. */
export type RoomKind = 'broadcast' | 'conference';

export type ParticipantRole = 'publisher' | 'subscriber' | 'both';

export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface IceCandidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

/** What the signalling layer needs from an SFU. */
export interface MediaPlane {
  openRoom(roomId: string, kind: RoomKind): Promise<void>;
  join(roomId: string, participantId: string, role: ParticipantRole): Promise<SessionDescription>;
  answer(roomId: string, participantId: string, answer: SessionDescription): Promise<void>;
  addCandidate(roomId: string, participantId: string, candidate: IceCandidate): Promise<void>;
  requestKeyFrame(roomId: string, participantId: string, trackId: string): Promise<void>;
  leave(roomId: string, participantId: string): Promise<void>;
  closeRoom(roomId: string): Promise<void>;
}
