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
  /** The peer connection failed (ICE or DTLS): no media path to the server. */
  'CONNECTION_FAILED',
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
