/** Decryption starts this long after the deadline if the host has not started it. */
export const AUTO_START_GRACE_MS = 60_000;
/** Seconds between two announced bids (唱标) when the host does not announce them itself; the platform's default. */
export const ANNOUNCE_PACE_SECONDS = 20;
/** How long bidders have to confirm the opening record (or raise objections) after the announcement. */
export const CONFIRM_MINUTES = 10;

export function openingTimes(section: { bidDeadline: Date; signInLeadMinutes: number; decryptWindowMinutes: number }) {
  return {
    signInAt: new Date(section.bidDeadline.getTime() - section.signInLeadMinutes * 60_000),
    deadlineAt: section.bidDeadline,
    autoStartAt: new Date(section.bidDeadline.getTime() + AUTO_START_GRACE_MS),
    decryptMinutes: section.decryptWindowMinutes,
    confirmMinutes: CONFIRM_MINUTES,
  };
}

/** The end of the decryption window, counting the host's one extension. */
export const decryptionEnds = (o: { decryptEndsAt: Date | null; extendedUntil: Date | null }): Date | null => o.extendedUntil ?? o.decryptEndsAt;
