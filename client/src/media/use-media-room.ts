import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useSignedInUser } from '../auth/use-session';
import { useSocket } from '../realtime/socket-context';
import { MediaSession, type MediaSnapshot } from './media-session';

export interface MediaRoom extends MediaSnapshot {
  session: MediaSession;
}

/** One media room over the tab's socket for as long as the component is mounted; leaving it leaves the room. */
export function useMediaRoom(roomId: string): MediaRoom {
  const { socket } = useSocket();
  const { id } = useSignedInUser();
  const session = useMemo(() => new MediaSession(socket, roomId, id), [socket, roomId, id]);
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return useMemo(() => ({ ...snapshot, session }), [snapshot, session]);
}
