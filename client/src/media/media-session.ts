import { type ClientEventResult, type ServerToClientEvents, ZMediaTrack } from '@bidhall/contracts';
import { ApiError } from '../api/http';
import type { AppSocket } from '../realtime/connection';
import { captureLocalMedia, type DeviceChoice } from './local-media';
import { connectionFailure, MediaClientError } from './media-errors';
import { PUBLISHED_KINDS, type TMediaKind } from './media-kinds';
import { mediaRequest } from './media-request';
import { offeredLines } from './offer-lines';
import { announced, arrived, emptyRoom, gone, mutedChanged, offered, participantLeft, type RoomTracks, speakerChanged } from './room-tracks';

/** `joining` until the server's first offer, `connecting` until media can flow (and again while ICE recovers). */
export type MediaStatus = 'idle' | 'joining' | 'connecting' | 'live';

export interface LocalMedia {
  /** This browser's camera and microphone while it publishes. */
  tracks: Partial<Record<TMediaKind, MediaStreamTrack>>;
  /** Kept across joins: a microphone muted before joining stays muted. */
  muted: Record<TMediaKind, boolean>;
}

export interface MediaSnapshot {
  status: MediaStatus;
  /** What the server lets this user do in the room; null until joined. */
  role: ClientEventResult<'media:join'>['role'] | null;
  remote: RoomTracks<MediaStreamTrack>;
  local: LocalMedia;
  devices: DeviceChoice;
  error: ApiError | MediaClientError | null;
  /** Why the server took this user out of the room (`kicked`, `room-closed`…), when it did and it was not rejoined. */
  removed: string | null;
}

type Offer = { type: 'offer'; sdp: string };
type Handler<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Reasons to be out of a room that a new join cannot undo. */
const FINAL_REMOVALS = new Set(['kicked', 'room-closed']);
/** Automatic rejoins after being dropped, at most this many a minute, so a room that keeps dropping us does not loop. */
const MAX_REJOINS_PER_MINUTE = 3;

/**
 * One media room (opening hall broadcast or evaluation conference) over the tab's socket, with
 * one RTCPeerConnection. The server makes every offer and the client answers: publishing puts the
 * camera and microphone on the m-lines the server receives on; the tracks the server forwards
 * arrive on the others and are matched to the room's announcements by the offers' msid.
 *
 * While the user is in the room, the server's session (its participant and our peer connection)
 * is made again whenever it is lost, with the camera and microphone the user had on:
 * - the socket connected again (`connect`): the server let the old connection's session go, or
 *   lets it go now that this tab's new connection arrived, and the join waits for that;
 * - the media server holding the room restarted (`media:rejoin`);
 * - the server dropped us (`media:left` for ourselves, not `kicked` or `room-closed`), or the
 *   media path failed after it had worked: at most three times a minute;
 * - a request failed because the socket was down: on the socket's next `connect`.
 * A path that never opened while the platform answered (UDP blocked) is not retried: the user is
 * told why. State changes are published for useSyncExternalStore.
 */
export class MediaSession {
  readonly #socket: AppSocket;
  readonly #roomId: string;
  readonly #selfId: string;
  #snapshot: MediaSnapshot = {
    status: 'idle',
    role: null,
    remote: emptyRoom,
    local: { tracks: {}, muted: { audio: false, video: false } },
    devices: { audio: null, video: null },
    error: null,
    removed: null,
  };
  readonly #listeners = new Set<() => void>();
  #running = false;
  /** Whether the user asked to be in the room; null once they left or were removed for good. */
  #inRoom = false;
  /** Bumped by every join and leave, so the answer to an earlier join is recognized as stale. */
  #generation = 0;
  #pc: RTCPeerConnection | null = null;
  /** Whether the current peer connection ever carried media, to tell a lost path from one that never opened. */
  #wasLive = false;
  /** The ids of this user's published tracks, by kind, for mute requests. */
  #published = new Map<TMediaKind, string>();
  #senders = new Map<TMediaKind, RTCRtpSender>();
  /** The join under way (with the leave of its session, if a later join overtook it); the next one waits for it. */
  #joins: Promise<void> = Promise.resolve();
  /** Offers are applied one at a time, in the order the server made them. */
  #offers: Promise<void> = Promise.resolve();
  /** The server takes candidates only once it has an answer; until then they wait here. */
  #pendingCandidates: RTCIceCandidateInit[] | null = [];
  /** When the server dropped this user from the room lately, to bound the rejoins that follow. */
  #drops: number[] = [];

  constructor(socket: AppSocket, roomId: string, selfId: string) {
    this.#socket = socket;
    this.#roomId = roomId;
    this.#selfId = selfId;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): MediaSnapshot => this.#snapshot;

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#socket.on('connect', this.#onConnect);
    this.#socket.on('media:offer', this.#onOffer);
    this.#socket.on('media:track', this.#onTrack);
    this.#socket.on('media:trackGone', this.#onTrackGone);
    this.#socket.on('media:trackMuted', this.#onTrackMuted);
    this.#socket.on('media:speaker', this.#onSpeaker);
    this.#socket.on('media:left', this.#onLeft);
    this.#socket.on('media:rejoin', this.#onRejoin);
  }

  /** Leaves the room and releases the camera, the microphone and the peer connection. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#socket.off('connect', this.#onConnect);
    this.#socket.off('media:offer', this.#onOffer);
    this.#socket.off('media:track', this.#onTrack);
    this.#socket.off('media:trackGone', this.#onTrackGone);
    this.#socket.off('media:trackMuted', this.#onTrackMuted);
    this.#socket.off('media:speaker', this.#onSpeaker);
    this.#socket.off('media:left', this.#onLeft);
    this.#socket.off('media:rejoin', this.#onRejoin);
    void this.leave();
  }

  /** Enters the room, with camera and microphone when `publish` is set, or to watch and listen only. */
  async join(publish: boolean): Promise<void> {
    if (this.#inRoom || !this.#running) return;
    this.#inRoom = true;
    this.#drops = [];
    const generation = ++this.#generation;
    this.#update({ status: 'joining', error: null, removed: null });
    if (publish) {
      let tracks: LocalMedia['tracks'];
      try {
        tracks = await captureLocalMedia(PUBLISHED_KINDS, this.#snapshot.devices);
      } catch (error) {
        if (generation === this.#generation) this.#end({ error: error as MediaClientError });
        return;
      }
      if (generation !== this.#generation) {
        for (const track of Object.values(tracks)) track.stop();
        return;
      }
      for (const [kind, track] of Object.entries(tracks)) track.enabled = !this.#snapshot.local.muted[kind as TMediaKind];
      this.#update({ local: { ...this.#snapshot.local, tracks } });
    }
    await this.#connect();
  }

  /**
   * Turns the camera and microphone on while watching: the server adds lines to receive them on
   * and offers again, and the answer to that offer puts the tracks on them.
   */
  async publish(): Promise<void> {
    const { status, role, local } = this.#snapshot;
    if (status !== 'live' || role === 'subscriber' || local.tracks.audio || local.tracks.video) return;
    const generation = this.#generation;
    let tracks: LocalMedia['tracks'];
    try {
      tracks = await captureLocalMedia(PUBLISHED_KINDS, this.#snapshot.devices);
    } catch (error) {
      if (generation === this.#generation) this.#update({ error: error as MediaClientError });
      return;
    }
    const opened = Object.values(tracks).filter((track) => track !== undefined);
    if (generation !== this.#generation) {
      for (const track of opened) track.stop();
      return;
    }
    for (const [kind, track] of Object.entries(tracks)) track.enabled = !this.#snapshot.local.muted[kind as TMediaKind];
    this.#update({ error: null, local: { ...this.#snapshot.local, tracks } });
    try {
      const published = await mediaRequest(this.#socket, 'media:publish', { roomId: this.#roomId, kinds: PUBLISHED_KINDS.filter((kind) => tracks[kind]) });
      if (generation !== this.#generation) return;
      for (const track of published.tracks) {
        this.#published.set(track.kind, track.trackId);
        if (this.#snapshot.local.muted[track.kind]) void mediaRequest(this.#socket, 'media:mute', { roomId: this.#roomId, trackId: track.trackId, muted: true }).catch(() => undefined);
      }
    } catch (error) {
      for (const track of opened) track.stop();
      if (generation === this.#generation) this.#update({ error: error as ApiError, local: { ...this.#snapshot.local, tracks: {} } });
    }
  }

  /** Leaves the room; the server's refusal (it had already let us go) changes nothing here. */
  async leave(): Promise<void> {
    if (!this.#inRoom) return;
    this.#end({ error: null, removed: null });
    if (this.#socket.connected) await mediaRequest(this.#socket, 'media:leave', { roomId: this.#roomId }).catch(() => undefined);
  }

  /** Mutes or unmutes the microphone or camera, here and for everyone in the room. */
  async setMuted(kind: TMediaKind, muted: boolean): Promise<void> {
    const track = this.#snapshot.local.tracks[kind];
    if (track) track.enabled = !muted;
    this.#update({ local: { ...this.#snapshot.local, muted: { ...this.#snapshot.local.muted, [kind]: muted } } });
    const trackId = this.#published.get(kind);
    if (!trackId || !this.#pc) return;
    try {
      await mediaRequest(this.#socket, 'media:mute', { roomId: this.#roomId, trackId, muted });
    } catch (error) {
      this.#update({ error: error as ApiError });
    }
  }

  /** Uses another camera or microphone: at the next join, or at once in place of the one sending. */
  async chooseDevice(kind: TMediaKind, deviceId: string | null): Promise<void> {
    const devices = { ...this.#snapshot.devices, [kind]: deviceId };
    this.#update({ devices });
    const old = this.#snapshot.local.tracks[kind];
    if (!old) return;
    let track: MediaStreamTrack | undefined;
    try {
      track = (await captureLocalMedia([kind], devices))[kind];
    } catch (error) {
      this.#update({ error: error as MediaClientError });
      return;
    }
    if (!track) return;
    // Left, or switched again, while the device opened.
    if (this.#snapshot.local.tracks[kind] !== old) {
      track.stop();
      return;
    }
    track.enabled = !this.#snapshot.local.muted[kind];
    try {
      await this.#senders.get(kind)?.replaceTrack(track);
    } catch {
      // The connection closed meanwhile (left or dropped), and with it the old track.
      track.stop();
      return;
    }
    old.stop();
    this.#update({ error: null, local: { ...this.#snapshot.local, tracks: { ...this.#snapshot.local.tracks, [kind]: track } } });
  }

  /** The peer connection's statistics, for the quality indicator; null while there is none. */
  getStats(): Promise<RTCStatsReport> | null {
    return this.#pc?.getStats() ?? null;
  }

  /**
   * A join of the server's session: the first one, or again after the previous one was lost.
   * `leaveFirst` when the server may still hold the previous one on this same connection (only
   * the media path failed): a second join there would be refused. Joins go out one at a time: one
   * that overtakes another waits until that one is answered and the session it opened, now
   * nobody's, is left, since the server refuses a user's second join in a room.
   */
  #connect(leaveFirst = false): Promise<void> {
    const generation = ++this.#generation;
    this.#closeConnection();
    this.#update({ status: 'joining', remote: emptyRoom });
    const joining = this.#joins.then(() => this.#join(generation, leaveFirst));
    this.#joins = joining.catch(() => undefined);
    return joining;
  }

  async #join(generation: number, leaveFirst: boolean): Promise<void> {
    if (generation !== this.#generation) return;
    if (leaveFirst) {
      await mediaRequest(this.#socket, 'media:leave', { roomId: this.#roomId }).catch(() => undefined);
      if (generation !== this.#generation) return;
    }
    const publish = PUBLISHED_KINDS.filter((kind) => this.#snapshot.local.tracks[kind]);
    let joined: ClientEventResult<'media:join'>;
    try {
      joined = await mediaRequest(this.#socket, 'media:join', { roomId: this.#roomId, ...(publish.length ? { publish } : {}) });
    } catch (error) {
      if (generation !== this.#generation) return;
      if (this.#socket.connected) this.#end({ error: error as ApiError });
      else this.#waitForSocket(null);
      return;
    }
    if (generation !== this.#generation) {
      // A leave or a later join overtook this join: the session it opened is nobody's, so it is closed.
      await mediaRequest(this.#socket, 'media:leave', { roomId: this.#roomId }).catch(() => undefined);
      return;
    }
    this.#published = new Map(joined.published.map((track) => [track.kind, track.trackId]));
    let remote: RoomTracks<MediaStreamTrack> = emptyRoom;
    for (const track of joined.tracks) remote = announced(remote, track, this.#selfId);
    this.#update({ role: joined.role, remote, status: 'connecting', error: null });

    const pc = new RTCPeerConnection({ iceServers: joined.iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.#pc = pc;
    pc.ontrack = (event) => {
      if (pc === this.#pc) this.#setRemote(arrived(this.#snapshot.remote, event.transceiver.mid, event.track));
    };
    pc.onicecandidate = (event) => {
      if (pc === this.#pc && event.candidate?.candidate) this.#sendCandidate(event.candidate.toJSON());
    };
    pc.onconnectionstatechange = () => this.#onConnectionState(pc);
    // Muted before joining: the room learns it now that the tracks have ids.
    for (const [kind, trackId] of this.#published) {
      if (this.#snapshot.local.muted[kind]) void mediaRequest(this.#socket, 'media:mute', { roomId: this.#roomId, trackId, muted: true }).catch(() => undefined);
    }
    this.#enqueueOffer(pc, joined.offer);
  }

  #enqueueOffer(pc: RTCPeerConnection, offer: Offer): void {
    this.#offers = this.#offers
      .then(() => this.#answer(pc, offer))
      .catch((error: unknown) => {
        if (pc !== this.#pc) return;
        // The answer could not go out because the socket is down: the next connection joins anew.
        if (!this.#socket.connected) {
          this.#waitForSocket(null);
          return;
        }
        this.#end({ error: error instanceof ApiError ? error : new MediaClientError('NEGOTIATION_FAILED', error instanceof Error ? error.message : String(error)) });
        void mediaRequest(this.#socket, 'media:leave', { roomId: this.#roomId }).catch(() => undefined);
      });
  }

  async #answer(pc: RTCPeerConnection, offer: Offer): Promise<void> {
    if (pc !== this.#pc) return;
    const lines = offeredLines(offer.sdp);
    this.#setRemote(offered(this.#snapshot.remote, lines, this.#selfId));
    await pc.setRemoteDescription(offer);
    for (const line of lines) {
      const track = this.#snapshot.local.tracks[line.kind];
      const transceiver = pc.getTransceivers().find((t) => t.mid === line.mid);
      if (!line.serverReceives || !track || !transceiver || this.#senders.get(line.kind) === transceiver.sender) continue;
      await transceiver.sender.replaceTrack(track);
      transceiver.direction = 'sendonly';
      this.#senders.set(line.kind, transceiver.sender);
    }
    await pc.setLocalDescription(await pc.createAnswer());
    if (pc !== this.#pc || !pc.localDescription) return;
    await mediaRequest(this.#socket, 'media:answer', { roomId: this.#roomId, answer: { type: 'answer', sdp: pc.localDescription.sdp } });
    const waiting = this.#pendingCandidates;
    this.#pendingCandidates = null;
    for (const candidate of waiting ?? []) this.#sendCandidate(candidate);
  }

  #sendCandidate(candidate: RTCIceCandidateInit): void {
    if (this.#pendingCandidates) {
      this.#pendingCandidates.push(candidate);
      return;
    }
    const { sdpMid = null, sdpMLineIndex = null, usernameFragment = null } = candidate;
    // A refused candidate (a `.local` name the server cannot resolve) costs nothing: the server
    // also learns this client's address from its connectivity checks.
    void mediaRequest(this.#socket, 'media:candidate', {
      roomId: this.#roomId,
      candidate: { candidate: candidate.candidate ?? '', sdpMid, sdpMLineIndex, usernameFragment },
    }).catch(() => undefined);
  }

  #onConnectionState(pc: RTCPeerConnection): void {
    if (pc !== this.#pc) return;
    if (pc.connectionState === 'connected') {
      this.#wasLive = true;
      this.#update({ status: 'live' });
    } else if (pc.connectionState === 'disconnected') this.#update({ status: 'connecting' });
    else if (pc.connectionState === 'failed') {
      const failure = connectionFailure({ platformConnected: this.#socket.connected, wasLive: this.#wasLive });
      if (failure.code === 'SERVER_UNREACHABLE') {
        // The platform is out of reach too (a network drop, a restart): the socket's return brings the join.
        this.#waitForSocket(failure);
      } else if (failure.code === 'CONNECTION_LOST') {
        this.#rejoinAfterDrop({ error: failure }, true);
      } else {
        // A path that never opened while the platform answered would not open on a second try.
        this.#end({ error: failure });
        void mediaRequest(this.#socket, 'media:leave', { roomId: this.#roomId }).catch(() => undefined);
      }
    }
  }

  /** The socket connected again: the server let our session go with the old connection, or lets it go now. */
  readonly #onConnect = () => {
    if (this.#inRoom) void this.#connect();
  };

  readonly #onOffer = ({ roomId, offer }: Handler<'media:offer'>) => {
    if (roomId === this.#roomId && this.#pc) this.#enqueueOffer(this.#pc, offer);
  };

  readonly #onTrack = (info: Handler<'media:track'>) => {
    const track = ZMediaTrack.safeParse(info);
    if (track.success && track.data.roomId === this.#roomId && this.#pc) this.#setRemote(announced(this.#snapshot.remote, track.data, this.#selfId));
  };

  readonly #onTrackGone = ({ roomId, trackId }: Handler<'media:trackGone'>) => {
    if (roomId === this.#roomId) this.#setRemote(gone(this.#snapshot.remote, trackId));
  };

  readonly #onTrackMuted = ({ roomId, trackId, muted }: Handler<'media:trackMuted'>) => {
    if (roomId === this.#roomId) this.#setRemote(mutedChanged(this.#snapshot.remote, trackId, muted));
  };

  readonly #onSpeaker = ({ roomId, participantId }: Handler<'media:speaker'>) => {
    if (roomId === this.#roomId) this.#setRemote(speakerChanged(this.#snapshot.remote, participantId));
  };

  readonly #onLeft = ({ roomId, participantId, reason }: Handler<'media:left'>) => {
    if (roomId !== this.#roomId) return;
    if (participantId !== this.#selfId) {
      this.#setRemote(participantLeft(this.#snapshot.remote, participantId));
      return;
    }
    if (!this.#inRoom || !this.#pc) return;
    if (FINAL_REMOVALS.has(reason)) this.#end({ removed: reason });
    else this.#rejoinAfterDrop({ removed: reason }, false);
  };

  /** The media server holding the room restarted and lost our session. */
  readonly #onRejoin = ({ roomId }: Handler<'media:rejoin'>) => {
    if (roomId === this.#roomId && this.#inRoom) void this.#connect();
  };

  /**
   * The session was dropped (by the server, or its media path failed): joined again at once, or on
   * the socket's return if it is down, unless the room dropped us too often lately; then the user
   * is told (`giveUp`) and decides.
   */
  #rejoinAfterDrop(giveUp: Pick<Partial<MediaSnapshot>, 'error' | 'removed'>, leaveFirst: boolean): void {
    const now = performance.now();
    this.#drops = this.#drops.filter((at) => now - at < 60_000);
    if (this.#drops.length >= MAX_REJOINS_PER_MINUTE) {
      this.#end(giveUp);
      return;
    }
    this.#drops.push(now);
    if (this.#socket.connected) void this.#connect(leaveFirst);
    else this.#waitForSocket(null);
  }

  /** Without a session until the socket connects again (which joins anew): still in the room, with the camera kept on. */
  #waitForSocket(error: MediaClientError | null): void {
    this.#generation++;
    this.#closeConnection();
    this.#update({ status: 'connecting', remote: emptyRoom, error });
  }

  /** Out of the room: the connection closed, the camera and microphone released. */
  #end(change: Pick<Partial<MediaSnapshot>, 'error' | 'removed'>): void {
    this.#inRoom = false;
    this.#generation++;
    this.#closeConnection();
    for (const track of Object.values(this.#snapshot.local.tracks)) track.stop();
    this.#update({ status: 'idle', role: null, remote: emptyRoom, local: { ...this.#snapshot.local, tracks: {} }, ...change });
  }

  #closeConnection(): void {
    const pc = this.#pc;
    this.#pc = null;
    this.#wasLive = false;
    this.#published = new Map();
    this.#senders = new Map();
    this.#pendingCandidates = [];
    if (!pc) return;
    pc.ontrack = null;
    pc.onicecandidate = null;
    pc.onconnectionstatechange = null;
    pc.close();
  }

  /** Room changes that change nothing (an event about a track already gone) are not published. */
  #setRemote(remote: RoomTracks<MediaStreamTrack>): void {
    if (remote !== this.#snapshot.remote) this.#update({ remote });
  }

  #update(change: Partial<MediaSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    for (const listener of this.#listeners) listener();
  }
}
