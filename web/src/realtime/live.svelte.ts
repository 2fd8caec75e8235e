// The live channel to the server (socket.io), the one socket of the page. It owns the connection: the state
// the banner shows, reconnecting, and the watch of one session, asked for again on every connect. It knows
// no feature's events: a feature asks the server with `call` and listens with `on`, from its own folder (the
// live session in live/, the minutes in minutes/, presence in presence/, the media notices in room/), and
// the event map in the protocol types both, so a feature cannot send what the server does not take.
import { io, type Socket } from 'socket.io-client';
import {
  CLOSE_MESSAGE_TOO_BIG,
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
type ClientEvent = keyof ClientToServerEvents;
type ServerEvent = keyof ServerToClientEvents;

/** Events the server answers: their handler's last argument is the acknowledgement. */
export type CallEvent = {
  [E in ClientEvent]: Parameters<ClientToServerEvents[E]> extends [unknown, (res: never) => void] ? E : never;
}[ClientEvent];
/** Events sent without an answer (cursors): a lost one is simply replaced by the next. */
export type CastEvent = Exclude<ClientEvent, CallEvent>;
export type Request<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
export type Answer<E extends CallEvent> = ClientToServerEvents[E] extends (req: never, ack: (res: infer R) => void) => void ? R : never;

/** The session this page follows. A new object on every watch(), so a feature can tell a fresh watch of a session from an earlier one. */
export interface Watch {
  readonly sessionId: string;
}

/** Failed attempts in a row before the banner stops saying "reconnecting" and says "unreachable". */
const ATTEMPTS_BEFORE_UNREACHABLE = 3;
/** socket.io does not retry a connection the server refused, so we retry after this pause ourselves. */
const RETRY_AFTER_REFUSAL_MS = 5000;
/** A request unanswered this long is reported as lost rather than left hanging. */
const ACK_TIMEOUT_MS = 10_000;

export class LiveManager {
  state = $state<LiveState>('idle');
  watchError = $state<ApiError | null>(null);
  /** Bumped by every (re)connect: state synced under an older epoch may have missed patches. */
  epoch = $state(0);
  /** The browser said it is offline: the socket is held down until it says online again. */
  paused = $state(false);
  /** The server closed the last connection over a message too big to read (close code 1009). */
  droppedTooLarge = $state(false);

  #socket: LiveSocket | null = null;
  #watching = $state.raw<Watch | null>(null);
  /** Whether the server acknowledged the watch on the current connection. */
  #watchAcked = false;
  #watchedListeners: ((sessionId: string, snapshot: PresenceSnapshot | null) => void)[] = [];
  #connectListeners: (() => void)[] = [];
  /**
   * The features' listeners by event. Kept here rather than on the socket: sign-out drops the socket and
   * sign-in makes a new one, and a feature made once per page must not have to listen again.
   */
  #listeners: Partial<Record<ServerEvent, ((...args: unknown[]) => void)[]>> = {};
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
    // While paused (the browser is offline) the socket is made but waits for resume() to dial.
    const socket: LiveSocket = io({ path: '/socket.io', withCredentials: true, auth, autoConnect: !this.paused });
    this.#socket = socket;
    this.#failedAttempts = 0;
    this.#everConnected = false;
    this.state = this.paused ? 'reconnecting' : 'connecting';

    socket.on('connect', () => {
      this.#failedAttempts = 0;
      this.#everConnected = true;
      this.state = 'connected';
      this.epoch += 1;
      // The server forgets what a socket watched when it drops, so every (re)connect asks again.
      if (this.#watching) this.#emitWatch(this.#watching.sessionId);
      this.#connectListeners.forEach((listener) => listener());
    });

    socket.on('disconnect', (reason, details) => {
      this.#watchAcked = false;
      const code = (details as { context?: { code?: unknown } } | undefined)?.context?.code;
      if (code === CLOSE_MESSAGE_TOO_BIG) this.droppedTooLarge = true;
      if (reason === 'io client disconnect') {
        // Our own pause() is a lost connection as far as everyone reading the state is concerned.
        if (this.paused) this.state = 'reconnecting';
        return;
      }
      this.state = 'reconnecting';
      // A server-side disconnect is not retried by socket.io; a stale cookie then shows up as UNAUTHENTICATED.
      if (reason === 'io server disconnect') socket.connect();
    });

    socket.on('connect_error', (err: Error & { data?: Partial<ConnectErrorData> }) => {
      const code = err.data?.code;
      // Older or newer than the server: a reload brings the page the server serves, which matches it.
      if (code === 'CLIENT_TOO_OLD' || code === 'SERVER_TOO_OLD') {
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
        this.#retryTimer = setTimeout(() => {
          if (!this.paused) socket.connect();
        }, RETRY_AFTER_REFUSAL_MS);
      }
    });

    socket.on('auth:signed-out', () => {
      this.stop();
      this.#onSignedOut();
    });

    // Everything else the server pushes goes to whichever features listen for it.
    socket.onAny((event: ServerEvent, ...args: unknown[]) => {
      for (const listener of this.#listeners[event] ?? []) listener(...args);
    });
  }

  stop(): void {
    this.#shutdown();
    if (this.state !== 'outdated') this.state = 'idle';
    this.#watching = null;
    this.#watchAcked = false;
    this.watchError = null;
  }

  /**
   * Holds the socket down while the browser says it is offline. Chromium (and its emulated offline mode) can
   * keep a dead WebSocket open for a long while; waiting for socket.io to notice would leave the minutes
   * saying "saved" for changes that cannot leave. resume() dials again and the normal reconnect path syncs.
   */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    clearTimeout(this.#retryTimer);
    if (!this.#socket) return;
    this.#socket.disconnect();
    this.state = 'reconnecting';
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const socket = this.#socket;
    if (!socket || socket.connected) return;
    this.state = this.#everConnected ? 'reconnecting' : 'connecting';
    socket.connect();
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  /** The session this page follows, or null. */
  get watching(): Watch | null {
    return this.#watching;
  }

  watch(sessionId: string): void {
    if (this.#watching?.sessionId === sessionId) return;
    this.#watching = { sessionId };
    this.#watchAcked = false;
    this.watchError = null;
    // While disconnected, the connect handler sends it; emitting now would be buffered and sent twice.
    if (this.#socket?.connected) this.#emitWatch(sessionId);
  }

  unwatch(sessionId: string): void {
    if (this.#watching?.sessionId !== sessionId) return;
    this.#watching = null;
    this.#watchAcked = false;
    this.watchError = null;
    if (this.#socket?.connected) this.#socket.emit('session:unwatch', { sessionId }, () => {});
  }

  /** Whether the watch of this session is acknowledged on the current connection. */
  isWatched(sessionId: string): boolean {
    return this.#watching?.sessionId === sessionId && this.#watchAcked && this.state === 'connected';
  }

  /**
   * Called after every acknowledged watch, that is after each (re)connect: the moment to catch up. The
   * snapshot is the presence the server answered with (null when it refused the watch).
   */
  onWatched(listener: (sessionId: string, snapshot: PresenceSnapshot | null) => void): () => void {
    this.#watchedListeners.push(listener);
    return () => (this.#watchedListeners = this.#watchedListeners.filter((l) => l !== listener));
  }

  /** Called after every (re)connect, before anything else is sent on it: the moment to open the minutes again. */
  onConnect(listener: () => void): () => void {
    this.#connectListeners.push(listener);
    return () => (this.#connectListeners = this.#connectListeners.filter((l) => l !== listener));
  }

  /** Listens to one event the server pushes, on this connection and every later one; returns how to stop. */
  on<E extends ServerEvent>(event: E, listener: ServerToClientEvents[E]): () => void {
    const add = listener as (...args: unknown[]) => void;
    this.#listeners[event] = [...(this.#listeners[event] ?? []), add];
    return () => (this.#listeners[event] = this.#listeners[event]?.filter((l) => l !== add));
  }

  /**
   * Asks the server and waits for its answer. Null when it could not be sent (no connection) or got no answer
   * in time; never buffered for later, since a request that leaves after the person moved on surprises them.
   */
  async call<E extends CallEvent>(event: E, request: Request<E>): Promise<Answer<E> | null> {
    const socket = this.#socket;
    if (!socket?.connected) return null;
    // socket.io's typings cannot relate a generic event name to its own payload; the signature above does.
    const emitter = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(event: E, request: Request<E>): Promise<Answer<E>> };
    try {
      return await emitter.emitWithAck(event, request);
    } catch {
      return null;
    }
  }

  /** Sends an event the server does not answer, volatile: dropped, not queued, while the link is down. */
  cast<E extends CastEvent>(event: E, request: Request<E>): void {
    const socket = this.#socket;
    if (!socket?.connected) return;
    (socket.volatile as unknown as { emit(event: E, request: Request<E>): void }).emit(event, request);
  }

  #emitWatch(sessionId: string): void {
    this.#socket?.emit('session:watch', { sessionId }, (res: Ack<PresenceSnapshot>) => {
      if (this.#watching?.sessionId !== sessionId) return;
      if (res.ok) {
        this.watchError = null;
      } else if (res.error.code === 'UNAUTHENTICATED') {
        this.stop();
        this.#onSignedOut();
        return;
      } else {
        this.watchError = res.error;
      }
      this.#watchAcked = true;
      this.#watchedListeners.forEach((listener) => listener(sessionId, res.ok ? res.data : null));
    });
  }

  #shutdown(): void {
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    socket.removeAllListeners();
    socket.offAny();
    socket.disconnect();
  }
}
