export interface Remaining {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Whole days, hours, minutes and seconds left until a deadline; null once it has passed. */
export function remainingUntil(deadlineMs: number, nowMs: number): Remaining | null {
  if (deadlineMs <= nowMs) return null;
  // Rounded up, so the last second shows as 00:00:01 rather than as passed.
  const left = Math.ceil((deadlineMs - nowMs) / 1000);
  return { days: Math.floor(left / 86_400), hours: Math.floor(left / 3600) % 24, minutes: Math.floor(left / 60) % 60, seconds: left % 60 };
}

export const twoDigits = (n: number): string => String(n).padStart(2, '0');
