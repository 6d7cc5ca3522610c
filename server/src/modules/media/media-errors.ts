import type { ErrorCode } from '@bidhall/contracts';
import { MediaError, type MediaErrorCode } from '@bidhall/media';
import { AppError } from '../../lib/app-error';

const MAPPING: Record<MediaErrorCode, ErrorCode> = {
  INVALID_PAYLOAD: 'VALIDATION_FAILED',
  INVALID_SDP: 'VALIDATION_FAILED',
  INVALID_CANDIDATE: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'FORBIDDEN',
  ROLE_FORBIDS: 'FORBIDDEN',
  NOT_TRACK_OWNER: 'FORBIDDEN',
  TRACK_IN_OTHER_ROOM: 'FORBIDDEN',
  ROOM_NOT_FOUND: 'NOT_FOUND',
  PARTICIPANT_NOT_FOUND: 'NOT_FOUND',
  TRACK_NOT_FOUND: 'NOT_FOUND',
  ROOM_KIND_MISMATCH: 'INVALID_STATE',
  NO_PENDING_OFFER: 'INVALID_STATE',
  ALREADY_JOINED: 'ALREADY_DONE',
  ROOM_FULL: 'ROOM_FULL',
  NEGOTIATION_TIMEOUT: 'MEDIA_TIMEOUT',
  NO_MEDIA: 'MEDIA_TIMEOUT',
  WORKER_UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'UNAVAILABLE',
  CLOSED: 'UNAVAILABLE',
};

/** A media plane refusal as a platform error, keeping the plane's own code in the details. */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof MediaError)) return error;
  return new AppError(MAPPING[error.code] ?? 'UNAVAILABLE', error.message, { mediaCode: error.code });
}
