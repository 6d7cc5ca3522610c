import { describe, expect, it } from 'vitest';
import { livePhase } from './live-phase';

const deadline = '2026-12-10T02:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('livePhase', () => {
  it('turns bidding into opening when the deadline passes by the server clock', () => {
    expect(livePhase('BIDDING', deadline, at('2026-12-10T01:59:59.999Z'))).toBe('BIDDING');
    expect(livePhase('BIDDING', deadline, at('2026-12-10T02:00:00.000Z'))).toBe('OPENING');
  });

  it('keeps what the platform said until the clock is synchronized, and every other phase', () => {
    expect(livePhase('BIDDING', deadline, null)).toBe('BIDDING');
    expect(livePhase('DRAFT', deadline, at('2027-01-01T00:00:00Z'))).toBe('DRAFT');
    expect(livePhase('FAILED', deadline, at('2027-01-01T00:00:00Z'))).toBe('FAILED');
  });
});
