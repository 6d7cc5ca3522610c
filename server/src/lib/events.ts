import { EventEmitter } from 'node:events';
import type { TNotification, TOpeningEvent } from '@bidhall/contracts';

/** What a revocation ends: one session, every session of a user, or of an organization's users. */
export type RevocationScope = { sessionId: string } | { userId: string } | { orgId: string };

/**
 * Events domain code raises for the transport to deliver, so use-cases never import Socket.IO.
 * Each node delivers the events it raised; the Socket.IO adapter carries them to other nodes.
 */
export interface DomainEvents {
  notification: [{ orgIds: string[]; notification: TNotification }];
  /**
   * Events just committed to an opening's log, in sequence order; with the organizations whose
   * bids stood when the transaction froze the bids (the others leave the hall's room before).
   */
  opening: [TOpeningEvent[], { participants?: string[] }];
  /** Sessions were ended (a logout, a revoked family, a suspended user or organization): close their connections everywhere. */
  sessionRevoked: [RevocationScope];
}

export type EventBus = EventEmitter<DomainEvents>;

export const createEventBus = (): EventBus => new EventEmitter<DomainEvents>();
