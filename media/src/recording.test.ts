import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TRecordingEntry } from './recording';
import { Sfu } from './sfu/sfu';
import { Harness, sleep, waitFor } from './testing/harness';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bidhall-recording-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('records each participant of a conference room to WebM with a manifest and a sha-256', async () => {
  const sfu = new Sfu({ recordingDir: dir });
  const harness = new Harness(sfu);
  const finished: TRecordingEntry[] = [];
  sfu.on('recordingFinished', (entry) => finished.push(entry));
  try {
    expect(sfu.openRoom({ roomId: 'eval-7', kind: 'conference' })).toMatchObject({ recording: true });
    const expert = await harness.join('eval-7', 'expert-1', { role: 'both', publish: ['video', 'audio'], client: { video: { keyFrameInterval: 15 } } });
    await harness.join('eval-7', 'supervisor', { role: 'subscriber' });
    await waitFor(() => sfu.stats().outlets === 2, 5000);
    const recordedFor = 4000;
    await sleep(recordedFor);
    await sfu.leave({ roomId: 'eval-7', participantId: 'expert-1' });
    // Leaving finishes the participant's file before it returns (its tracks going away start that), so a
    // room closed with the opening has every file on record when the close returns.
    expect(finished).toHaveLength(1);

    const entry = finished[0]!;
    expect(entry).toMatchObject({ roomId: 'eval-7', participantId: 'expert-1' });
    expect(entry.tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    expect(entry.tracks.map((t) => t.trackId).sort()).toEqual(expert.joined.published.map((t) => t.trackId).sort());

    const bytes = await readFile(path.join(dir, entry.file));
    expect(bytes.length).toBe(entry.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);

    const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
    expect(await input.getMimeType()).toMatch(/^video\/webm/);
    const tracks = await input.getTracks();
    expect(tracks.map((t) => t.type).sort()).toEqual(['audio', 'video']);
    const video = (await input.getVideoTracks())[0]!;
    expect(video.codec).toBe('vp8');
    expect((await input.getAudioTracks())[0]!.codec).toBe('opus');
    // The file starts at the first key frame once both tracks carry media and the first sender
    // reports have arrived, so it may be a little shorter than the span the manifest gives. It can
    // also run a little past it: media time comes from the senders' RTP clocks, and on a loaded
    // machine the test's senders stamp frames that are still in flight when the wall-clock span ends.
    const span = (Date.parse(entry.endedAt) - Date.parse(entry.startedAt)) / 1000;
    expect(span).toBeGreaterThanOrEqual(recordedFor / 1000);
    const duration = await input.computeDuration();
    expect(duration).toBeGreaterThan(span - 1.5);
    expect(duration).toBeLessThanOrEqual(span + 0.5);

    const manifest = JSON.parse(await readFile(path.join(dir, 'eval-7', 'manifest.json'), 'utf8')) as { recordings: TRecordingEntry[] };
    expect(manifest.recordings).toEqual([entry]);
  } finally {
    await sfu.close();
    await harness.close();
  }
});
