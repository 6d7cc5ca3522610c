import { describe, expect, it } from 'vitest';
import { closedBy, failureOf } from './gather-record';

const attempts = (...outcomes: string[]) => outcomes.map((outcome) => ({ outcome }));

describe('what the record says of a failed bid', () => {
  it('names the attempt that decided it, as the opening attributed it', () => {
    expect(failureOf('DECRYPTED', attempts('WRONG_KEY', 'OK'))).toBeNull();
    expect(failureOf('REVOKED', [])).toEqual({ cause: 'NO_ATTEMPT', attempts: 0 });
    expect(failureOf('REVOKED', attempts('WRONG_KEY', 'CLIENT_ERROR'))).toEqual({ cause: 'CLIENT_ERROR', attempts: 2 });
    // An envelope that does not open is final, whatever was tried after.
    expect(failureOf('REVOKED', attempts('FORM_INVALID', 'WRONG_KEY'))).toEqual({ cause: 'FORM_INVALID', attempts: 2 });
    // A platform fault on record makes the bid withdrawn, and is its cause.
    expect(failureOf('WITHDRAWN', attempts('WRONG_KEY', 'STORAGE_ERROR', 'WRONG_KEY'))).toEqual({ cause: 'STORAGE_ERROR', attempts: 3 });
    // Attempts still running are not counted as tries.
    expect(failureOf('REVOKED', attempts('IN_PROGRESS', 'WRONG_KEY'))).toEqual({ cause: 'WRONG_KEY', attempts: 1 });
  });

  it('tells how a closed opening ended', () => {
    const confirmEndsAt = new Date('2026-12-01T02:00:00.000Z');
    expect(closedBy({ closedAt: new Date('2026-12-01T01:50:00.000Z'), confirmEndsAt }, 0)).toBe('ALL_CONFIRMED');
    expect(closedBy({ closedAt: new Date('2026-12-01T01:50:00.000Z'), confirmEndsAt }, 1)).toBe('HOST');
    expect(closedBy({ closedAt: confirmEndsAt, confirmEndsAt }, 1)).toBe('TIME_RAN_OUT');
    // An objection answered after the time ran out closes it later, still for lack of time.
    expect(closedBy({ closedAt: new Date('2026-12-01T02:10:00.000Z'), confirmEndsAt }, 2)).toBe('TIME_RAN_OUT');
  });
});
