import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useSignedInUser } from '../auth/use-session';
import { useSocket } from '../realtime/socket-context';
import { useServerNow } from '../realtime/server-time';
import { HallSession, type HallSnapshot } from './hall-session';

export interface OpeningHall extends HallSnapshot {
  /** Sends a hall request for this section: `hall.request('opening:signIn', {})`. */
  request: HallSession['request'];
  /** Reads the next page of a large hall's bidder list. */
  loadMoreParticipants: HallSession['loadMoreParticipants'];
}

/**
 * The opening of one section as this user may see it, kept live: joined over the socket while
 * mounted, events applied in sequence, re-joined after reconnects and gaps, left on unmount.
 */
export function useOpening(sectionId: string): OpeningHall {
  const { socket } = useSocket();
  const { orgId } = useSignedInUser();
  const session = useMemo(() => new HallSession(socket, sectionId, orgId), [socket, sectionId, orgId]);
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const now = useServerNow();
  useEffect(() => {
    if (now !== null) session.checkOverdue(now);
  }, [session, now]);
  return useMemo(() => ({ ...snapshot, request: session.request, loadMoreParticipants: session.loadMoreParticipants }), [snapshot, session]);
}
