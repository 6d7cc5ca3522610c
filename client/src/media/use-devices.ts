import { useEffect, useState } from 'react';
import { listDevices } from './local-media';

/**
 * The cameras and microphones of this computer, kept current as devices come and go. Listed again
 * whenever `refreshKey` changes: labels appear only once the page may use a device.
 */
export function useDevices(refreshKey: unknown): MediaDeviceInfo[] {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    let current = true;
    const refresh = () =>
      void listDevices().then(
        (list) => current && setDevices(list),
        () => current && setDevices([]),
      );
    refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => {
      current = false;
      navigator.mediaDevices?.removeEventListener('devicechange', refresh);
    };
  }, [refreshKey]);
  return devices;
}
