import type { LeaveReason, MediaErrorCode } from './errors';
import type { TRecordingEntry } from './recording';
import type { TSessionDescription, TTrackInfo } from './schemas';

/** Everything the media plane tells the signalling layer, each as one argument. */
export interface MediaEvents {
  /** A new server offer for a participant: deliver it; the client answers with `answer`. */
  negotiationneeded: [{ roomId: string; participantId: string; offer: TSessionDescription }];
  /** A track carries media now (first RTP received); tell the room's clients. */
  trackPublished: [TTrackInfo];
  /** A track is gone: unpublished, its publisher left, or it never sent media (`code` NO_MEDIA). */
  trackUnpublished: [{ roomId: string; participantId: string; trackId: string; reason: 'unpublished' | 'no-media' | 'left'; code?: MediaErrorCode }];
  trackMuted: [{ roomId: string; participantId: string; trackId: string; muted: boolean }];
  /** The loudest speaker changed; null when the last speaker left. */
  activeSpeaker: [{ roomId: string; participantId: string | null }];
  /** Mean level of each audible track over the last 500 ms, in dBov (0 loudest, -127 silence). */
  audioLevels: [{ roomId: string; levels: { participantId: string; trackId: string; dBov: number }[] }];
  /** A participant is out of the room, with why; `code` when it was a timeout. */
  participantLeft: [{ roomId: string; participantId: string; reason: LeaveReason; code?: MediaErrorCode }];
  /** A recording file is complete: put its sha256 in the audit chain. */
  recordingFinished: [TRecordingEntry];
  /** The worker holding these participants died; they must join again (their clients' peer connections are dead). */
  rejoin: [{ roomId: string; participantIds: string[]; reason: 'worker-crashed' }];
  /** A crashed worker was replaced by a new process. */
  workerRestarted: [{ workerId: number; pid: number; exitCode: number | null; signal: string | null }];
}
