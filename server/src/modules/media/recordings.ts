import path from 'node:path';
import type { TRecordingEntry } from '@bidhall/media';
import { appendAudit } from '../audit/audit-log';
import type { Services } from '../../services';

/** Files a finished recording and puts its hash into the audit chain, so no one can swap the file later unseen. */
export async function recordRecording(s: Services, recordingDir: string, entry: TRecordingEntry): Promise<void> {
  const now = s.clock.now();
  await s.prisma.$transaction(async (tx) => {
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
