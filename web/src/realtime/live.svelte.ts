// The live channel to the server (socket.io), the one socket of the page. It owns the connection state the
// banner shows and the newest presence snapshot of the watched session, and carries the live session's
// intents, catch-up requests and patches for LiveSession; components only read it.
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ApiError,
  type ClientToServerEvents,
  type CommandResult,
  type ConnectErrorData,
  type HandshakeAuth,
  type LiveCommand,
  type LivePatch,
  type PresenceSnapshot,
  type ServerToClientEvents,
  type SyncResult,
} from '$protocol';

export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'outdated';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Failed attempts in a row before the banner stops saying "reconnecting" and says "unreachable". */
const ATTEMPTS_BEFORE_UNREACHABLE = 3;
/** socket.io does not retry a connection the server refused, so we retry after this pause ourselves. */
const RETRY_AFTER_REFUSAL_MS = 5000;
/** An intent or a catch-up request unanswered this long is reported as lost rather than left hanging. */
const ACK_TIMEOUT_MS = 10_000;

export class LiveManager {
  state = $state<LiveState>('idle');
  presence = $state.raw<PresenceSnapshot | null>(null);
  watchError = $state<ApiError | null>(null);
  /** Bumped by every (re)connect: state synced under an older epoch may have missed patches. */
  epoch = $state(0);

  #socket: LiveSocket | null = null;
  #watching: string | null = null;
  /** Whether the server acknowledged the watch on the current connection. */
  #watchAcked = false;
  #watchedListeners: ((sessionId: string) => void)[] = [];
  #patchListeners: ((patch: LivePatch) => void)[] = [];
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
      this.epoch += 1;
      // The server forgets what a socket watched when it drops, so every (re)connect asks again.
      if (this.#watching) this.#emitWatch(this.#watching);
    });

    socket.on('disconnect', (reason) => {
      this.#watchAcked = false;
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
    socket.on('live:patch', (patch) => this.#patchListeners.forEach((listener) => listener(patch)));

    socket.on('auth:signed-out', () => {
      this.stop();
      this.#onSignedOut();
    });
  }

  stop(): void {
    this.#shutdown();
    if (this.state !== 'outdated') this.state = 'idle';
    this.#watching = null;
    this.#watchAcked = false;
    this.presence = null;
    this.watchError = null;
  }

  watch(sessionId: string): void {
    if (this.#watching === sessionId) return;
    this.#watching = sessionId;
    this.#watchAcked = false;
    this.presence = null;
    this.watchError = null;
    // While disconnected, the connect handler sends it; emitting now would be buffered and sent twice.
    if (this.#socket?.connected) this.#emitWatch(sessionId);
  }

  unwatch(sessionId: string): void {
    if (this.#watching !== sessionId) return;
    this.#watching = null;
    this.#watchAcked = false;
    this.presence = null;
    this.watchError = null;
    if (this.#socket?.connected) this.#socket.emit('session:unwatch', { sessionId }, () => {});
  }

  /** Whether the watch of this session is acknowledged on the current connection. */
  isWatched(sessionId: string): boolean {
    return this.#watching === sessionId && this.#watchAcked && this.state === 'connected';
  }

  /** Called after every acknowledged watch, that is after each (re)connect: the moment to catch up. */
  onWatched(listener: (sessionId: string) => void): () => void {
    this.#watchedListeners.push(listener);
    return () => (this.#watchedListeners = this.#watchedListeners.filter((l) => l !== listener));
  }

  onPatch(listener: (patch: LivePatch) => void): () => void {
    this.#patchListeners.push(listener);
    return () => (this.#patchListeners = this.#patchListeners.filter((l) => l !== listener));
  }

  /** Sends an intent. Null when it could not be delivered or got no answer in time; never buffered for later. */
  async command(sessionId: string, command: LiveCommand): Promise<CommandResult | null> {
    const socket = this.#socket;
    if (!socket?.connected) return null;
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('live:command', { sessionId, command });
    } catch {
      return null;
    }
  }

  /** Asks for what was missed since `version` (null: everything). Null when there was no answer. */
  async sync(sessionId: string, version: number | null): Promise<Ack<SyncResult> | null> {
    const socket = this.#socket;
    if (!socket?.connected) return null;
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('live:sync', { sessionId, version });
    } catch {
      return null;
    }
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
        return;
      } else {
        this.watchError = res.error;
      }
      this.#watchAcked = true;
      this.#watchedListeners.forEach((listener) => listener(sessionId));
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
