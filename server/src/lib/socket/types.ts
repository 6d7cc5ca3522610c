import type { ClientToServerEvents, ServerToClientEvents } from '@bidhall/contracts';
import type { Server, Socket } from 'socket.io';
import type { RevocationScope } from '../events';
import type { AuthContext } from '../http/auth-context';

export interface SocketData {
  auth: AuthContext;
  /** The login session the connection's token was issued for. */
  sessionId: string;
  /** Expiry of the connection's current access token, in epoch seconds. */
  tokenExp: number;
  /** The browser tab the connection says it belongs to (`handshake.auth.tab`), when it says. */
  tabId?: string;
}

/** What nodes tell each other through the adapter (`io.serverSideEmit`). */
export interface InterServerEvents {
  'session:revoked': (scope: RevocationScope) => void;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
