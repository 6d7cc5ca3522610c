import { useEffect, useState } from 'react';
import { useClockEstimate } from './clock-context';

/**
 * The server's clock in ms since the epoch, ticking on the server's second boundaries; null
 * until the clock has been synchronized. Countdowns to announced times use this, not Date.now().
 */
export function useServerNow(): number | null {
  const offset = useClockEstimate()?.offsetMs;
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (offset === undefined) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const serverNow = Date.now() + offset;
      setNow(serverNow);
      timer = setTimeout(tick, 1000 - (serverNow % 1000));
    };
    timer = setTimeout(tick, 0);
    return () => clearTimeout(timer);
  }, [offset]);
  return offset === undefined ? null : now;
}
