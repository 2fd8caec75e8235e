// The typed socket.io server and socket of the hub, in a file of their own so the transport, its
// handlers and the gateway can all name them without importing each other.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../protocol/index.ts';
import type { SignIn } from '../auth/auth.service.ts';

export interface SocketData {
  signIn: SignIn;
}
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
