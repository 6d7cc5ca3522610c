import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ClientToServerEvents, ServerToClientEvents } from '@bidhall/contracts';
import { MediaPlane } from '@bidhall/media';
import { TestClient, waitFor } from '@bidhall/media/testing';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { createHttpServer, type RunningServer } from '../../server';
import { bearerFor, createBiddingSection, createTestServices, createTestUser, type TestServices } from '../../testing';
import { createTestDir } from '@bidhall/db/testing';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Ack = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string } };

let s: TestServices;
let plane: MediaPlane;
let server: RunningServer;
let url: string;
let recordingDir: string;
const sockets: Client[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  recordingDir = await createTestDir('recordings');
  plane = await MediaPlane.start({ workers: 1, recordingDir });
  s = await createTestServices({ media: plane });
  server = createHttpServer(s);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.close?.();
  for (const socket of sockets) socket.disconnect();
  await server.close(500);
  await plane.close();
  await s.close();
  await rm(recordingDir, { recursive: true, force: true });
});

type Person = { user: Parameters<typeof bearerFor>[1] };

/**
 * A signed-in socket with a werift peer that answers every offer the server sends it; of the
 * browser tab `tab` when given, and connecting again by itself with `reconnect`.
 */
async function peer(person: Person, { tab, reconnect = false }: { tab?: string; reconnect?: boolean } = {}) {
  const token = bearerFor(s, person.user).authorization.slice(7);
  const socket: Client = connect(url, { transports: ['websocket'], reconnection: reconnect, reconnectionDelay: 50, auth: { token, ...(tab ? { tab } : {}) } });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const media = new TestClient();
  clients.push(media);
  const call = (event: string, payload: unknown) =>
    (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<Ack> } }).timeout(15_000).emitWithAck(event, payload);
  socket.on('media:offer', ({ roomId, offer }) => {
    void media.answer(offer).then((answer) => call('media:answer', { roomId, answer }));
  });
  const join = async (roomId: string, publish?: ('audio' | 'video')[]) => {
    const ack = await call('media:join', { roomId, ...(publish ? { publish } : {}) });
    if (!ack.ok) return ack;
    const answer = await media.answer(ack.data.offer as { type: 'offer'; sdp: string });
    const answered = await call('media:answer', { roomId, answer });
    if (!answered.ok) throw new Error(`answer refused: ${answered.error.code}`);
    return ack;
  };
  return { socket, media, call, join };
}

const videoPackets = (c: TestClient) => c.received.filter((t) => t.kind === 'video').reduce((n, t) => n + t.packets, 0);

describe('media signalling over the socket', () => {
  it('lets the host broadcast to the opening hall and refuses strangers', async () => {
    const { section, agency } = await createBiddingSection(s);
    const room = `opening:${section.id}`;
    const host = await peer(agency);
    const bidder = await peer(await createTestUser(s, { role: 'BIDDER' }));
    const stranger = await peer(await createTestUser(s, { role: 'AGENCY' }));

    const hosted = await host.join(room, ['video']);
    expect(hosted).toMatchObject({ ok: true, data: { role: 'both' } });
    host.media.startSending(['video']);
    const announced: unknown[] = [];
    bidder.socket.on('media:track', (track) => announced.push(track));
    const watching = await bidder.join(room);
    expect(watching).toMatchObject({ ok: true, data: { role: 'subscriber' } });
    expect(await waitFor(() => videoPackets(bidder.media) > 20, 10_000)).toBe(true);
    // Whether the track went live before or after the bidder joined, it is labelled with the host's name.
    const tracks = [...(watching.ok ? (watching.data.tracks as unknown[]) : []), ...announced];
    expect(tracks).toContainEqual(expect.objectContaining({ participantId: agency.user.id, displayName: agency.user.displayName, kind: 'video' }));

    expect(await bidder.call('media:publish', { roomId: room, kinds: ['video'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await stranger.call('media:join', { roomId: room })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await bidder.call('media:join', { roomId: room })).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
    expect(await stranger.call('media:answer', { roomId: room, answer: { type: 'answer', sdp: 'v=0' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await bidder.call('media:join', { roomId: 'lobby' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await bidder.call('media:answer', { roomId: room, answer: { type: 'answer', sdp: 'garbage' } })).toMatchObject({ ok: false });
    expect(await host.call('media:leave', { roomId: room })).toMatchObject({ ok: true });
  }, 60_000);

  it('leaves nothing behind of a join whose connection dropped before it finished', async () => {
    const { section, agency } = await createBiddingSection(s);
    const room = `opening:${section.id}`;
    const host = await peer(agency);
    // The plane tells when the participant the dropped join made is taken out again.
    const left = new Promise<void>((resolve) => {
      const onLeft = (e: { roomId: string; participantId: string }) => {
        if (e.roomId !== room || e.participantId !== agency.user.id) return;
        plane.off('participantLeft', onLeft);
        resolve();
      };
      plane.on('participantLeft', onLeft);
    });
    void host.call('media:join', { roomId: room, publish: ['video'] }).catch(() => null);
    host.socket.disconnect();
    await left;
    expect(plane.workerOf(room, agency.user.id)).toBeUndefined();
    // The user can join again, from a new connection, as if the first join had never been.
    expect(await (await peer(agency)).join(room, ['video'])).toMatchObject({ ok: true, data: { role: 'both' } });
  }, 60_000);

  it('gives a tab that connects again its place in the room at once, and still refuses another tab', async () => {
    const { section, agency } = await createBiddingSection(s);
    const room = `opening:${section.id}`;
    const tab = randomUUID();
    const before = await peer(agency, { tab });
    expect(await before.join(room, ['video', 'audio'])).toMatchObject({ ok: true });
    before.media.startSending(['video', 'audio']);
    const bidder = await peer(await createTestUser(s, { role: 'BIDDER' }));
    expect(await bidder.join(room)).toMatchObject({ ok: true });
    expect(await waitFor(() => videoPackets(bidder.media) > 20, 10_000)).toBe(true);
    expect(await (await peer(agency, { tab: randomUUID() })).call('media:join', { roomId: room })).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });

    // The host's network drops unseen by the server, and its tab connects again: it broadcasts
    // again at once (its recording being finished meanwhile), not when the heartbeat gives up.
    const closed = new Promise((resolve) => before.socket.once('disconnect', resolve));
    const after = await peer(agency, { tab });
    expect(await after.join(room, ['video', 'audio'])).toMatchObject({ ok: true, data: { role: 'both' } });
    expect(await closed).toBe('io server disconnect');
    after.media.startSending(['video', 'audio']);
    const received = videoPackets(bidder.media);
    expect(await waitFor(() => videoPackets(bidder.media) > received + 20, 10_000)).toBe(true);
  }, 60_000);

  it('sends a recovered connection nothing of the media room it was in, as its session there ended with the old connection', async () => {
    const { section, agency } = await createBiddingSection(s);
    const room = `opening:${section.id}`;
    const host = await peer(agency);
    expect(await host.join(room, ['video'])).toMatchObject({ ok: true });
    host.media.startSending(['video']);
    const watching = await createTestUser(s, { role: 'BIDDER' });
    const bidder = await peer(watching, { reconnect: true });
    // The room's broadcasts carry the offsets a recovery resumes from.
    const announced = new Promise((resolve) => bidder.socket.once('media:track', resolve));
    const joined = await bidder.join(room);
    if (!(joined.ok && (joined.data.tracks as unknown[]).length > 0)) await announced;
    const left: { participantId: string }[] = [];
    bidder.socket.on('media:left', (info) => left.push(info));

    // The transport drops: the server keeps the connection's state, and the client recovers it.
    const recovered = new Promise<void>((resolve) => bidder.socket.once('connect', resolve));
    bidder.socket.io.engine.close();
    await recovered;
    expect(bidder.socket.recovered).toBe(true);
    // Joining again waits for the old session's end, which the recovered connection is not told of.
    expect(await bidder.call('media:join', { roomId: room })).toMatchObject({ ok: true });
    expect(left).toEqual([]);
    expect(await bidder.call('media:leave', { roomId: room })).toMatchObject({ ok: true });
  }, 60_000);

  it('seats only committee experts in the evaluation room, records them and files the recording in the audit chain', async () => {
    const { section, agency } = await createBiddingSection(s);
    const room = `evaluation:${section.id}`;
    const [a, b, outsider] = await Promise.all([1, 2, 3].map(() => createTestUser(s, { role: 'EXPERT' })));
    const admin = await createTestUser(s, { role: 'ADMIN' });
    const app = createApp(s);
    expect((await request(app).get('/api/media/config').set(bearerFor(s, a!.user))).body).toEqual({ enabled: true, iceServers: [] });
    const seated = await request(app).put(`/api/sections/${section.id}/committee`).set(bearerFor(s, admin!.user)).send({ expertUserIds: [a!.user.id, b!.user.id] });
    expect(seated.body.members).toHaveLength(2);
    expect((await request(app).put(`/api/sections/${section.id}/committee`).set(bearerFor(s, admin!.user)).send({ expertUserIds: [admin!.user.id] })).body.error.code).toBe('NOT_FOUND');

    const [pa, pb, po] = await Promise.all([peer(a!), peer(b!), peer(outsider!)]);
    expect(await po.join(room)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // The evaluation is the committee's: the section's agency and bidders are refused whatever the section.
    for (const person of [agency, await createTestUser(s, { role: 'BIDDER' })]) {
      expect(await (await peer(person)).call('media:join', { roomId: room })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await pa.join(room, ['video'])).toMatchObject({ ok: true, data: { role: 'both' } });
    expect(await pb.join(room, ['video'])).toMatchObject({ ok: true });
    pa.media.startSending(['video']);
    pb.media.startSending(['video']);
    expect(await waitFor(() => videoPackets(pa.media) > 20 && videoPackets(pb.media) > 20, 15_000)).toBe(true);

    // Leaving ends the recording; its hash goes into the chain.
    pa.socket.disconnect();
    expect(await waitFor(async () => (await s.prisma.recording.count({ where: { roomId: room } })) > 0, 15_000)).toBe(true);
    const recording = (await s.prisma.recording.findMany({ where: { roomId: room } }))[0]!;
    const audit = await s.prisma.auditEvent.findFirstOrThrow({ where: { action: 'media.recording_finished', subjectId: room } });
    expect(audit.data).toMatchObject({ sha256: recording.sha256 });
    expect((await readFile(recording.file)).subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    const supervisor = await createTestUser(s, { role: 'SUPERVISOR' });
    // A supervisor watches the committee and may not go on camera.
    const watcher = await peer(supervisor);
    expect(await watcher.join(room)).toMatchObject({ ok: true, data: { role: 'subscriber' } });
    expect(await watcher.call('media:publish', { roomId: room, kinds: ['video'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const list = await request(app).get(`/api/media/recordings?roomId=${room}`).set(bearerFor(s, supervisor.user));
    expect(list.body.items.map((r: { sha256: string }) => r.sha256)).toContain(recording.sha256);
    const part = await request(app).get(`/api/media/recordings/${recording.id}`).set(bearerFor(s, supervisor.user)).set('range', 'bytes=0-3');
    expect(part.status).toBe(206);
    expect((await request(app).get(`/api/media/recordings?roomId=${room}`).set(bearerFor(s, a!.user))).status).toBe(403);
  }, 90_000);

  it('records the opening hall, ends its video with the opening and lists the recordings with the record', async () => {
    const { section, agency, tenderer } = await createBiddingSection(s);
    const room = `opening:${section.id}`;
    const app = createApp(s);
    const host = await peer(agency);
    const watching = await createTestUser(s, { role: 'BIDDER' });
    const bidder = await peer(watching);
    expect(await host.join(room, ['video', 'audio'])).toMatchObject({ ok: true });
    host.media.startSending(['video', 'audio']);
    expect(await bidder.join(room)).toMatchObject({ ok: true });
    expect(await waitFor(() => videoPackets(bidder.media) > 20, 10_000)).toBe(true);
    // The hall records like an evaluation room: a file grows once both tracks carry media.
    const roomDir = path.join(recordingDir, room.replace(/[^\w.-]/g, '_'));
    const growing = async () => (await readdir(roomDir).catch(() => [])).some((f) => f.endsWith('.webm'));
    expect(await waitFor(growing, 15_000)).toBe(true);
    await waitFor(async () => (await stat(path.join(roomDir, (await readdir(roomDir)).find((f) => f.endsWith('.webm'))!))).size > 1000, 10_000);
    const left: { participantId: string; reason: string }[] = [];
    bidder.socket.on('media:left', (info) => left.push(info));

    // The opening ends (here straight in the database); issuing its record ends the hall's video first.
    await s.prisma.opening.update({ where: { sectionId: section.id }, data: { state: 'CLOSED', closedAt: s.clock.now() } });
    await s.openings.issueRecord(section.id);
    const [recording] = await s.prisma.recording.findMany({ where: { roomId: room } });
    expect(recording).toMatchObject({ participantId: agency.user.id, displayName: agency.user.displayName, kind: 'audio+video' });
    expect(await s.prisma.auditEvent.findFirst({ where: { action: 'media.recording_finished', subjectId: room } })).toMatchObject({ data: expect.objectContaining({ sha256: recording!.sha256 }) });
    // Each one in the hall is told its own session ended with the room, so its page stops trying to rejoin.
    expect(await waitFor(() => left.some((l) => l.participantId === watching.user.id && l.reason === 'room-closed'), 5_000)).toBe(true);

    const html = await request(app).get(`/api/openings/${section.id}/record.html`).set(bearerFor(s, agency.user));
    expect(html.text).toContain(recording!.sha256);
    expect(html.text).toContain(path.basename(recording!.file));
    // Nobody reopens the hall's video once the opening is over.
    expect(await host.call('media:join', { roomId: room, publish: ['video'] })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    // The host and the tenderer may list and play the hall's recordings; another agency finds no opening; bidders may not.
    for (const person of [agency, tenderer]) {
      const list = await request(app).get(`/api/media/recordings?roomId=${room}`).set(bearerFor(s, person.user));
      expect(list.body.items).toEqual([expect.objectContaining({ id: recording!.id, sha256: recording!.sha256, fileName: path.basename(recording!.file), kinds: ['audio', 'video'] })]);
    }
    expect((await request(app).get(`/api/media/recordings/${recording!.id}`).set(bearerFor(s, tenderer.user)).set('range', 'bytes=0-3')).status).toBe(206);
    const otherAgency = await createTestUser(s, { role: 'AGENCY' });
    expect((await request(app).get(`/api/media/recordings?roomId=${room}`).set(bearerFor(s, otherAgency.user))).status).toBe(404);
    expect((await request(app).get(`/api/media/recordings/${recording!.id}`).set(bearerFor(s, otherAgency.user))).status).toBe(404);
    const someBidder = await createTestUser(s, { role: 'BIDDER' });
    expect((await request(app).get(`/api/media/recordings?roomId=${room}`).set(bearerFor(s, someBidder.user))).status).toBe(403);
    // An evaluation's recordings stay the supervisors' and administrators'.
    expect((await request(app).get(`/api/media/recordings?roomId=evaluation:${section.id}`).set(bearerFor(s, agency.user))).status).toBe(403);
  }, 90_000);
});
