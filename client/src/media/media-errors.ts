/** What can go wrong with audio and video in this browser, before or apart from the platform's answer. */
export const mediaClientErrorCodes = [
  /** The user or the browser's policy refused the camera or microphone. */
  'DEVICE_DENIED',
  /** No camera or microphone, or not the one chosen (unplugged since). */
  'DEVICE_NOT_FOUND',
  /** The device exists but cannot be opened (another application holds it). */
  'DEVICE_BUSY',
  /** This browser has no WebRTC or no access to devices (an insecure origin). */
  'UNSUPPORTED',
  /** The browser could not apply the server's offer or make its answer. */
  'NEGOTIATION_FAILED',
  /** The peer connection never came up while the platform answered: no media path (UDP blocked on the way, most likely). */
  'CONNECTION_FAILED',
  /** The media connection worked, then failed while the platform still answered, more often than it is joined again by itself. */
  'CONNECTION_LOST',
  /** The media connection failed together with the connection to the platform (down or out of reach): it is joined again when that connection is back. */
  'SERVER_UNREACHABLE',
] as const;
export type MediaClientErrorCode = (typeof mediaClientErrorCodes)[number];

export class MediaClientError extends Error {
  override readonly name = 'MediaClientError';

  constructor(
    readonly code: MediaClientErrorCode,
    message: string = code,
  ) {
    super(message);
  }
}

/** getUserMedia's DOMException names (Media Capture and Streams §10) as our codes. */
export function deviceError(error: unknown): MediaClientError {
  const name = error instanceof DOMException ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MediaClientError('DEVICE_DENIED', message);
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MediaClientError('DEVICE_NOT_FOUND', message);
    case 'NotReadableError':
    case 'AbortError':
      return new MediaClientError('DEVICE_BUSY', message);
    default:
      return new MediaClientError('UNSUPPORTED', message);
  }
}

/**
 * Why a peer connection failed, as far as this browser can tell. A firewall that blocks UDP stops
 * the connection from ever coming up, while the platform still answers on its socket; a
 * connection that worked and then failed lost its path; and when the socket to the platform is
 * down too, the platform itself is out of reach, which no firewall setting would cure.
 */
export function connectionFailure(seen: { platformConnected: boolean; wasLive: boolean }): MediaClientError {
  if (!seen.platformConnected) return new MediaClientError('SERVER_UNREACHABLE', 'the peer connection failed and the platform cannot be reached');
  if (seen.wasLive) return new MediaClientError('CONNECTION_LOST', 'the peer connection failed after it had worked');
  return new MediaClientError('CONNECTION_FAILED', 'the peer connection failed');
}
