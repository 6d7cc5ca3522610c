import { useEffect, useState } from 'react';
import { classify, measure, type Quality, type QualitySample, type StatsTotals, totalsOf } from './connection-quality';
import type { MediaSession } from './media-session';

const INTERVAL_MS = 2000;

export interface ConnectionQuality {
  quality: Quality;
  sample: QualitySample | null;
}

const UNKNOWN: ConnectionQuality = { quality: 'unknown', sample: null };

/** The room connection's quality, from its statistics every two seconds while `live`. */
export function useConnectionQuality(session: MediaSession, live: boolean, expectVideo: boolean): ConnectionQuality {
  const [measured, setMeasured] = useState<ConnectionQuality>(UNKNOWN);
  useEffect(() => {
    if (!live) return;
    let previous: StatsTotals | null = null;
    let current = true;
    const timer = setInterval(() => {
      void session.getStats()?.then((report) => {
        if (!current) return;
        const totals = totalsOf(report.values(), performance.now());
        const sample = measure(previous, totals);
        // The first report has nothing to compare with: its bitrate would be meaningless.
        if (previous) setMeasured({ quality: classify(sample, expectVideo), sample });
        previous = totals;
      });
    }, INTERVAL_MS);
    return () => {
      current = false;
      clearInterval(timer);
      setMeasured(UNKNOWN);
    };
  }, [session, live, expectVideo]);
  return live ? measured : UNKNOWN;
}
