import { describe, expect, it } from 'vitest';
import { refreshDelayMs } from './refresh-timing';

const issuedAt = Date.parse('2026-03-01T08:00:00Z');

describe('refreshDelayMs', () => {
  it('refreshes a minute and a half before a ten-minute token expires', () => {
    expect(refreshDelayMs('2026-03-01T08:10:00Z', issuedAt)).toBe(510_000);
  });

  it('keeps a fifth of the lifetime in hand for short tokens', () => {
    expect(refreshDelayMs('2026-03-01T08:01:00Z', issuedAt)).toBe(48_000);
  });

  it('measures against the server clock, not the local one', () => {
    const serverAhead = issuedAt + 3_600_000;
    expect(refreshDelayMs('2026-03-01T09:10:00Z', serverAhead)).toBe(510_000);
  });

  it('waits a little even for tokens that are already due', () => {
    expect(refreshDelayMs('2026-03-01T07:59:00Z', issuedAt)).toBe(5_000);
    expect(refreshDelayMs('not a date', issuedAt)).toBe(5_000);
  });
});
