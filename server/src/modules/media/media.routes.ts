import path from 'node:path';
import { apiRoutes, type TRecording } from '@bidhall/contracts';
import type { Recording } from '@bidhall/db';
import { AppError } from '../../lib/app-error';
import { bind, type BoundRoute } from '../../lib/http/route';
import { sendStoredFile } from '../../lib/http/send-stored-file';
import type { Services } from '../../services';
import { mayWatchRecordings } from './media-access';

const toRecordingView = (r: Recording): TRecording => ({
  id: r.id,
  roomId: r.roomId,
  participantId: r.participantId,
  displayName: r.displayName,
  kinds: r.kind.split('+') as TRecording['kinds'],
  startedAt: r.startedAt.toISOString(),
  endedAt: r.endedAt.toISOString(),
  bytes: Number(r.bytes),
  sha256: r.sha256,
  fileName: path.basename(r.file),
});

export function mediaRoutes(s: Services, iceServers: { urls: string | string[] }[]): BoundRoute[] {
  const r = apiRoutes.media;
  return [
    bind(r.config, async () => ({ enabled: s.media !== null, iceServers })),
    bind(r.recordings, async ({ auth, query }) => {
      await mayWatchRecordings(s, auth, query.roomId);
      return { items: (await s.prisma.recording.findMany({ where: { roomId: query.roomId }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] })).map(toRecordingView) };
    }),
    bind(r.recording, async ({ auth, params, res }) => {
      const recording = await s.prisma.recording.findUnique({ where: { id: params.recordingId } });
      if (!recording) throw AppError.notFound('recording');
      await mayWatchRecordings(s, auth, recording.roomId);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Sha256', recording.sha256);
      // Range requests are answered, so players can seek.
      await sendStoredFile(res, recording.file, { contentType: 'video/webm' });
    }),
  ];
}
