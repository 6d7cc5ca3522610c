import type { ClientToServerEvents, ServerToClientEvents } from '@bidhall/contracts';
import type { Server, Socket } from 'socket.io';
import type { AuthContext } from '../http/auth-context';

export interface SocketData {
  auth: AuthContext;
  /** Expiry of the connection's current access token, in epoch seconds. */
  tokenExp: number;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
