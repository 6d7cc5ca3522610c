import type { TSectionPhase } from '@bidhall/contracts';

/**
 * A section's phase by the server's clock now, not when the page was loaded: the platform's own
 * rule (a published section is BIDDING until its deadline, OPENING from then on) applied again,
 * so a page left open across the deadline does not keep saying 投标中.
 */
export function livePhase(phase: TSectionPhase, bidDeadline: string, serverNow: number | null): TSectionPhase {
  if (phase !== 'BIDDING' || serverNow === null) return phase;
  return serverNow < Date.parse(bidDeadline) ? 'BIDDING' : 'OPENING';
}
