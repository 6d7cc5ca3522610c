import type { TNotification } from '@bidhall/contracts';
import { useSyncExternalStore } from 'react';

/*
 * The platform has no "mark as read" yet (every notification keeps `readAt: null`), so this
 * browser remembers, per user, the newest notification the user has looked at.
 */

const PREFIX = 'bidhall.notifications.seen.';
const listeners = new Set<() => void>();

function read(userId: string): string | null {
  try {
    return localStorage.getItem(PREFIX + userId);
  } catch {
    return null;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab of the same user may have looked at them.
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith(PREFIX)) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** When the newest notification the user has seen was created; null before the first look. */
export function useLastSeen(userId: string): string | null {
  return useSyncExternalStore(subscribe, () => read(userId));
}

export function markSeen(userId: string, createdAt: string): void {
  const current = read(userId);
  if (current !== null && current >= createdAt) return;
  try {
    localStorage.setItem(PREFIX + userId, createdAt);
  } catch {
    // Without storage the badge simply keeps counting for this page.
  }
  for (const listener of listeners) listener();
}

export const isUnread = (notification: TNotification, lastSeen: string | null): boolean =>
  notification.readAt === null && (lastSeen === null || notification.createdAt > lastSeen);
