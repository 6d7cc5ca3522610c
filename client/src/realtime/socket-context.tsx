import { createContext, type ReactNode, use, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { SessionManager } from '../auth/session';
import { ClockProvider } from './clock-context';
import { type AppSocket, RealtimeConnection, type RealtimeSnapshot } from './connection';

export interface SocketValue extends RealtimeSnapshot {
  socket: AppSocket;
}

const SocketContext = createContext<SocketValue | null>(null);

/** Opens the signed-in user's one connection to the gateway for as long as it is mounted. */
export function SocketProvider({ session, children }: { session: SessionManager; children: ReactNode }) {
  const [connection] = useState(() => new RealtimeConnection(session));
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  const snapshot = useSyncExternalStore(connection.subscribe, connection.getSnapshot);
  const value = useMemo(() => ({ socket: connection.socket, ...snapshot }), [connection, snapshot]);
  return (
    <SocketContext value={value}>
      <ClockProvider clock={snapshot.clock}>{children}</ClockProvider>
    </SocketContext>
  );
}

/** The gateway connection: the typed socket, its state and the server-clock estimate. */
export function useSocket(): SocketValue {
  const value = use(SocketContext);
  if (!value) throw new Error('useSocket must be used inside <SocketProvider>');
  return value;
}
