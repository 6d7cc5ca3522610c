import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { MediaError, MediaErrorCode } from './errors';
import type { MediaEvents } from './events';
import { parseRequest } from './parse';
import {
  type RoomKind,
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
} from './schemas';
import type { AuthorizeHook, SfuOptions, SfuStats } from './sfu/sfu';
import { WorkerHandle } from './worker/handle';
import type { WorkerOptions, WorkerUsage } from './worker/protocol';
import { DEFAULT_ROOM_LIMITS, ZNetworkConfig } from './config';

export interface MediaPlaneOptions extends SfuOptions {
  /** Worker processes; one per core by default. */
  workers?: number;
  /**
   * Subscribers of a broadcast room one worker takes before the room spills onto another worker,
   * fed through a pipe. The default comes from the sfu-forward bench on a 2-core machine.
   */
  subscribersPerWorker?: number;
  /** How long a worker may take to answer a request, in ms. */
  callTimeoutMs?: number;
  /** Start a new worker when one dies (default true). */
  restartWorkers?: boolean;
}

interface Shard {
  worker: WorkerHandle;
  subscribers: number;
  /** Pipe ports on this (edge) shard, by track id. */
  relayPorts: Map<string, number>;
}

interface RoomPlacement {
  roomId: string;
  kind: RoomKind;
  record: boolean | undefined;
  origin: Shard;
  edges: Shard[];
  members: Map<string, Shard>;
  /** Live tracks published on the origin. */
  tracks: Map<string, TTrackInfo>;
}

/**
 * The media plane the server talks to: SFU workers in child processes (one per core), rooms
 * placed on them, broadcast audiences spread over several workers through RTP pipes, and a
 * crashed worker replaced with its participants told to rejoin.
 *
 * Child processes rather than worker_threads: a fault in native code or an exhausted heap takes
 * down one worker's rooms instead of the server, a worker can be killed and restarted without
 * touching the server's event loop, and per-process CPU time is what capacity is measured in.
 */
export class MediaPlane extends EventEmitter<MediaEvents> {
  private readonly workers: WorkerHandle[] = [];
  private readonly rooms = new Map<string, RoomPlacement>();
  private readonly trackRooms = new Map<string, string>();
  /** Participants removed by the plane itself (crash recovery), whose participantLeft is not news. */
  private readonly quiet = new Set<string>();
  private readonly workerOptions: WorkerOptions;
  private readonly authorize: AuthorizeHook | undefined;
  private readonly subscribersPerWorker: number;
  private readonly callTimeoutMs: number;
  private readonly restartWorkers: boolean;
  private readonly pipeHost: string;
  private readonly maxParticipants: Record<RoomKind, number>;
  private closed = false;
  /** Where the workers record; the paths of finished recordings are relative to it. */
  readonly recordingDir: string | undefined;

  private constructor(options: MediaPlaneOptions) {
    super();
    const { workers: _workers, subscribersPerWorker, callTimeoutMs, restartWorkers, authorize, ...sfuOptions } = options;
    this.workerOptions = sfuOptions;
    this.recordingDir = sfuOptions.recordingDir;
    this.authorize = authorize;
    this.subscribersPerWorker = subscribersPerWorker ?? 150;
    this.callTimeoutMs = callTimeoutMs ?? 10_000;
    this.restartWorkers = restartWorkers ?? true;
    const listenIp = ZNetworkConfig.parse(options.network ?? {}).listenIp;
    this.pipeHost = listenIp === '0.0.0.0' ? '127.0.0.1' : listenIp;
    this.maxParticipants = {
      broadcast: options.roomLimits?.broadcast?.maxParticipants ?? DEFAULT_ROOM_LIMITS.broadcast.maxParticipants,
      conference: options.roomLimits?.conference?.maxParticipants ?? DEFAULT_ROOM_LIMITS.conference.maxParticipants,
    };
  }

  static async start(options: MediaPlaneOptions = {}): Promise<MediaPlane> {
    const plane = new MediaPlane(options);
    const count = options.workers ?? availableParallelism();
    for (let id = 0; id < count; id++) plane.workers.push(plane.spawn(id));
    await Promise.all(plane.workers.map((w) => w.ready));
    return plane;
  }

  private spawn(id: number): WorkerHandle {
    return new WorkerHandle(
      id,
      this.workerOptions,
      this.callTimeoutMs,
      (worker, event, payload) => this.onWorkerEvent(worker, event, payload),
      (worker, code, signal) => void this.onWorkerExit(worker, code, signal),
    );
  }

  private ensureOpen(): void {
    if (this.closed) throw new MediaError(MediaErrorCode.CLOSED, 'the media plane is closed');
  }

  private placement(roomId: string): RoomPlacement {
    this.ensureOpen();
    const room = this.rooms.get(roomId);
    if (!room) throw MediaError.roomNotFound(roomId);
    return room;
  }

  private member(roomId: string, participantId: string): Shard {
    const shard = this.placement(roomId).members.get(participantId);
    if (!shard) throw MediaError.participantNotFound(roomId, participantId);
    return shard;
  }

  /** Participants and rooms per worker: where the next room goes. */
  private load(worker: WorkerHandle): number {
    let load = 0;
    for (const room of this.rooms.values()) {
      for (const shard of [room.origin, ...room.edges]) if (shard.worker === worker) load += 1 + shard.subscribers;
    }
    return load;
  }

  private leastLoaded(exclude: WorkerHandle[] = []): WorkerHandle | undefined {
    return this.workers.filter((w) => !w.exited && !exclude.includes(w)).sort((a, b) => this.load(a) - this.load(b))[0];
  }

  async openRoom(input: unknown): Promise<{ roomId: string; kind: RoomKind; recording: boolean; workerId: number }> {
    this.ensureOpen();
    const request = parseRequest(ZOpenRoomRequest, input);
    const existing = this.rooms.get(request.roomId);
    if (existing) {
      if (existing.kind !== request.kind) throw new MediaError(MediaErrorCode.ROOM_KIND_MISMATCH, `room ${request.roomId} is a ${existing.kind} room`, { roomId: request.roomId });
      const opened = await existing.origin.worker.call<{ recording: boolean }>('openRoom', request);
      return { ...request, recording: opened.recording, workerId: existing.origin.worker.id };
    }
    const worker = this.leastLoaded();
    if (!worker) throw new MediaError(MediaErrorCode.WORKER_UNAVAILABLE, 'no media worker is running');
    const room: RoomPlacement = {
      roomId: request.roomId,
      kind: request.kind,
      record: request.record,
      origin: { worker, subscribers: 0, relayPorts: new Map() },
      edges: [],
      members: new Map(),
      tracks: new Map(),
    };
    this.rooms.set(request.roomId, room);
    try {
      const opened = await worker.call<{ recording: boolean }>('openRoom', request);
      return { ...request, recording: opened.recording, workerId: worker.id };
    } catch (error) {
      this.rooms.delete(request.roomId);
      throw error;
    }
  }

  async closeRoom(roomId: string): Promise<void> {
    const room = this.rooms.get(roomId);
    if (!room) return;
    this.rooms.delete(roomId);
    for (const trackId of room.tracks.keys()) this.trackRooms.delete(trackId);
    await Promise.all([room.origin, ...room.edges].map((s) => s.worker.call('closeRoom', roomId).catch(() => undefined)));
  }

  async join(input: unknown): Promise<TJoinResult & { workerId: number }> {
    const request = parseRequest(ZJoinRequest, input);
    const room = this.placement(request.roomId);
    if (room.members.has(request.participantId)) {
      throw new MediaError(MediaErrorCode.ALREADY_JOINED, `participant ${request.participantId} is already in room ${room.roomId}`, {
        roomId: room.roomId,
        participantId: request.participantId,
      });
    }
    // Each worker counts its own shard; the limit is for the room as a whole.
    if (room.members.size >= this.maxParticipants[room.kind]) {
      throw new MediaError(MediaErrorCode.ROOM_FULL, `room ${room.roomId} is full`, { roomId: room.roomId });
    }
    if (this.authorize) {
      const allowed = await this.authorize({ roomId: room.roomId, roomKind: room.kind, participantId: request.participantId, role: request.role });
      if (!allowed) throw new MediaError(MediaErrorCode.UNAUTHORIZED, `participant ${request.participantId} may not join room ${room.roomId}`, { roomId: room.roomId });
    }
    const shard = request.role === 'subscriber' && room.kind === 'broadcast' ? await this.shardForSubscriber(room) : room.origin;
    room.members.set(request.participantId, shard);
    if (request.role === 'subscriber') shard.subscribers++;
    try {
      const result = await shard.worker.call<TJoinResult>('join', request);
      return { ...result, workerId: shard.worker.id };
    } catch (error) {
      if (room.members.get(request.participantId) === shard) this.forget(room, request.participantId);
      throw error;
    }
  }

  /** The origin while it has room, then the first edge with room, then a new edge. */
  private async shardForSubscriber(room: RoomPlacement): Promise<Shard> {
    const open = [room.origin, ...room.edges].find((s) => !s.worker.exited && s.subscribers < this.subscribersPerWorker);
    if (open) return open;
    const worker = this.leastLoaded([room.origin.worker, ...room.edges.map((e) => e.worker)]);
    if (!worker) {
      return [room.origin, ...room.edges].filter((s) => !s.worker.exited).sort((a, b) => a.subscribers - b.subscribers)[0] ?? room.origin;
    }
    const edge: Shard = { worker, subscribers: 0, relayPorts: new Map() };
    room.edges.push(edge);
    await worker.call('openRoom', { roomId: room.roomId, kind: room.kind, record: false });
    await Promise.all([...room.tracks.values()].map((track) => this.pipe(room, edge, track)));
    return edge;
  }

  private async pipe(room: RoomPlacement, edge: Shard, track: TTrackInfo): Promise<void> {
    const { port } = await edge.worker.call<{ port: number }>('openRelay', room.roomId, track);
    edge.relayPorts.set(track.trackId, port);
    await room.origin.worker.call('pipeTo', room.roomId, track.trackId, this.pipeHost, port);
  }

  async answer(input: unknown): Promise<void> {
    const request = parseRequest(ZAnswerRequest, input);
    await this.member(request.roomId, request.participantId).worker.call('answer', request);
  }

  async addCandidate(input: unknown): Promise<void> {
    const request = parseRequest(ZCandidateRequest, input);
    await this.member(request.roomId, request.participantId).worker.call('addCandidate', request);
  }

  async publish(input: unknown): Promise<TTrackInfo[]> {
    const request = parseRequest(ZPublishRequest, input);
    return this.member(request.roomId, request.participantId).worker.call('publish', request);
  }

  async unpublish(input: unknown): Promise<void> {
    const request = parseRequest(ZTrackRequest, input);
    await this.member(request.roomId, request.participantId).worker.call('unpublish', request);
  }

  async subscribe(input: unknown): Promise<void> {
    const request = parseRequest(ZTrackRequest, input);
    const shard = this.member(request.roomId, request.participantId);
    const owner = this.trackRooms.get(request.trackId);
    if (owner !== undefined && owner !== request.roomId) {
      throw new MediaError(MediaErrorCode.TRACK_IN_OTHER_ROOM, `track ${request.trackId} belongs to another room`, { roomId: request.roomId, trackId: request.trackId });
    }
    await shard.worker.call('subscribe', request);
  }

  async unsubscribe(input: unknown): Promise<void> {
    const request = parseRequest(ZTrackRequest, input);
    await this.member(request.roomId, request.participantId).worker.call('unsubscribe', request);
  }

  async requestKeyFrame(input: unknown): Promise<void> {
    const request = parseRequest(ZTrackRequest, input);
    await this.member(request.roomId, request.participantId).worker.call('requestKeyFrame', request);
  }

  async setMuted(input: unknown): Promise<void> {
    const request = parseRequest(ZMuteRequest, input);
    await this.member(request.roomId, request.participantId).worker.call('setMuted', request);
  }

  /** Also what the server calls when a client's socket disconnects for good. */
  async leave(input: unknown): Promise<void> {
    const request = parseRequest(ZParticipantRef, input);
    await this.member(request.roomId, request.participantId).worker.call('leave', request);
  }

  async kick(input: unknown): Promise<void> {
    const request = parseRequest(ZKickRequest, input);
    await this.member(request.roomId, request.participantId).worker.call('kick', request);
  }

  private forget(room: RoomPlacement, participantId: string): void {
    const shard = room.members.get(participantId);
    if (!shard) return;
    room.members.delete(participantId);
    shard.subscribers = Math.max(0, shard.subscribers - 1);
  }

  private onWorkerEvent<E extends keyof MediaEvents>(worker: WorkerHandle, event: E, payload: MediaEvents[E][0]): void {
    const roomId = (payload as { roomId: string }).roomId;
    const room = this.rooms.get(roomId);
    const fromOrigin = room?.origin.worker === worker;
    if (event === 'trackPublished') {
      // Edges announce their relayed copies too; only the origin's announcement is news.
      if (!room || !fromOrigin) return;
      const track = payload as TTrackInfo;
      room.tracks.set(track.trackId, track);
      this.trackRooms.set(track.trackId, roomId);
      for (const edge of room.edges) void this.pipe(room, edge, track).catch(() => undefined);
    } else if (event === 'trackUnpublished') {
      if (!room || !fromOrigin) return;
      const { trackId } = payload as MediaEvents['trackUnpublished'][0];
      room.tracks.delete(trackId);
      this.trackRooms.delete(trackId);
      for (const edge of room.edges) {
        edge.relayPorts.delete(trackId);
        void edge.worker.call('closeRelay', roomId, trackId).catch(() => undefined);
      }
    } else if (event === 'participantLeft') {
      const { participantId } = payload as MediaEvents['participantLeft'][0];
      if (room && room.members.get(participantId)?.worker === worker) this.forget(room, participantId);
      if (this.quiet.delete(`${roomId}|${participantId}`)) return;
    }
    (this.emit as (event: keyof MediaEvents, payload: unknown) => boolean)(event, payload);
  }

  private async onWorkerExit(worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.closed) return;
    const index = this.workers.indexOf(worker);
    const replacement = this.restartWorkers ? this.spawn(worker.id) : undefined;
    if (index >= 0) {
      if (replacement) this.workers[index] = replacement;
      else this.workers.splice(index, 1);
    }
    const reopen: RoomPlacement[] = [];
    for (const room of this.rooms.values()) {
      if (room.origin.worker === worker) {
        // The publishers are gone, so every shard of the room starts again from empty.
        const everyone = [...room.members.keys()];
        for (const edge of room.edges) {
          for (const [participantId, shard] of room.members) if (shard === edge) this.quiet.add(`${room.roomId}|${participantId}`);
          void edge.worker.call('closeRoom', room.roomId).catch(() => undefined);
        }
        for (const trackId of room.tracks.keys()) this.trackRooms.delete(trackId);
        room.tracks.clear();
        room.members.clear();
        room.edges = [];
        room.origin = { worker: replacement ?? worker, subscribers: 0, relayPorts: new Map() };
        reopen.push(room);
        if (everyone.length) this.emit('rejoin', { roomId: room.roomId, participantIds: everyone, reason: 'worker-crashed' });
      } else {
        const edge = room.edges.find((e) => e.worker === worker);
        if (!edge) continue;
        room.edges = room.edges.filter((e) => e !== edge);
        for (const port of edge.relayPorts.values()) void room.origin.worker.call('unpipe', room.roomId, this.pipeHost, port).catch(() => undefined);
        const lost = [...room.members].filter(([, shard]) => shard === edge).map(([id]) => id);
        for (const id of lost) room.members.delete(id);
        if (lost.length) this.emit('rejoin', { roomId: room.roomId, participantIds: lost, reason: 'worker-crashed' });
      }
    }
    if (!replacement) return;
    const pid = await replacement.ready.catch(() => undefined);
    if (pid === undefined) return;
    await Promise.all(reopen.map((room) => replacement.call('openRoom', { roomId: room.roomId, kind: room.kind, record: room.record }).catch(() => undefined)));
    this.emit('workerRestarted', { workerId: worker.id, pid, exitCode: code, signal });
  }

  /** Each worker's process id, room / participant counts and resource use; resetDelays starts a new delay window. */
  async stats(options: { resetDelays?: boolean } = {}): Promise<({ workerId: number } & SfuStats & WorkerUsage)[]> {
    return Promise.all(
      this.workers.map(async (w) => ({
        workerId: w.id,
        ...(await w.call<SfuStats>('stats', options.resetDelays === true)),
        ...(await w.call<WorkerUsage>('usage')),
      })),
    );
  }

  /** Which worker holds a participant (tests and operations). */
  workerOf(roomId: string, participantId: string): { workerId: number; pid: number | undefined } | undefined {
    const shard = this.rooms.get(roomId)?.members.get(participantId);
    return shard ? { workerId: shard.worker.id, pid: shard.worker.pid } : undefined;
  }

  workerPids(): (number | undefined)[] {
    return this.workers.map((w) => w.pid);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rooms.clear();
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}
