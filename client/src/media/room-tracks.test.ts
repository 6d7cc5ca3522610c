import type { TMediaTrack } from '@bidhall/contracts';
import { describe, expect, it } from 'vitest';
import type { OfferedLine } from './offer-lines';
import { announced, arrived, emptyRoom, gone, mutedChanged, offered, participantLeft, type RoomTracks, speakerChanged, tilesOf } from './room-tracks';

const roomId = 'evaluation:00000000-0000-4000-8000-000000000001';
const me = 'u-me';
const track = (participantId: string, kind: 'audio' | 'video', trackId = `t-${participantId}-${kind}`): TMediaTrack => ({ trackId, roomId, participantId, kind, muted: false });
const line = (mid: string, info: TMediaTrack): OfferedLine => ({ mid, kind: info.kind, serverReceives: false, source: { participantId: info.participantId, trackId: info.trackId } });

const aVideo = track('u-a', 'video');
const aAudio = track('u-a', 'audio');
const bVideo = track('u-b', 'video');

describe('room track bookkeeping', () => {
  it('completes a track whichever of announcement, offer and media comes first', () => {
    // Announced, then offered, then arrived.
    let room: RoomTracks<string> = announced(emptyRoom, aVideo, me);
    room = offered(room, [line('3', aVideo)], me);
    room = arrived(room, '3', 'media-a');
    // Offered and arrived before the announcement, which then tells it is muted.
    room = offered(room, [line('4', bVideo)], me);
    room = arrived(room, '4', 'media-b');
    room = announced(room, { ...bVideo, displayName: '冯专家', muted: true }, me);
    expect([...room.tracks.values()]).toEqual([
      { trackId: aVideo.trackId, participantId: 'u-a', displayName: null, kind: 'video', muted: false, media: 'media-a' },
      { trackId: bVideo.trackId, participantId: 'u-b', displayName: '冯专家', kind: 'video', muted: true, media: 'media-b' },
    ]);
    expect(tilesOf(room).map((tile) => tile.displayName)).toEqual([null, '冯专家']);
  });

  it("never shows the user's own tracks as remote ones, nor media on a line no offer named", () => {
    let room: RoomTracks<string> = announced(emptyRoom, track(me, 'video'), me);
    room = offered(room, [line('5', track(me, 'audio'))], me);
    room = arrived(room, '9', 'stray');
    room = arrived(room, null, 'no-mid');
    expect(room.tracks.size).toBe(0);
    expect(tilesOf(room)).toEqual([]);
  });

  it('groups tracks into one tile per participant, in the order they appeared, with the speaker marked', () => {
    let room: RoomTracks<string> = emptyRoom;
    for (const info of [aVideo, bVideo, aAudio]) room = announced(room, info, me);
    room = speakerChanged(room, 'u-b');
    const tiles = tilesOf(room);
    expect(tiles.map((tile) => [tile.participantId, tile.video?.trackId ?? null, tile.audio?.trackId ?? null, tile.speaking])).toEqual([
      ['u-a', aVideo.trackId, aAudio.trackId, false],
      ['u-b', bVideo.trackId, null, true],
    ]);
  });

  it('follows mutes and drops withdrawn tracks with their m-lines', () => {
    let room: RoomTracks<string> = announced(announced(emptyRoom, aVideo, me), aAudio, me);
    room = offered(room, [line('3', aVideo), line('4', aAudio)], me);
    room = mutedChanged(room, aAudio.trackId, true);
    expect(tilesOf(room)[0]?.audio?.muted).toBe(true);
    expect(mutedChanged(room, 'unknown', true)).toBe(room);
    room = gone(room, aVideo.trackId);
    expect(tilesOf(room)).toEqual([{ participantId: 'u-a', displayName: null, video: null, audio: expect.objectContaining({ trackId: aAudio.trackId }), speaking: false }]);
    expect([...room.mids]).toEqual([['4', aAudio.trackId]]);
    expect(arrived(room, '3', 'late')).toBe(room);
  });

  it("frees a participant's tile, and the speaker's outline, when they leave", () => {
    let room: RoomTracks<string> = emptyRoom;
    for (const info of [aVideo, aAudio, bVideo]) room = announced(room, info, me);
    room = speakerChanged(room, 'u-a');
    room = participantLeft(room, 'u-a');
    expect(tilesOf(room).map((tile) => tile.participantId)).toEqual(['u-b']);
    expect(room.speaker).toBeNull();
    expect(speakerChanged(room, null)).toBe(room);
  });
});
