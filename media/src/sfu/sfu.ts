import { EventEmitter } from 'node:events';
import { DEFAULT_ROOM_LIMITS, peerConfig, type TNetworkConfig, type TNetworkConfigInput, type TRoomLimits, type TTimeouts, ZNetworkConfig, ZTimeouts } from '../config';
import { MediaError, MediaErrorCode } from '../errors';
import type { MediaEvents } from '../events';
import { parseRequest } from '../parse';
import {
  type RoomKind,
  type TJoinRequest,
  type TJoinResult,
  type TTrackInfo,
  ZAnswerRequest,
  ZCandidateRequest,
  ZJoinRequest,
  ZKickRequest,
  ZMuteRequest,
  ZOpenRoomRequest,
  ZParticipantRef,
  ZPublishRequest,
  ZTrackRequest,
} from '../schemas';
import { DelayHistogram } from './delay-histogram';
import { PipeReceiver, PipeSender } from './pipe';
import { Room, type RoomHost } from './room';

/** Decides whether a participant may join a room; the server closes over its own records. */
export type AuthorizeHook = (request: { roomId: string; roomKind: RoomKind; participantId: string; role: TJoinRequest['role'] }) => boolean | Promise<boolean>;

export interface SfuOptions {
  /** Addresses and ports for ICE; loopback by default. */
  network?: TNetworkConfigInput;
  /** Negotiation and media timeouts, in ms. */
  timeouts?: Partial<TTimeouts>;
  /** Where recordings go (one folder per room); without it nothing is recorded. */
  recordingDir?: string;
  /** Per-kind overrides of participant counts and bitrate caps. */
  roomLimits?: Partial<Record<RoomKind, Partial<TRoomLimits>>>;
  /** Keep a histogram of each packet's time through the fan-out (for benches). */
  measureDelay?: boolean;
  /** Called on every join before anything is allocated; refusing yields UNAUTHORIZED. */
  authorize?: AuthorizeHook;
}

export interface SfuStats {
  rooms: number;
  participants: number;
  peerConnections: number;
  transceivers: number;
  tracks: number;
  outlets: number;
  timers: number;
  pipes: number;
  forwardDelayMs: { p50: number; p99: number; samples: number } | undefined;
}

/**
 * One SFU in one process: rooms, participants, forwarding. A worker process runs one of these; a
 * test or a single-process deployment can use it directly.
 */
export class Sfu extends EventEmitter<MediaEvents> implements RoomHost {
  readonly network: TNetworkConfig;
  readonly timeouts: TTimeouts;
  readonly peerConfig;
  readonly recordingDir: string | undefined;
  readonly delays: DelayHistogram | undefined;
  private readonly rooms = new Map<string, Room>();
  private readonly trackRooms = new Map<string, string>();
  private readonly pipeSenders = new Map<string, PipeSender>();
  private readonly pipeReceivers = new Map<string, PipeReceiver>();
  private readonly roomLimits: Record<RoomKind, TRoomLimits>;
  private readonly authorize: AuthorizeHook | undefined;
  private closed = false;

  constructor(options: SfuOptions = {}) {
    super();
    this.network = ZNetworkConfig.parse(options.network ?? {});
    this.timeouts = ZTimeouts.parse(options.timeouts ?? {});
    this.peerConfig = peerConfig(this.network);
    this.recordingDir = options.recordingDir;
    this.delays = options.measureDelay ? new DelayHistogram() : undefined;
    this.authorize = options.authorize;
    this.roomLimits = {
      broadcast: { ...DEFAULT_ROOM_LIMITS.broadcast, ...options.roomLimits?.broadcast },
      conference: { ...DEFAULT_ROOM_LIMITS.conference, ...options.roomLimits?.conference },
    };
  }

  get iceServers(): TJoinResult['iceServers'] {
    return this.network.iceServers;
  }

  private room(roomId: string): Room {
    this.ensureOpen();
    const room = this.rooms.get(roomId);
    if (!room) throw MediaError.roomNotFound(roomId);
    return room;
  }

  private ensureOpen(): void {
    if (this.closed) throw new MediaError(MediaErrorCode.CLOSED, 'the SFU is closed');
  }

  /** Opens a room, or returns the open one of the same kind. */
  openRoom(input: unknown): { roomId: string; kind: RoomKind; recording: boolean } {
    this.ensureOpen();
    const { roomId, kind, record } = parseRequest(ZOpenRoomRequest, input);
    const existing = this.rooms.get(roomId);
    if (existing) {
      if (existing.kind !== kind) throw new MediaError(MediaErrorCode.ROOM_KIND_MISMATCH, `room ${roomId} is a ${existing.kind} room`, { roomId });
      return { roomId, kind, recording: existing.recording };
    }
    const room = new Room(this, roomId, kind, this.roomLimits[kind], record ?? kind === 'conference');
    this.rooms.set(roomId, room);
    return { roomId, kind, recording: room.recording };
  }

  async closeRoom(roomId: string): Promise<void> {
    const room = this.rooms.get(roomId);
    if (!room) return;
    this.rooms.delete(roomId);
    for (const [key, pipe] of this.pipeSenders) if (key.startsWith(`${roomId}|`)) this.closePipe(this.pipeSenders, key, pipe);
    for (const [key, pipe] of this.pipeReceivers) if (key.startsWith(`${roomId}|`)) this.closePipe(this.pipeReceivers, key, pipe);
    await room.close();
  }

  async join(input: unknown): Promise<TJoinResult> {
    const request = parseRequest(ZJoinRequest, input);
    const room = this.room(request.roomId);
    if (this.authorize) {
      const allowed = await this.authorize({ roomId: room.id, roomKind: room.kind, participantId: request.participantId, role: request.role });
      if (!allowed) throw new MediaError(MediaErrorCode.UNAUTHORIZED, `participant ${request.participantId} may not join room ${room.id}`, { roomId: room.id });
    }
    return room.join({
      participantId: request.participantId,
      role: request.role,
      publish: request.publish,
      autoSubscribe: request.autoSubscribe,
      displayName: request.displayName,
    });
  }

  async answer(input: unknown): Promise<void> {
    const { roomId, participantId, answer } = parseRequest(ZAnswerRequest, input);
    await this.room(roomId).participant(participantId).applyAnswer(answer);
  }

  async addCandidate(input: unknown): Promise<void> {
    const { roomId, participantId, candidate } = parseRequest(ZCandidateRequest, input);
    await this.room(roomId).participant(participantId).addCandidate(candidate);
  }

  publish(input: unknown): TTrackInfo[] {
    const { roomId, participantId, kinds } = parseRequest(ZPublishRequest, input);
    return this.room(roomId).publish(participantId, kinds);
  }

  unpublish(input: unknown): void {
    const { roomId, participantId, trackId } = parseRequest(ZTrackRequest, input);
    this.room(roomId).unpublish(participantId, trackId);
  }

  subscribe(input: unknown): void {
    const { roomId, participantId, trackId } = parseRequest(ZTrackRequest, input);
    this.room(roomId).subscribe(participantId, trackId);
  }

  unsubscribe(input: unknown): void {
    const { roomId, participantId, trackId } = parseRequest(ZTrackRequest, input);
    this.room(roomId).unsubscribe(participantId, trackId);
  }

  requestKeyFrame(input: unknown): void {
    const { roomId, participantId, trackId } = parseRequest(ZTrackRequest, input);
    this.room(roomId).requestKeyFrame(participantId, trackId);
  }

  setMuted(input: unknown): void {
    const { roomId, participantId, trackId, muted } = parseRequest(ZMuteRequest, input);
    this.room(roomId).setMuted(participantId, trackId, muted);
  }

  async leave(input: unknown): Promise<void> {
    const { roomId, participantId } = parseRequest(ZParticipantRef, input);
    await this.room(roomId).leave(participantId, 'left');
  }

  /** Removes a participant at the server's decision (a supervisor's action, a revoked seat). */
  async kick(input: unknown): Promise<void> {
    const { roomId, participantId } = parseRequest(ZKickRequest, input);
    await this.room(roomId).leave(participantId, 'kicked');
  }

  /** Edge side of a pipe: a relayed copy of `track` fed from the returned UDP port. */
  async openRelay(roomId: string, track: TTrackInfo): Promise<{ port: number }> {
    const room = this.room(roomId);
    const key = `${roomId}|${track.trackId}`;
    const existing = this.pipeReceivers.get(key);
    if (existing) return { port: existing.port };
    const receiver = await PipeReceiver.open(this.network.listenIp, () => room.tracks.get(track.trackId));
    this.pipeReceivers.set(key, receiver);
    room.addRelayTrack(track, () => receiver.requestKeyFrame());
    return { port: receiver.port };
  }

  closeRelay(roomId: string, trackId: string): void {
    const key = `${roomId}|${trackId}`;
    const receiver = this.pipeReceivers.get(key);
    if (receiver) this.closePipe(this.pipeReceivers, key, receiver);
    this.rooms.get(roomId)?.removeRelayTrack(trackId);
  }

  /** Origin side of a pipe: send `trackId`'s packets to an edge worker's relay port. */
  async pipeTo(roomId: string, trackId: string, host: string, port: number): Promise<void> {
    const room = this.room(roomId);
    const key = `${roomId}|${trackId}|${host}:${port}`;
    if (this.pipeSenders.has(key)) return;
    const track = room.tracks.get(trackId);
    if (!track) throw new MediaError(MediaErrorCode.TRACK_NOT_FOUND, `track ${trackId} is not in room ${roomId}`, { roomId, trackId });
    const sender = await PipeSender.open(this.network.listenIp, host, port, track);
    this.pipeSenders.set(key, sender);
    room.relayOutlet(trackId, sender);
    track.requestKeyFrame();
  }

  /** Stops every pipe of a room to one edge (the edge's worker died). */
  unpipe(roomId: string, host: string, port?: number): void {
    for (const [key, sender] of this.pipeSenders) {
      if (key.startsWith(`${roomId}|`) && sender.host === host && (port === undefined || sender.port === port)) {
        this.rooms.get(roomId)?.tracks.get(key.split('|')[1]!)?.removeOutlet(sender);
        this.closePipe(this.pipeSenders, key, sender);
      }
    }
  }

  private closePipe<P extends { close(): void }>(map: Map<string, P>, key: string, pipe: P): void {
    map.delete(key);
    pipe.close();
  }

  trackOpened(trackId: string, roomId: string): void {
    this.trackRooms.set(trackId, roomId);
  }

  trackClosed(trackId: string): void {
    this.trackRooms.delete(trackId);
    for (const [key, sender] of this.pipeSenders) {
      if (key.split('|')[1] === trackId) this.closePipe(this.pipeSenders, key, sender);
    }
  }

  roomOf(trackId: string): string | undefined {
    return this.trackRooms.get(trackId);
  }

  /** resetDelays: start a new delay window after reading this one (a bench's next step). */
  stats(resetDelays = false): SfuStats {
    const totals = { participants: 0, peerConnections: 0, transceivers: 0, tracks: 0, outlets: 0, timers: 0 };
    for (const room of this.rooms.values()) {
      const s = room.stats();
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += s[key];
    }
    const forwardDelayMs = this.delays ? { p50: this.delays.quantile(0.5), p99: this.delays.quantile(0.99), samples: this.delays.samples } : undefined;
    if (resetDelays) this.delays?.reset();
    return { rooms: this.rooms.size, ...totals, pipes: this.pipeSenders.size + this.pipeReceivers.size, forwardDelayMs };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.rooms.keys()].map((id) => this.closeRoom(id)));
  }
}
