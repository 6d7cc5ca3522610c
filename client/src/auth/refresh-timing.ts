/**
 * Renew at most this long before the access token expires: earlier than the gateway's one-minute
 * `session:expiring` warning, and enough to absorb a background tab's throttled timers.
 */
const MAX_LEAD_MS = 90_000;
/** Never sooner than this, so a token that is already short-lived cannot cause a refresh storm. */
const MIN_DELAY_MS = 5_000;

/**
 * How long to wait before refreshing an access token. Measured against the server's clock when
 * the token was issued, so a client whose clock is wrong still refreshes on time.
 */
export function refreshDelayMs(expiresAt: string, serverNowMs: number): number {
  const lifetime = Date.parse(expiresAt) - serverNowMs;
  if (Number.isNaN(lifetime)) return MIN_DELAY_MS;
  const lead = Math.min(MAX_LEAD_MS, lifetime / 5);
  return Math.max(MIN_DELAY_MS, lifetime - lead);
}
