import type { TMediaKind } from './media-kinds';
import { deviceError, MediaClientError } from './media-errors';

/** The devices chosen for this room, by `deviceId`; null for the browser's default. */
export type DeviceChoice = Record<TMediaKind, string | null>;

/** A conference tile is small and the server caps video at 600 kbit/s: 360p at 24 fps fits. */
const VIDEO: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 30 } };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

const constraintsFor = (kind: TMediaKind, deviceId: string | null): MediaTrackConstraints => ({
  ...(kind === 'video' ? VIDEO : AUDIO),
  ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
});

/** Opens the camera and microphone asked for, each on its chosen device; throws a MediaClientError. */
export async function captureLocalMedia(kinds: readonly TMediaKind[], devices: DeviceChoice): Promise<Partial<Record<TMediaKind, MediaStreamTrack>>> {
  if (!navigator.mediaDevices?.getUserMedia) throw new MediaClientError('UNSUPPORTED', 'navigator.mediaDevices is not available');
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: kinds.includes('audio') ? constraintsFor('audio', devices.audio) : false,
      video: kinds.includes('video') ? constraintsFor('video', devices.video) : false,
    });
    return { audio: stream.getAudioTracks()[0], video: stream.getVideoTracks()[0] };
  } catch (error) {
    throw deviceError(error);
  }
}

/** Lists cameras and microphones; labels are empty until the page was allowed to use a device. */
export async function listDevices(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((device) => device.kind === 'audioinput' || device.kind === 'videoinput');
}
