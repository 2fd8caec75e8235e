// The typed socket.io server and socket of the hub, in a file of their own so the transport, its
// handlers and the gateway can all name them without importing each other.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, MessageKey, ServerToClientEvents } from '../../../protocol/index.ts';
import type { SignIn } from '../auth/auth.service.ts';
import type { RequestKind } from './rate-limit.ts';

export interface SocketData {
  signIn: SignIn;
}
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** What every message of one socket passes first: its sign-in, the rate limits, the size of an intent. */
export interface MessageGate {
  /** Throws the refusal (signed out, too fast, too large) as an AppError. */
  admit(raw: unknown, what: MessageKey, kind?: RequestKind): Promise<void>;
  /** For volatile messages: whether to relay it (false: drop it silently). */
  allows(kind: RequestKind): Promise<boolean>;
}
export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
