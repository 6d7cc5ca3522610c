import { describe, expect, it } from 'vitest';
import { estimateClockOffset } from './clock-offset';

describe('estimateClockOffset', () => {
  it('uses the sample with the smallest round trip, assuming a symmetric path', () => {
    const estimate = estimateClockOffset([
      { clientSentAt: 1_000, serverTime: 6_400, roundTripMs: 800 },
      { clientSentAt: 2_000, serverTime: 7_050, roundTripMs: 100 },
      { clientSentAt: 3_000, serverTime: 8_300, roundTripMs: 300 },
    ]);
    expect(estimate).toEqual({ offsetMs: 5_000, roundTripMs: 100 });
  });

  it('handles a server clock behind the client', () => {
    expect(estimateClockOffset([{ clientSentAt: 10_000, serverTime: 7_020, roundTripMs: 40 }])?.offsetMs).toBe(-3_000);
  });

  it('ignores impossible samples and returns null without any', () => {
    expect(estimateClockOffset([])).toBeNull();
    expect(estimateClockOffset([{ clientSentAt: 0, serverTime: 0, roundTripMs: -1 }])).toBeNull();
    expect(estimateClockOffset([{ clientSentAt: 0, serverTime: 0, roundTripMs: Number.NaN }])).toBeNull();
  });
});
