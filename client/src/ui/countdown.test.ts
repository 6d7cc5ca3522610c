import { describe, expect, it } from 'vitest';
import { remainingUntil } from './countdown';

describe('remainingUntil', () => {
  const now = Date.parse('2026-12-01T01:00:00Z');

  it('splits the time left into days, hours, minutes and seconds', () => {
    expect(remainingUntil(now + ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000, now)).toEqual({ days: 2, hours: 3, minutes: 4, seconds: 5 });
  });

  it('rounds a partial second up, so the deadline is never shown as passed early', () => {
    expect(remainingUntil(now + 1001, now)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 2 });
    expect(remainingUntil(now + 1, now)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 1 });
  });

  it('is null at and after the deadline', () => {
    expect(remainingUntil(now, now)).toBeNull();
    expect(remainingUntil(now - 5000, now)).toBeNull();
  });
});
