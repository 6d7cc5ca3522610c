import type { TObjection } from '@bidhall/contracts';

/** The objection this page raised: its id when the platform answered with one, and what was written. */
export interface SentObjection {
  objectionId: string | null;
  text: string;
  bidderOrgId: string;
}

/**
 * Where the objection this page raised stands in the hall's list: waiting for the host, or
 * answered. A resent request the platform had already taken answers with no id, so the
 * objection is then found by its organization and text (the newest such).
 */
export function sentObjectionState(objections: readonly TObjection[], sent: SentObjection): 'waiting' | 'answered' {
  const found = sent.objectionId
    ? objections.find((o) => o.id === sent.objectionId)
    : objections.filter((o) => o.bidderOrgId === sent.bidderOrgId && o.text === sent.text).at(-1);
  return found?.answeredAt ? 'answered' : 'waiting';
}
