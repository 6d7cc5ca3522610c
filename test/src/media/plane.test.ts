import { type MediaApi, MediaErrorCode, type MediaEvents, MediaPlane } from '@bidhall/media';
import { Harness, type TestClient, waitFor } from '@bidhall/media/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The media plane as the server runs it: SFU workers in child processes, a broadcast room spread
 * over two of them through an RTP pipe, bad input refused by the workers, a killed worker replaced.
 */
let plane: MediaPlane;
let harness: Harness;
const events: { [E in keyof MediaEvents]?: MediaEvents[E][0][] } = {};

const seen = <E extends keyof MediaEvents>(event: E): MediaEvents[E][0][] => {
  if (!events[event]) {
    const list: MediaEvents[E][0][] = [];
    (events as Record<string, unknown[]>)[event] = list;
    (plane.on as (e: E, l: (p: MediaEvents[E][0]) => void) => void)(event, (payload) => list.push(payload));
  }
  return events[event] as MediaEvents[E][0][];
};

beforeAll(async () => {
  plane = (await MediaPlane.start({
    workers: 2,
    subscribersPerWorker: 2,
    timeouts: { answerMs: 1500 },
    authorize: ({ participantId }) => !participantId.startsWith('intruder'),
  })) satisfies MediaApi;
  harness = new Harness(plane);
  for (const event of ['rejoin', 'workerRestarted', 'participantLeft', 'trackPublished'] as const) seen(event);
});

afterAll(async () => {
  await plane?.close();
  await harness?.close();
});

const usage = async () => Object.fromEntries((await plane.stats()).map((s) => [s.workerId, s]));

describe('media plane across worker processes', () => {
  it('spreads a broadcast audience over two workers and every subscriber receives the publisher', async () => {
    await plane.openRoom({ roomId: 'hall-1', kind: 'broadcast' });
    await harness.join('hall-1', 'host', { publish: ['video', 'audio'] });
    expect(await waitFor(() => seen('trackPublished').filter((t) => t.roomId === 'hall-1').length === 2, 5000)).toBe(true);
    const viewers: TestClient[] = [];
    for (let i = 0; i < 4; i++) viewers.push(await harness.join('hall-1', `viewer-${i}`));
    const workers = new Set(viewers.map((_, i) => plane.workerOf('hall-1', `viewer-${i}`)?.workerId));
    expect(workers.size).toBe(2);
    const allReceive = () => viewers.every((v) => v.received.length === 2 && v.received.every((t) => t.packets > 20) && v.received.some((t) => t.keyFrames > 0));
    expect(await waitFor(allReceive, 10_000)).toBe(true);
    const stats = await usage();
    expect(stats[0]!.pipes + stats[1]!.pipes).toBe(4);
  });

  it('refuses unauthorized joins and bad input with codes, without harming the worker', async () => {
    const pids = plane.workerPids();
    await expect(plane.join({ roomId: 'hall-1', participantId: 'intruder-1', role: 'subscriber' })).rejects.toMatchObject({ code: MediaErrorCode.UNAUTHORIZED });
    await expect(plane.join({ roomId: 'hall-1', participantId: 'viewer-0', role: 'subscriber' })).rejects.toMatchObject({ code: MediaErrorCode.ALREADY_JOINED });
    await expect(plane.addCandidate({ roomId: 'hall-1', participantId: 'ghost', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' } })).rejects.toMatchObject({
      code: MediaErrorCode.PARTICIPANT_NOT_FOUND,
    });
    await plane.openRoom({ roomId: 'hall-2', kind: 'broadcast' });
    await harness.join('hall-2', 'viewer-x', { autoSubscribe: false });
    const trackInHall1 = seen('trackPublished').find((t) => t.roomId === 'hall-1')!.trackId;
    await expect(plane.subscribe({ roomId: 'hall-2', participantId: 'viewer-x', trackId: trackInHall1 })).rejects.toMatchObject({ code: MediaErrorCode.TRACK_IN_OTHER_ROOM });

    const pending = await plane.join({ roomId: 'hall-2', participantId: 'half-open', role: 'subscriber' });
    await expect(plane.answer({ roomId: 'hall-2', participantId: 'half-open', answer: { type: 'answer', sdp: 'v=0\r\nnonsense' } })).rejects.toMatchObject({
      code: MediaErrorCode.INVALID_SDP,
    });
    await expect(plane.answer({ roomId: 'hall-2', participantId: 'half-open', answer: { type: 'answer', sdp: pending.offer.sdp.replace('a=setup:actpass', 'a=setup:bogus') } })).rejects.toMatchObject({
      code: MediaErrorCode.INVALID_SDP,
    });
    // Never answered: timed out and removed with a code.
    expect(await waitFor(() => seen('participantLeft').some((l) => l.participantId === 'half-open'), 5000)).toBe(true);
    expect(seen('participantLeft').find((l) => l.participantId === 'half-open')).toMatchObject({ reason: 'answer-timeout', code: MediaErrorCode.NEGOTIATION_TIMEOUT });
    expect(plane.workerPids()).toEqual(pids);
  });

  it('frees everything in the worker when participants leave', async () => {
    const { workerId: room3Worker } = await plane.openRoom({ roomId: 'hall-3', kind: 'broadcast' });
    const before = await usage();
    await harness.join('hall-3', 'p', { publish: ['video'] });
    const s = await harness.join('hall-3', 's');
    expect(await waitFor(() => (s.received[0]?.packets ?? 0) > 0, 5000)).toBe(true);
    const during = await usage();
    expect(during[room3Worker]!.peerConnections).toBe(before[room3Worker]!.peerConnections + 2);
    await plane.leave({ roomId: 'hall-3', participantId: 's' });
    await plane.leave({ roomId: 'hall-3', participantId: 'p' });
    const settled = await waitFor(async () => {
      const after = (await usage())[room3Worker]!;
      return after.peerConnections === before[room3Worker]!.peerConnections && (after.handles.UDPWrap ?? 0) === (before[room3Worker]!.handles.UDPWrap ?? 0);
    }, 3000);
    expect(settled).toBe(true);
    const after = (await usage())[room3Worker]!;
    expect(after).toMatchObject({ transceivers: before[room3Worker]!.transceivers, outlets: before[room3Worker]!.outlets, timers: before[room3Worker]!.timers });
  });

  it('restarts a crashed worker and tells its participants to rejoin', async () => {
    const origin = plane.workerOf('hall-1', 'host')!;
    process.kill(origin.pid!, 'SIGKILL');
    expect(await waitFor(() => seen('workerRestarted').length === 1, 10_000)).toBe(true);
    expect(seen('workerRestarted')[0]).toMatchObject({ workerId: origin.workerId, signal: 'SIGKILL' });
    expect(plane.workerPids()).not.toContain(origin.pid);
    const rejoin = seen('rejoin').find((r) => r.roomId === 'hall-1')!;
    expect(rejoin.participantIds.sort()).toEqual(['host', 'viewer-0', 'viewer-1', 'viewer-2', 'viewer-3']);
    // The edge's participants were moved out quietly: they are told to rejoin, not that they left.
    expect(seen('participantLeft').filter((l) => l.roomId === 'hall-1')).toEqual([]);

    for (const id of rejoin.participantIds) await harness.clients.get(`hall-1|${id}`)?.close();
    harness.clients.clear();
    await harness.join('hall-1', 'host', { publish: ['video'] });
    const back = await harness.join('hall-1', 'viewer-0');
    expect(await waitFor(() => (back.received[0]?.keyFrames ?? 0) > 0, 10_000)).toBe(true);
  });
});
