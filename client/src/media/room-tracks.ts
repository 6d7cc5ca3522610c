import type { TMediaTrack } from '@bidhall/contracts';
import type { OfferedLine } from './offer-lines';

/** A track someone else publishes in the room; `media` is what the browser plays once it arrives. */
export interface RemoteTrack<M> {
  trackId: string;
  participantId: string;
  /** Known once the room announced the track. */
  displayName: string | null;
  kind: 'audio' | 'video';
  muted: boolean;
  media: M | null;
}

/**
 * What the client knows of the other participants' tracks. The room announces tracks
 * (`media:track`), offers name the track each m-line carries, and the browser reports media
 * arriving on an m-line: these come in any order, and a track is complete once all three met.
 * Generic in the media object so it is tested without a browser.
 */
export interface RoomTracks<M> {
  readonly tracks: ReadonlyMap<string, RemoteTrack<M>>;
  /** Track id by m-line, from the server's offers. */
  readonly mids: ReadonlyMap<string, string>;
  /** The active speaker, by participant id. */
  readonly speaker: string | null;
}

export interface Tile<M> {
  participantId: string;
  displayName: string | null;
  video: RemoteTrack<M> | null;
  audio: RemoteTrack<M> | null;
  speaking: boolean;
}

export const emptyRoom: RoomTracks<never> = { tracks: new Map(), mids: new Map(), speaker: null };

const withTrack = <M>(room: RoomTracks<M>, track: RemoteTrack<M>): RoomTracks<M> => ({ ...room, tracks: new Map(room.tracks).set(track.trackId, track) });

/** The room announced a track, or said again what it knows of it; the caller's own tracks are not shown as remote. */
export function announced<M>(room: RoomTracks<M>, info: TMediaTrack, selfId: string): RoomTracks<M> {
  if (info.participantId === selfId) return room;
  const known = room.tracks.get(info.trackId);
  return withTrack(room, { trackId: info.trackId, participantId: info.participantId, displayName: info.displayName ?? null, kind: info.kind, muted: info.muted, media: known?.media ?? null });
}

/** A server offer: its forwarded m-lines say which track each carries, possibly before the announcement. */
export function offered<M>(room: RoomTracks<M>, lines: readonly OfferedLine[], selfId: string): RoomTracks<M> {
  let next = room;
  for (const line of lines) {
    if (!line.source || line.source.participantId === selfId || next.mids.get(line.mid) === line.source.trackId) continue;
    next = { ...next, mids: new Map(next.mids).set(line.mid, line.source.trackId) };
    if (!next.tracks.has(line.source.trackId)) {
      next = withTrack(next, { ...line.source, displayName: null, kind: line.kind, muted: false, media: null });
    }
  }
  return next;
}

/** Media began to arrive on an m-line; a line no offer named is not ours to show. */
export function arrived<M>(room: RoomTracks<M>, mid: string | null, media: M): RoomTracks<M> {
  const trackId = mid === null ? undefined : room.mids.get(mid);
  const track = trackId === undefined ? undefined : room.tracks.get(trackId);
  return track ? withTrack(room, { ...track, media }) : room;
}

export function mutedChanged<M>(room: RoomTracks<M>, trackId: string, muted: boolean): RoomTracks<M> {
  const track = room.tracks.get(trackId);
  return track && track.muted !== muted ? withTrack(room, { ...track, muted }) : room;
}

/** A track was withdrawn (unpublished, or its publisher left); its m-line is not reused for another. */
export function gone<M>(room: RoomTracks<M>, trackId: string): RoomTracks<M> {
  if (!room.tracks.has(trackId)) return room;
  const tracks = new Map(room.tracks);
  tracks.delete(trackId);
  return { ...room, tracks, mids: new Map([...room.mids].filter(([, id]) => id !== trackId)) };
}

export function participantLeft<M>(room: RoomTracks<M>, participantId: string): RoomTracks<M> {
  let next = room;
  for (const track of room.tracks.values()) if (track.participantId === participantId) next = gone(next, track.trackId);
  return next.speaker === participantId ? { ...next, speaker: null } : next;
}

export const speakerChanged = <M>(room: RoomTracks<M>, participantId: string | null): RoomTracks<M> =>
  room.speaker === participantId ? room : { ...room, speaker: participantId };

/** One tile per participant with a track, in the order their first track became known; a second track of a kind replaces the first. */
export function tilesOf<M>(room: RoomTracks<M>): Tile<M>[] {
  const tiles = new Map<string, Tile<M>>();
  for (const track of room.tracks.values()) {
    const tile = tiles.get(track.participantId) ?? { participantId: track.participantId, displayName: null, video: null, audio: null, speaking: room.speaker === track.participantId };
    tile[track.kind] = track;
    tile.displayName ??= track.displayName;
    tiles.set(track.participantId, tile);
  }
  return [...tiles.values()];
}
