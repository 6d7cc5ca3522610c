import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceChoice } from './local-media';
import type { TMediaKind } from './media-kinds';

const DEVICE_KIND: Record<TMediaKind, MediaDeviceKind> = { audio: 'audioinput', video: 'videoinput' };

/** Which camera and microphone to use; a change applies at once while they are on. */
export function DevicePicker({ devices, chosen, onChoose }: { devices: readonly MediaDeviceInfo[]; chosen: DeviceChoice; onChoose: (kind: TMediaKind, deviceId: string | null) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="device-picker">
      <legend className="visually-hidden">{t('media.devices.label')}</legend>
      {(['video', 'audio'] as const).map((kind) => {
        const options = devices.filter((device) => device.kind === DEVICE_KIND[kind] && device.deviceId !== '');
        return (
          <label key={kind} htmlFor={`${id}-${kind}`}>
            <span>{t(`media.devices.${kind}`)}</span>
            <select id={`${id}-${kind}`} value={chosen[kind] ?? ''} onChange={(event) => onChoose(kind, event.target.value || null)}>
              <option value="">{t('media.devices.default')}</option>
              {options.map((device, index) => (
                <option key={device.deviceId} value={device.deviceId}>
                  {device.label || t('media.devices.unnamed', { kind: t(`media.devices.${kind}`), n: index + 1 })}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
