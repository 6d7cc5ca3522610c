/** One `clock:sync` round trip. */
export interface ClockSample {
  /** The client's wall clock when the request left, in ms since the epoch. */
  clientSentAt: number;
  /** The server's wall clock when it answered, in ms since the epoch. */
  serverTime: number;
  roundTripMs: number;
}

export interface ClockEstimate {
  /** Add to the client's clock to get the server's. */
  offsetMs: number;
  /** Round trip of the sample the estimate rests on; the estimate is off by at most half of it. */
  roundTripMs: number;
}

/**
 * Cristian's algorithm: trust the sample with the shortest round trip (least queueing) and assume
 * the server answered halfway through it.
 */
export function estimateClockOffset(samples: readonly ClockSample[]): ClockEstimate | null {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    if (!Number.isFinite(sample.roundTripMs) || sample.roundTripMs < 0) continue;
    if (!best || sample.roundTripMs < best.roundTripMs) best = sample;
  }
  if (!best) return null;
  return { offsetMs: best.serverTime - (best.clientSentAt + best.roundTripMs / 2), roundTripMs: best.roundTripMs };
}
