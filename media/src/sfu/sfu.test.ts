import { afterEach, describe, expect, it } from 'vitest';
import type { MediaApi } from '../api';
import { MediaErrorCode } from '../errors';
import type { MediaEvents } from '../events';
import { Harness, sleep, waitFor } from '../testing/harness';
import { Sfu, type SfuOptions } from './sfu';

const open: { sfu: Sfu; harness: Harness }[] = [];

function start(options: SfuOptions = {}) {
  const sfu: Sfu = new Sfu(options) satisfies MediaApi;
  const harness = new Harness(sfu);
  open.push({ sfu, harness });
  return { sfu, harness };
}

afterEach(async () => {
  for (const { sfu, harness } of open.splice(0)) {
    await sfu.close();
    await harness.close();
  }
});

const udpHandles = () => process.getActiveResourcesInfo().filter((kind) => kind === 'UDPWrap').length;

const collect = <E extends keyof MediaEvents>(sfu: Sfu, event: E): MediaEvents[E][0][] => {
  const seen: MediaEvents[E][0][] = [];
  (sfu.on as (e: E, l: (p: MediaEvents[E][0]) => void) => void)(event, (payload) => seen.push(payload));
  return seen;
};

const expectCode = async (promise: Promise<unknown> | (() => unknown), code: string) => {
  const run = typeof promise === 'function' ? Promise.resolve().then(promise) : promise;
  await expect(run).rejects.toMatchObject({ code });
};

describe('forwarding', () => {
  it('forwards one publisher to every subscriber', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    await harness.join('hall', 'host', { publish: ['video', 'audio'] });
    const subscribers = await Promise.all([0, 1, 2, 3, 4].map((i) => harness.join('hall', `bidder-${i}`)));
    const allReceive = () =>
      subscribers.every((s) => s.received.length === 2 && s.received.every((t) => t.packets > 20) && s.received.some((t) => t.keyFrames > 0));
    expect(await waitFor(allReceive, 10_000)).toBe(true);
    expect(sfu.stats()).toMatchObject({ participants: 6, peerConnections: 6, outlets: 10 });
  });

  it("writes each subscriber's own MID into forwarded packets", async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'eval', kind: 'conference', record: false });
    // Both publishers send on their first m-line; the viewer receives them on two different ones.
    await harness.join('eval', 'expert-1', { role: 'publisher', publish: ['video'] });
    await harness.join('eval', 'expert-2', { role: 'publisher', publish: ['video'] });
    const viewer = await harness.join('eval', 'supervisor');
    expect(await waitFor(() => viewer.received.length === 2 && viewer.received.every((t) => t.packets > 20), 5000)).toBe(true);
    expect(new Set(viewer.received.map((t) => t.mid)).size).toBe(2);
    expect(viewer.received.map((t) => t.foreignMid)).toEqual([0, 0]);
  });

  it('names the publisher and the track in the msid of each m-line it forwards on', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'eval', kind: 'conference', record: false });
    const expert = await harness.join('eval', 'expert-1', { role: 'publisher', publish: ['video', 'audio'] });
    const viewer = await harness.join('eval', 'supervisor');
    expect(await waitFor(() => viewer.received.length === 2, 5000)).toBe(true);
    const msids = (viewer.pc.remoteDescription?.sdp ?? '').split('\r\n').filter((line) => line.startsWith('a=msid:'));
    expect(msids.sort()).toEqual(expert.joined.published.map((t) => `a=msid:expert-1 ${t.trackId}`).sort());
  });

  it('gives a late joiner a key frame within 2 s, by asking the publisher for one', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    // keyFrameInterval 0: the source sends key frames only when asked (PLI), never on its own.
    const host = await harness.join('hall', 'host', { publish: ['video'], client: { video: { keyFrameInterval: 0 } } });
    await sleep(1500);
    const keyFramesBefore = host.video.keyFramesSent;
    const joinedAt = performance.now();
    const late = await harness.join('hall', 'late');
    expect(await waitFor(() => late.received[0]?.firstKeyFrameAt !== undefined, 2000)).toBe(true);
    expect(late.received[0]!.firstKeyFrameAt! - joinedAt).toBeLessThan(2000);
    expect(host.video.keyFramesSent).toBeGreaterThan(keyFramesBefore);
    // Nothing before the key frame: the first packet forwarded is the key frame's.
    expect(late.received[0]!.firstPacketAt).toBe(late.received[0]!.firstKeyFrameAt);
  });

  it('stops forwarding a muted track and resumes from a key frame', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    const host = await harness.join('hall', 'host', { publish: ['video'] });
    const viewer = await harness.join('hall', 'viewer');
    const muted = collect(sfu, 'trackMuted');
    await waitFor(() => (viewer.received[0]?.packets ?? 0) > 30, 5000);
    const trackId = host.joined.published[0]!.trackId;
    await sfu.setMuted({ roomId: 'hall', participantId: 'host', trackId, muted: true });
    await sleep(200);
    const packetsWhileMuted = viewer.received[0]!.packets;
    const keyFramesBefore = viewer.received[0]!.keyFrames;
    await sleep(600);
    expect(viewer.received[0]!.packets).toBe(packetsWhileMuted);
    await sfu.setMuted({ roomId: 'hall', participantId: 'host', trackId, muted: false });
    expect(await waitFor(() => viewer.received[0]!.keyFrames > keyFramesBefore, 2000)).toBe(true);
    expect(muted.map((m) => m.muted)).toEqual([true, false]);
    await expectCode(() => sfu.setMuted({ roomId: 'hall', participantId: 'viewer', trackId, muted: true }), MediaErrorCode.NOT_TRACK_OWNER);
  });

  it('names the loudest publisher the active speaker and caps publishers with b=AS', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'eval', kind: 'conference', record: false });
    const speakers = collect(sfu, 'activeSpeaker');
    const loud = await harness.join('eval', 'expert-1', { role: 'both', publish: ['audio'], client: { audioLevel: -20 } });
    await harness.join('eval', 'expert-2', { role: 'both', publish: ['audio'], client: { audioLevel: -70 } });
    expect(await waitFor(() => speakers.some((s) => s.participantId === 'expert-1'), 3000)).toBe(true);
    expect(speakers.some((s) => s.participantId === 'expert-2')).toBe(false);
    expect(loud.joined.offer.sdp).toMatch(/m=audio[^]*b=AS:48/);
  });

  it('renegotiates when a track is withdrawn and another published', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    const host = await harness.join('hall', 'host', { publish: ['video'] });
    const viewer = await harness.join('hall', 'viewer');
    expect(await waitFor(() => (viewer.received[0]?.packets ?? 0) > 10, 5000)).toBe(true);
    await sfu.unpublish({ roomId: 'hall', participantId: 'host', trackId: host.joined.published[0]!.trackId });
    await sleep(300);
    const stalled = viewer.received[0]!.packets;
    await sleep(300);
    expect(viewer.received[0]!.packets).toBe(stalled);
    expect(sfu.stats()).toMatchObject({ tracks: 0, outlets: 0 });
    const [again] = await sfu.publish({ roomId: 'hall', participantId: 'host', kinds: ['video'] });
    expect(await waitFor(() => viewer.received.length === 2 && viewer.received[1]!.keyFrames > 0, 5000)).toBe(true);
    expect(sfu.stats()).toMatchObject({ tracks: 1, outlets: 1 });
    expect(again!.trackId).not.toBe(host.joined.published[0]!.trackId);
    expect(harness.errors).toEqual([]);
  });

  it('requests a key frame on demand and for a subscriber PLI', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    const host = await harness.join('hall', 'host', { publish: ['video'] });
    const viewer = await harness.join('hall', 'viewer');
    await waitFor(() => (viewer.received[0]?.keyFrames ?? 0) > 0, 5000);
    await sleep(400);
    const before = host.video.keyFramesSent;
    await sfu.requestKeyFrame({ roomId: 'hall', participantId: 'viewer', trackId: host.joined.published[0]!.trackId });
    expect(await waitFor(() => host.video.keyFramesSent > before, 1000)).toBe(true);
    await sleep(400);
    const beforePli = host.video.keyFramesSent;
    await viewer.sendPli(viewer.received[0]!.mid!);
    expect(await waitFor(() => host.video.keyFramesSent > beforePli, 1000)).toBe(true);
  });
});

describe('retransmission', () => {
  it('resends packets a subscriber NACKs', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    await harness.join('hall', 'host', { publish: ['video'] });
    const viewer = await harness.join('hall', 'viewer', { client: { recordSequence: true } });
    expect(await waitFor(() => (viewer.received[0]?.packets ?? 0) > 60, 5000)).toBe(true);
    const video = viewer.received[0]!;
    const lost = video.sequence.slice(-20, -10);
    await viewer.sendNack(video.mid!, lost);
    expect(await waitFor(() => video.duplicates >= lost.length, 2000)).toBe(true);
  });

  it('sends subscribers sender reports that count what was forwarded', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    await harness.join('hall', 'host', { publish: ['video'] });
    const viewer = await harness.join('hall', 'viewer');
    expect(await waitFor(() => (viewer.received[0]?.senderReports ?? 0) >= 2, 5000)).toBe(true);
    const video = viewer.received[0]!;
    expect(video.reportedPackets).toBeGreaterThan(0);
    expect(video.reportedPackets).toBeLessThanOrEqual(video.packets + 10);
  });
});

describe('cleanup', () => {
  it('frees peer connections, transceivers, timers and sockets on leave, kick and disconnect', async () => {
    await sleep(300);
    const baseline = udpHandles();
    const { sfu, harness } = start({ timeouts: { disconnectedMs: 500 } });
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    const left = collect(sfu, 'participantLeft');
    await harness.join('hall', 'host', { publish: ['video', 'audio'] });
    const a = await harness.join('hall', 'a');
    await harness.join('hall', 'b');
    await harness.join('hall', 'c');
    await waitFor(() => a.received.length === 2 && a.received.every((t) => t.packets > 0), 5000);
    expect(sfu.stats()).toMatchObject({ participants: 4, peerConnections: 4, outlets: 6 });

    await sfu.leave({ roomId: 'hall', participantId: 'a' });
    await sfu.kick({ roomId: 'hall', participantId: 'b', reason: 'seat revoked' });
    // Disconnect: the client vanishes without a word; its DTLS close / ICE failure is noticed.
    await harness.clients.get('hall|c')!.close();
    expect(await waitFor(() => left.some((l) => l.participantId === 'c'), 40_000, 100)).toBe(true);
    expect(left.map((l) => [l.participantId, l.reason])).toEqual([
      ['a', 'left'],
      ['b', 'kicked'],
      ['c', 'disconnected'],
    ]);
    expect(sfu.stats()).toMatchObject({ participants: 1, peerConnections: 1, outlets: 0, timers: 0 });

    await sfu.leave({ roomId: 'hall', participantId: 'host' });
    expect(sfu.stats()).toMatchObject({ participants: 0, peerConnections: 0, transceivers: 0, tracks: 0, outlets: 0, timers: 0 });
    await harness.close();
    await waitFor(() => udpHandles() === baseline, 2000);
    expect(udpHandles()).toBe(baseline);
  }, 60_000);
});

describe('authorization and bad input', () => {
  it('refuses a join the authorization hook refuses, before allocating anything', async () => {
    const { sfu, harness } = start({ authorize: ({ participantId, roomKind }) => roomKind === 'conference' && participantId.startsWith('expert-') });
    sfu.openRoom({ roomId: 'eval', kind: 'conference', record: false });
    await expectCode(harness.join('eval', 'bidder-1'), MediaErrorCode.UNAUTHORIZED);
    await harness.join('eval', 'expert-1', { role: 'both', publish: ['video'] });
    expect(sfu.stats()).toMatchObject({ participants: 1, peerConnections: 1 });
  });

  it('refuses each bad request with a code and keeps serving', async () => {
    const { sfu, harness } = start();
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    sfu.openRoom({ roomId: 'other', kind: 'broadcast' });
    const live = collect(sfu, 'trackPublished');
    const host = await harness.join('hall', 'host', { publish: ['video'] });
    const otherHost = await harness.join('other', 'other-host', { publish: ['video'] });
    const viewer = await harness.join('other', 'viewer', { autoSubscribe: false });
    expect(await waitFor(() => live.length === 2, 5000)).toBe(true);

    await expectCode(() => sfu.openRoom({ roomId: 'hall', kind: 'conference' }), MediaErrorCode.ROOM_KIND_MISMATCH);
    await expectCode(sfu.join({ roomId: 'hall', participantId: 'host', role: 'publisher' }), MediaErrorCode.ALREADY_JOINED);
    await expectCode(sfu.join({ roomId: 'nowhere', participantId: 'x', role: 'subscriber' }), MediaErrorCode.ROOM_NOT_FOUND);
    await expectCode(sfu.join({ roomId: 'hall', participantId: 'bad id!', role: 'subscriber' }), MediaErrorCode.INVALID_PAYLOAD);
    await expectCode(sfu.join({ roomId: 'hall', participantId: 'x', role: 'subscriber', publish: ['video'] }), MediaErrorCode.ROLE_FORBIDS);
    await expectCode(
      sfu.addCandidate({ roomId: 'hall', participantId: 'ghost', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' } }),
      MediaErrorCode.PARTICIPANT_NOT_FOUND,
    );
    await expectCode(
      sfu.answer({ roomId: 'hall', participantId: 'host', answer: { type: 'answer', sdp: 'v=0\r\nthis is not sdp' } }),
      MediaErrorCode.NO_PENDING_OFFER,
    );
    await expectCode(() => sfu.subscribe({ roomId: 'other', participantId: 'viewer', trackId: host.joined.published[0]!.trackId }), MediaErrorCode.TRACK_IN_OTHER_ROOM);
    await expectCode(() => sfu.subscribe({ roomId: 'other', participantId: 'viewer', trackId: 't-unknown' }), MediaErrorCode.TRACK_NOT_FOUND);
    await expectCode(() => sfu.publish({ roomId: 'other', participantId: 'viewer', kinds: ['video'] }), MediaErrorCode.ROLE_FORBIDS);

    // Malformed SDP while an offer waits: refused, and the same offer can still be answered properly.
    const joined = await sfu.join({ roomId: 'hall', participantId: 'fresh', role: 'subscriber' });
    for (const sdp of ['garbage', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n', joined.offer.sdp.replace(/a=fingerprint:[^\r]+\r\n/g, '')]) {
      await expectCode(sfu.answer({ roomId: 'hall', participantId: 'fresh', answer: { type: 'answer', sdp } }), MediaErrorCode.INVALID_SDP);
    }
    expect(viewer.received).toEqual([]);
    await sfu.subscribe({ roomId: 'other', participantId: 'viewer', trackId: otherHost.joined.published[0]!.trackId });
    expect(await waitFor(() => (viewer.received[0]?.packets ?? 0) > 0, 5000)).toBe(true);
  });

  it('removes a subscriber that never answers, with a code', async () => {
    const { sfu, harness } = start({ timeouts: { answerMs: 400 } });
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    const left = collect(sfu, 'participantLeft');
    await harness.join('hall', 'mute-client', { silent: true });
    expect(await waitFor(() => left.length === 1, 3000)).toBe(true);
    expect(left[0]).toMatchObject({ participantId: 'mute-client', reason: 'answer-timeout', code: MediaErrorCode.NEGOTIATION_TIMEOUT });
    expect(sfu.stats()).toMatchObject({ participants: 0, peerConnections: 0, timers: 0 });
  });

  it('withdraws a published track that never carries media, with a code', async () => {
    const { sfu, harness } = start({ timeouts: { firstMediaMs: 500 } });
    sfu.openRoom({ roomId: 'hall', kind: 'broadcast' });
    const gone = collect(sfu, 'trackUnpublished');
    const published = collect(sfu, 'trackPublished');
    const host = await harness.join('hall', 'host', { publish: ['video'], send: false });
    expect(await waitFor(() => gone.length === 1, 3000)).toBe(true);
    expect(gone[0]).toMatchObject({ participantId: 'host', trackId: host.joined.published[0]!.trackId, reason: 'no-media', code: MediaErrorCode.NO_MEDIA });
    expect(published).toEqual([]);
    expect(sfu.stats()).toMatchObject({ participants: 1, tracks: 0, timers: 0 });
  });
});
