import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MediaRecorder } from 'werift/nonstandard';
import type { MediaKind } from './schemas';
import type { PublishedTrack } from './sfu/published-track';

/** One finished WebM file, as listed in the room's manifest.json and reported for the audit chain. */
export interface TRecordingEntry {
  roomId: string;
  participantId: string;
  displayName?: string;
  /** Path relative to the recording directory, with forward slashes. */
  file: string;
  tracks: { trackId: string; kind: MediaKind }[];
  startedAt: string;
  endedAt: string;
  bytes: number;
  sha256: string;
}

interface Group {
  participantId: string;
  displayName: string | undefined;
  tracks: PublishedTrack[];
  recorder?: MediaRecorder;
  file?: string;
  startedAt?: Date;
  starting?: Promise<void>;
  stopping?: Promise<void>;
}

const safe = (id: string) => id.replace(/[^\w.-]/g, '_');

export const sha256File = (file: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });

/**
 * Records a room per participant: the tracks a participant publishes together (its camera and
 * microphone) go into one WebM once all of them carry media; a later publish starts another file.
 */
export class RoomRecorder {
  private readonly groups: Group[] = [];
  /** Groups whose file is being finished (a track went away), so a participant's removal can wait for them too. */
  private readonly stopping = new Set<Group>();
  private manifestWrite: Promise<void> = Promise.resolve();
  private readonly roomDir: string;

  constructor(
    private readonly recordingDir: string,
    private readonly roomId: string,
    private readonly finished: (entry: TRecordingEntry) => void,
  ) {
    this.roomDir = path.join(recordingDir, safe(roomId));
  }

  addGroup(participantId: string, displayName: string | undefined, tracks: PublishedTrack[]): void {
    this.groups.push({ participantId, displayName, tracks: [...tracks] });
  }

  trackLive(track: PublishedTrack): void {
    const group = this.groups.find((g) => g.tracks.includes(track));
    if (group) this.startIfReady(group);
  }

  /** A track stopped: finish its file, or record the rest of its group without it. */
  async trackGone(track: PublishedTrack): Promise<void> {
    const group = this.groups.find((g) => g.tracks.includes(track));
    if (!group) return;
    if (group.recorder) return this.stop(group);
    group.tracks = group.tracks.filter((t) => t !== track);
    if (group.tracks.length === 0) this.groups.splice(this.groups.indexOf(group), 1);
    else this.startIfReady(group);
  }

  /** Finishes the participant's files, including those already finishing because a track went away. */
  async stopParticipant(participantId: string): Promise<void> {
    await Promise.all([...this.groups, ...this.stopping].filter((g) => g.participantId === participantId).map((g) => this.stop(g)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.groups, ...this.stopping].map((g) => this.stop(g)));
    await this.manifestWrite;
  }

  private startIfReady(group: Group): void {
    if (group.recorder || !group.tracks.every((t) => t.live && t.sourceTrack)) return;
    const startedAt = new Date();
    const file = `${safe(this.roomId)}/${safe(group.participantId)}-${startedAt.getTime()}-${group.tracks.map((t) => t.info.kind).join('+')}.webm`;
    const recorder = new MediaRecorder({ path: path.join(this.recordingDir, file), numOfTracks: group.tracks.length, width: 640, height: 360 });
    group.recorder = recorder;
    group.file = file;
    group.startedAt = startedAt;
    group.starting = mkdir(this.roomDir, { recursive: true }).then(async () => {
      for (const track of group.tracks) await recorder.addTrack(track.sourceTrack!);
    });
  }

  private stop(group: Group): Promise<void> {
    if (group.stopping) return group.stopping;
    this.stopping.add(group);
    group.stopping = (async () => {
      const index = this.groups.indexOf(group);
      if (index >= 0) this.groups.splice(index, 1);
      const { recorder, file, startedAt } = group;
      if (!recorder || !file || !startedAt) return;
      await group.starting;
      await recorder.stop();
      const absolute = path.join(this.recordingDir, file);
      const info = await stat(absolute).catch(() => undefined);
      if (!info || info.size === 0) return;
      const entry: TRecordingEntry = {
        roomId: this.roomId,
        participantId: group.participantId,
        ...(group.displayName === undefined ? {} : { displayName: group.displayName }),
        file,
        tracks: group.tracks.map((t) => ({ trackId: t.info.trackId, kind: t.info.kind })),
        startedAt: startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        bytes: info.size,
        sha256: await sha256File(absolute),
      };
      await this.appendToManifest(entry);
      this.finished(entry);
    })().finally(() => this.stopping.delete(group));
    return group.stopping;
  }

  /** manifest.json is rewritten whole through a rename, so a reader never sees half a file. */
  private appendToManifest(entry: TRecordingEntry): Promise<void> {
    const manifest = path.join(this.roomDir, 'manifest.json');
    this.manifestWrite = this.manifestWrite.then(async () => {
      const current = await readFile(manifest, 'utf8').then(
        (text) => JSON.parse(text) as { roomId: string; recordings: TRecordingEntry[] },
        () => ({ roomId: this.roomId, recordings: [] as TRecordingEntry[] }),
      );
      current.recordings.push(entry);
      await writeFile(`${manifest}.tmp`, `${JSON.stringify(current, null, 2)}\n`);
      await rename(`${manifest}.tmp`, manifest);
    });
    return this.manifestWrite;
  }
}
