import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppSocket } from '../realtime/connection';
import { MediaSession } from './media-session';

const roomId = 'evaluation:00000000-0000-4000-8000-000000000001';
const me = 'u-me';
const offer = (n: number) => ({ type: 'offer' as const, sdp: `v=0\r\no=- ${n} 0 IN IP4 127.0.0.1\r\n` });

/** A socket that acknowledges every request (a join with the next offer) and on which the test plays the server's events. */
class FakeSocket {
  connected = true;
  readonly sent: { event: string; payload: Record<string, unknown> }[] = [];
  readonly #handlers = new Map<string, Set<(payload: unknown) => void>>();
  /** Requests of these events wait for the test to release them, in order. */
  readonly hold = new Set<string>();
  readonly held: (() => void)[] = [];
  joins = 0;

  on(event: string, handler: (payload: unknown) => void) {
    if (!this.#handlers.has(event)) this.#handlers.set(event, new Set());
    this.#handlers.get(event)!.add(handler);
  }

  off(event: string, handler: (payload: unknown) => void) {
    this.#handlers.get(event)?.delete(handler);
  }

  listeners(event: string): number {
    return this.#handlers.get(event)?.size ?? 0;
  }

  push(event: string, payload?: unknown) {
    for (const handler of this.#handlers.get(event) ?? []) handler(payload);
  }

  timeout() {
    return {
      emitWithAck: async (event: string, payload: Record<string, unknown>) => {
        this.sent.push({ event, payload });
        const ack =
          event === 'media:join'
            ? { ok: true, data: { offer: offer(++this.joins), iceServers: [], role: 'both', published: [], tracks: [] } }
            : event === 'media:publish'
              ? { ok: true, data: { tracks: (payload.kinds as string[]).map((kind) => ({ trackId: `t-${kind}`, roomId, participantId: me, kind, muted: false })) } }
              : { ok: true, data: {} };
        if (!this.hold.has(event)) return ack;
        return new Promise((resolve) => this.held.push(() => resolve(ack)));
      },
    };
  }

  events(name: string) {
    return this.sent.filter((request) => request.event === name);
  }
}

/** Stands in for the browser's peer connection: applies offers, answers, and reports candidates when told. */
class FakePeerConnection {
  static made: FakePeerConnection[] = [];
  remote: string[] = [];
  localDescription: { type: 'answer'; sdp: string } | null = null;
  closed = false;
  connectionState = 'new';
  ontrack: unknown = null;
  onicecandidate: ((event: { candidate: { candidate: string; toJSON(): object } | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;

  constructor() {
    FakePeerConnection.made.push(this);
  }

  async setRemoteDescription(description: { sdp: string }) {
    this.remote.push(description.sdp);
  }

  getTransceivers() {
    return [];
  }

  async createAnswer() {
    return { type: 'answer' as const, sdp: `answer to ${this.remote.length}` };
  }

  async setLocalDescription(description: { type: 'answer'; sdp: string }) {
    this.localDescription = description;
  }

  close() {
    this.closed = true;
  }

  candidate(text: string) {
    this.onicecandidate?.({ candidate: { candidate: text, toJSON: () => ({ candidate: text, sdpMid: '0', sdpMLineIndex: 0 }) } });
  }

  becomes(state: string) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}

let socket: FakeSocket;
let session: MediaSession;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const last = () => FakePeerConnection.made.at(-1)!;

beforeEach(() => {
  FakePeerConnection.made = [];
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  socket = new FakeSocket();
  session = new MediaSession(socket as unknown as AppSocket, roomId, me);
  session.start();
});

afterEach(() => {
  session.stop();
  vi.unstubAllGlobals();
});

describe('MediaSession', () => {
  it('joins to watch, answers every offer in turn and trickles candidates only after the first answer', async () => {
    socket.hold.add('media:answer');
    await session.join(false);
    await settle();
    expect(socket.events('media:join')[0]?.payload).toEqual({ roomId });
    const pc = last();
    pc.candidate('candidate:1 1 udp 1 127.0.0.1 50000 typ host');
    expect(socket.events('media:answer').map((r) => r.payload)).toEqual([{ roomId, answer: { type: 'answer', sdp: 'answer to 1' } }]);
    expect(socket.events('media:candidate')).toHaveLength(0);
    socket.hold.clear();
    socket.held.shift()!();
    await settle();
    expect(socket.events('media:candidate').map((r) => r.payload)).toEqual([
      { roomId, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null } },
    ]);

    socket.push('media:offer', { roomId, offer: offer(2) });
    socket.push('media:offer', { roomId: 'opening:00000000-0000-4000-8000-000000000002', offer: offer(9) });
    await settle();
    expect(pc.remote).toEqual([offer(1).sdp, offer(2).sdp]);
    expect(socket.events('media:answer')).toHaveLength(2);

    pc.becomes('connected');
    expect(session.getSnapshot().status).toBe('live');
  });

  it('joins again on its own when the media server restarts or the socket reconnects', async () => {
    await session.join(false);
    await settle();
    socket.push('media:rejoin', { roomId });
    await settle();
    expect(FakePeerConnection.made.map((pc) => pc.closed)).toEqual([true, false]);
    socket.push('connect');
    await settle();
    expect(socket.joins).toBe(3);
    expect(FakePeerConnection.made.map((pc) => pc.closed)).toEqual([true, true, false]);
    expect(session.getSnapshot().status).toBe('connecting');
  });

  it('stays out when removed for good, and stops rejoining a room that keeps dropping it', async () => {
    await session.join(false);
    await settle();
    socket.push('media:left', { roomId, participantId: me, reason: 'kicked' });
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', removed: 'kicked' });
    expect(last().closed).toBe(true);

    await session.join(false);
    await settle();
    for (let drop = 0; drop < 3; drop++) {
      socket.push('media:left', { roomId, participantId: me, reason: 'disconnected' });
      await settle();
    }
    expect(session.getSnapshot().status).toBe('connecting');
    socket.push('media:left', { roomId, participantId: me, reason: 'disconnected' });
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', removed: 'disconnected' });
    expect(socket.joins).toBe(5);
  });

  it('closes the session of a join that a leave overtook', async () => {
    socket.hold.add('media:join');
    const joining = session.join(false);
    await settle();
    await session.leave();
    socket.held.shift()!();
    await joining;
    expect(socket.sent.map((request) => request.event)).toEqual(['media:join', 'media:leave', 'media:leave']);
    expect(FakePeerConnection.made).toHaveLength(0);
    expect(session.getSnapshot().status).toBe('idle');
  });

  it('sends a rejoin that overtook a join only once that join is answered and its session left', async () => {
    socket.hold.add('media:join');
    const joining = session.join(false);
    await settle();
    socket.push('media:rejoin', { roomId });
    await settle();
    expect(socket.events('media:join')).toHaveLength(1);
    socket.hold.clear();
    socket.held.shift()!();
    await joining;
    await settle();
    expect(socket.sent.map((request) => request.event)).toEqual(['media:join', 'media:leave', 'media:join', 'media:answer']);
    expect(FakePeerConnection.made).toHaveLength(1);
  });

  it('leaves the room, closes the connection and lets go of the socket when stopped', async () => {
    await session.join(false);
    await settle();
    last().becomes('failed');
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', error: { code: 'CONNECTION_FAILED' } });
    await session.join(false);
    await settle();
    session.stop();
    await settle();
    expect(last().closed).toBe(true);
    expect(socket.events('media:leave')).toHaveLength(2);
    expect(socket.listeners('media:offer') + socket.listeners('connect')).toBe(0);
  });

  it('turns the camera and microphone on while watching, and keeps watching when they cannot be opened', async () => {
    const track = (kind: string) => ({ kind, enabled: true, stopped: false, stop() { this.stopped = true; } });
    const audio = track('audio');
    const video = track('video');
    let allowed = false;
    vi.stubGlobal('navigator', {
      mediaDevices: {
        getUserMedia: async () => {
          if (!allowed) throw new DOMException('denied', 'NotAllowedError');
          return { getAudioTracks: () => [audio], getVideoTracks: () => [video] };
        },
      },
    });
    await session.join(false);
    await settle();
    await session.publish();
    expect(socket.events('media:publish')).toHaveLength(0);

    last().becomes('connected');
    await session.setMuted('audio', true);
    await session.publish();
    expect(session.getSnapshot()).toMatchObject({ status: 'live', error: { code: 'DEVICE_DENIED' }, local: { tracks: {} } });
    expect(socket.events('media:publish')).toHaveLength(0);

    allowed = true;
    await session.publish();
    await settle();
    expect(socket.events('media:publish').map((r) => r.payload)).toEqual([{ roomId, kinds: ['audio', 'video'] }]);
    expect(session.getSnapshot()).toMatchObject({ status: 'live', error: null, local: { tracks: { audio, video } } });
    // Muted before publishing: the room learns it for the new track.
    expect(socket.events('media:mute').map((r) => r.payload)).toContainEqual({ roomId, trackId: 't-audio', muted: true });
    expect(audio.enabled).toBe(false);
    await session.publish();
    expect(socket.events('media:publish')).toHaveLength(1);
  });

  it('does not retry a path that never opened while the platform answered', async () => {
    await session.join(false);
    await settle();
    last().becomes('failed');
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', error: { code: 'CONNECTION_FAILED' } });
    expect(socket.joins).toBe(1);
  });

  it('joins again when the media path fails after it worked, leaving the old session first, three times a minute', async () => {
    await session.join(false);
    await settle();
    for (let failure = 1; failure <= 3; failure++) {
      last().becomes('connected');
      last().becomes('disconnected');
      expect(session.getSnapshot().status).toBe('connecting');
      last().becomes('failed');
      await settle();
      expect(socket.sent.slice(-3).map((r) => r.event)).toEqual(['media:leave', 'media:join', 'media:answer']);
      expect(session.getSnapshot()).toMatchObject({ status: 'connecting', error: null });
    }
    expect(socket.joins).toBe(4);
    expect(FakePeerConnection.made.map((pc) => pc.closed)).toEqual([true, true, true, false]);
    // A fourth failure within the minute: the network keeps dropping, and the user is told so.
    last().becomes('connected');
    last().becomes('failed');
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', error: { code: 'CONNECTION_LOST' } });
  });

  it('waits for the platform when the media fails with the socket, and joins again with the camera once it is back', async () => {
    const track = (kind: string) => ({ kind, enabled: true, stopped: false, stop() { this.stopped = true; } });
    const audio = track('audio');
    const video = track('video');
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: async () => ({ getAudioTracks: () => [audio], getVideoTracks: () => [video] }) } });
    await session.join(true);
    await settle();
    last().becomes('connected');
    socket.connected = false;
    last().becomes('failed');
    expect(session.getSnapshot()).toMatchObject({ status: 'connecting', error: { code: 'SERVER_UNREACHABLE' }, local: { tracks: { audio, video } } });
    expect(last().closed).toBe(true);
    expect(audio.stopped || video.stopped).toBe(false);

    socket.connected = true;
    socket.push('connect');
    await settle();
    expect(socket.events('media:join').map((r) => r.payload)).toEqual([
      { roomId, publish: ['audio', 'video'] },
      { roomId, publish: ['audio', 'video'] },
    ]);
    expect(session.getSnapshot()).toMatchObject({ status: 'connecting', error: null });
    last().becomes('connected');
    expect(session.getSnapshot().status).toBe('live');
  });

  it('sends a join the socket could not carry again once it connects', async () => {
    socket.connected = false;
    await session.join(false);
    expect(session.getSnapshot()).toMatchObject({ status: 'connecting', error: null });
    expect(socket.joins).toBe(0);
    socket.connected = true;
    socket.push('connect');
    await settle();
    expect(socket.joins).toBe(1);
    expect(FakePeerConnection.made).toHaveLength(1);
  });
});
