import path from 'node:path';
import type { PrismaClient } from '@bidhall/db';
import type { MediaPlane, TRecordingEntry } from '@bidhall/media';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { appendAudit } from '../audit/audit-log';

interface ArchiveDeps {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
}

/** Files a finished recording and puts its hash into the audit chain, so no one can swap the file later unseen. */
export async function recordRecording(deps: Pick<ArchiveDeps, 'prisma' | 'clock'>, recordingDir: string, entry: TRecordingEntry): Promise<void> {
  const now = deps.clock.now();
  await deps.prisma.$transaction(async (tx) => {
    const recording = await tx.recording.create({
      data: {
        roomId: entry.roomId,
        participantId: entry.participantId,
        displayName: entry.displayName ?? null,
        kind: entry.tracks.map((t) => t.kind).sort().join('+'),
        file: path.resolve(recordingDir, entry.file),
        startedAt: new Date(entry.startedAt),
        endedAt: new Date(entry.endedAt),
        bytes: BigInt(entry.bytes),
        sha256: entry.sha256,
      },
    });
    await appendAudit(
      tx,
      {
        actor: null,
        action: 'media.recording_finished',
        subjectType: 'media_room',
        subjectId: entry.roomId,
        data: { recordingId: recording.id, participantId: entry.participantId, sha256: entry.sha256, bytes: entry.bytes, startedAt: entry.startedAt, endedAt: entry.endedAt },
      },
      now,
    );
  });
}

export interface RecordingArchive {
  /** Closes a room of this node's plane: everyone leaves, its recordings finish, and this resolves once they are filed. */
  closeRoom(roomId: string): Promise<void>;
}

/**
 * Files every recording the plane finishes (one listener per plane, whatever the number of socket
 * gateways), keeping track of the filings under way per room so a room can be ended with its
 * recordings on file — the opening record lists the hall's. The plane reports a room's last files
 * before its closeRoom call returns, so they are among those awaited.
 */
export function createRecordingArchive(deps: ArchiveDeps, plane: MediaPlane): RecordingArchive {
  const filing = new Map<string, Set<Promise<void>>>();
  plane.on('recordingFinished', (entry) => {
    // Only a plane with a recording directory records.
    const job = recordRecording(deps, plane.recordingDir!, entry).catch((error: unknown) => deps.logger.error({ err: error, roomId: entry.roomId }, 'recording could not be filed'));
    const jobs = filing.get(entry.roomId) ?? new Set();
    filing.set(entry.roomId, jobs.add(job));
    void job.finally(() => {
      jobs.delete(job);
      if (jobs.size === 0 && filing.get(entry.roomId) === jobs) filing.delete(entry.roomId);
    });
  });
  return {
    async closeRoom(roomId) {
      await plane.closeRoom(roomId);
      await Promise.all(filing.get(roomId) ?? []);
    },
  };
}
