import { EventEmitter } from 'node:events';
import type { TNotification, TOpeningEvent } from '@bidhall/contracts';

/**
 * Events domain code raises for the transport to deliver, so use-cases never import Socket.IO.
 * Each node delivers the events it raised; the Socket.IO adapter carries them to other nodes.
 */
export interface DomainEvents {
  notification: [{ orgIds: string[]; notification: TNotification }];
  /** Events just committed to an opening's log, in sequence order. */
  opening: [TOpeningEvent[]];
}

export type EventBus = EventEmitter<DomainEvents>;

export const createEventBus = (): EventBus => new EventEmitter<DomainEvents>();
