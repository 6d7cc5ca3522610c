import { describe, expect, it } from 'vitest';
import { isoToZonedInput, zonedInputToIso } from './zoned-time';

describe('zonedInputToIso', () => {
  it('reads the input as Beijing wall-clock time', () => {
    expect(zonedInputToIso('2026-12-01T09:30', 'Asia/Shanghai')).toBe('2026-12-01T01:30:00.000Z');
    expect(zonedInputToIso('2026-12-01T00:15:20', 'Asia/Shanghai')).toBe('2026-11-30T16:15:20.000Z');
  });

  it('follows daylight saving in zones that have it', () => {
    expect(zonedInputToIso('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(zonedInputToIso('2026-01-15T12:00', 'Europe/Berlin')).toBe('2026-01-15T11:00:00.000Z');
  });

  it('refuses incomplete values', () => {
    expect(zonedInputToIso('', 'Asia/Shanghai')).toBeNull();
    expect(zonedInputToIso('2026-12-01', 'Asia/Shanghai')).toBeNull();
  });
});

describe('isoToZonedInput', () => {
  it('is the inverse of zonedInputToIso', () => {
    expect(isoToZonedInput('2026-12-01T01:30:00.000Z', 'Asia/Shanghai')).toBe('2026-12-01T09:30');
    expect(isoToZonedInput('2026-11-30T16:15:20.000Z', 'Asia/Shanghai')).toBe('2026-12-01T00:15:20');
    expect(isoToZonedInput('2026-07-01T10:00:00Z', 'Europe/Berlin')).toBe('2026-07-01T12:00');
  });

  it('gives an empty value for an unreadable instant', () => {
    expect(isoToZonedInput('soon', 'Asia/Shanghai')).toBe('');
  });
});
