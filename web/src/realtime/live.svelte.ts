// The live channel to the server (socket.io). It owns the connection state the banner shows and the newest
// presence snapshot of the watched session; components only read it.
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ApiError,
  type ClientToServerEvents,
  type ConnectErrorData,
  type HandshakeAuth,
  type PresenceSnapshot,
  type ServerToClientEvents,
} from '$protocol';

export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'outdated';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Failed attempts in a row before the banner stops saying "reconnecting" and says "unreachable". */
const ATTEMPTS_BEFORE_UNREACHABLE = 3;
/** socket.io does not retry a connection the server refused, so we retry after this pause ourselves. */
const RETRY_AFTER_REFUSAL_MS = 5000;

export class LiveManager {
  state = $state<LiveState>('idle');
  presence = $state.raw<PresenceSnapshot | null>(null);
  watchError = $state<ApiError | null>(null);

  #socket: LiveSocket | null = null;
  #watching: string | null = null;
  #failedAttempts = 0;
  #everConnected = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onSignedOut: () => void;

  constructor(options: { onSignedOut: () => void }) {
    this.#onSignedOut = options.onSignedOut;
  }

  start(): void {
    // An outdated client must not keep knocking; only a page reload clears it.
    if (this.#socket || this.state === 'outdated') return;
    const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
    const socket: LiveSocket = io({ path: '/socket.io', withCredentials: true, auth });
    this.#socket = socket;
    this.#failedAttempts = 0;
    this.#everConnected = false;
    this.state = 'connecting';

    socket.on('connect', () => {
      this.#failedAttempts = 0;
      this.#everConnected = true;
      this.state = 'connected';
      // The server forgets what a socket watched when it drops, so every (re)connect asks again.
      if (this.#watching) this.#emitWatch(this.#watching);
    });

    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.state = 'reconnecting';
      // A server-side disconnect is not retried by socket.io; a stale cookie then shows up as UNAUTHENTICATED.
      if (reason === 'io server disconnect') socket.connect();
    });

    socket.on('connect_error', (err: Error & { data?: Partial<ConnectErrorData> }) => {
      const code = err.data?.code;
      if (code === 'PROTOCOL_MISMATCH') {
        this.#shutdown();
        this.state = 'outdated';
        return;
      }
      if (code === 'UNAUTHENTICATED') {
        this.stop();
        this.#onSignedOut();
        return;
      }
      this.#failedAttempts += 1;
      if (this.#failedAttempts >= ATTEMPTS_BEFORE_UNREACHABLE) this.state = 'unreachable';
      else this.state = this.#everConnected ? 'reconnecting' : 'connecting';
      if (!socket.active) {
        this.state = 'unreachable';
        clearTimeout(this.#retryTimer);
        this.#retryTimer = setTimeout(() => socket.connect(), RETRY_AFTER_REFUSAL_MS);
      }
    });

    socket.on('presence:snapshot', (snapshot) => this.#accept(snapshot));

    socket.on('auth:signed-out', () => {
      this.stop();
      this.#onSignedOut();
    });
  }

  stop(): void {
    this.#shutdown();
    if (this.state !== 'outdated') this.state = 'idle';
    this.#watching = null;
    this.presence = null;
    this.watchError = null;
  }

  watch(sessionId: string): void {
    if (this.#watching === sessionId) return;
    this.#watching = sessionId;
    this.presence = null;
    this.watchError = null;
    // While disconnected, the connect handler sends it; emitting now would be buffered and sent twice.
    if (this.#socket?.connected) this.#emitWatch(sessionId);
  }

  unwatch(sessionId: string): void {
    if (this.#watching !== sessionId) return;
    this.#watching = null;
    this.presence = null;
    this.watchError = null;
    if (this.#socket?.connected) this.#socket.emit('session:unwatch', { sessionId }, () => {});
  }

  #emitWatch(sessionId: string): void {
    this.#socket?.emit('session:watch', { sessionId }, (res: Ack<PresenceSnapshot>) => {
      if (this.#watching !== sessionId) return;
      if (res.ok) {
        this.watchError = null;
        this.#accept(res.data);
      } else if (res.error.code === 'UNAUTHENTICATED') {
        this.stop();
        this.#onSignedOut();
      } else {
        this.watchError = res.error;
      }
    });
  }

  /** Snapshots can cross on the wire (an ack and a broadcast); the higher version is the newer truth. */
  #accept(snapshot: PresenceSnapshot): void {
    if (snapshot.sessionId !== this.#watching) return;
    const current = this.presence;
    if (current && current.sessionId === snapshot.sessionId && snapshot.version < current.version) return;
    this.presence = snapshot;
  }

  #shutdown(): void {
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    socket.removeAllListeners();
    socket.disconnect();
  }
}
