// The live channel to the server (socket.io), the one socket of the page. It owns the connection state the
// banner shows and the newest presence snapshot of the watched session, and carries the live session's
// intents, catch-up requests and patches for LiveSession, and the minutes' Yjs updates, awareness and
// calls for MinutesSession; components only read it.
import { io, type Socket } from 'socket.io-client';
import {
  CLOSE_MESSAGE_TOO_BIG,
  MAX_INTENT_BYTES,
  MAX_MINUTES_UPDATE_BYTES,
  PROTOCOL_VERSION,
  toBytes,
  type Ack,
  type ApiError,
  type ClientToServerEvents,
  type CommandResult,
  type ConnectErrorData,
  type HandshakeAuth,
  type LiveCommand,
  type LiveAudience,
  type LivePatch,
  type MediaRefusalNotice,
  type MediaServerStatus,
  type MinutesOpened,
  type MinutesPart,
  type PresenceSnapshot,
  type ServerToClientEvents,
  type SyncResult,
} from '$protocol';

export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'outdated';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The minutes' request/answer events besides open and update, which have their own methods. */
export type MinutesCallEvent =
  | 'minutes:view'
  | 'minutes:fields'
  | 'minutes:conclusion'
  | 'minutes:approve'
  | 'minutes:amend'
  | 'minutes:versions'
  | 'minutes:version';
export type MinutesRequest<E extends MinutesCallEvent> = Parameters<ClientToServerEvents[E]>[0];
export type MinutesAnswer<E extends MinutesCallEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** What the server pushes about a session's minutes, as one tagged union for MinutesSession. */
export type MinutesMessage =
  | { type: 'update'; sessionId: string; part: MinutesPart; update: Uint8Array }
  | { type: 'awareness'; sessionId: string; part: MinutesPart; update: Uint8Array }
  | { type: 'changed'; sessionId: string; metaVersion: number };

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
  /** The browser said it is offline: the socket is held down until it says online again. */
  paused = $state(false);
  /** The server closed the last connection over a message too big to read (close code 1009). */
  droppedTooLarge = $state(false);
  /** The hub caught this account's site publishing sound without the floor: what it did and why. */
  mediaRefusal = $state.raw<MediaRefusalNotice | null>(null);
  /** For the chair's circle: the last site caught doing so. */
  mediaOffense = $state.raw<{ sessionId: string; siteId: string; sanction: MediaRefusalNotice['sanction']; at: string } | null>(null);
  /** Whether the hub's media server (LiveKit) answers, as the hub last said; null before it said. */
  mediaServer = $state.raw<MediaServerStatus | null>(null);

  #socket: LiveSocket | null = null;
  #watching: string | null = null;
  /** Whether the server acknowledged the watch on the current connection. */
  #watchAcked = false;
  #watchedListeners: ((sessionId: string) => void)[] = [];
  #patchListeners: ((patch: LivePatch) => void)[] = [];
  #connectListeners: (() => void)[] = [];
  #minutesListeners: ((message: MinutesMessage) => void)[] = [];
  #mediaListeners: ((status: MediaServerStatus) => void)[] = [];
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
      if (this.#watching) this.#emitWatch(this.#watching);
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
        this.#retryTimer = setTimeout(() => {
          if (!this.paused) socket.connect();
        }, RETRY_AFTER_REFUSAL_MS);
      }
    });

    socket.on('hub:media', (status) => {
      this.mediaServer = status;
      this.#mediaListeners.forEach((listener) => listener(status));
    });
    socket.on('media:refused', (notice) => (this.mediaRefusal = notice));
    socket.on('media:offense', (offense) => (this.mediaOffense = offense));
    socket.on('presence:snapshot', (snapshot) => this.#accept(snapshot));
    socket.on('live:patch', (patch) => this.#patchListeners.forEach((listener) => listener(patch)));
    socket.on('minutes:update', ({ sessionId, part, update }) => this.#minutes({ type: 'update', sessionId, part, update: toBytes(update) }));
    socket.on('minutes:awareness', ({ sessionId, part, update }) => this.#minutes({ type: 'awareness', sessionId, part, update: toBytes(update) }));
    socket.on('minutes:changed', ({ sessionId, metaVersion }) => this.#minutes({ type: 'changed', sessionId, metaVersion }));

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

  /** Called after every (re)connect, before anything else is sent on it: the moment to open the minutes again. */
  onConnect(listener: () => void): () => void {
    this.#connectListeners.push(listener);
    return () => (this.#connectListeners = this.#connectListeners.filter((l) => l !== listener));
  }

  /** The media server went down or came back (and its state on every connect). */
  onMedia(listener: (status: MediaServerStatus) => void): () => void {
    this.#mediaListeners.push(listener);
    return () => (this.#mediaListeners = this.#mediaListeners.filter((l) => l !== listener));
  }

  /** Updates, awareness and "facts changed" of every open minutes; listeners filter by session. */
  onMinutes(listener: (message: MinutesMessage) => void): () => void {
    this.#minutesListeners.push(listener);
    return () => (this.#minutesListeners = this.#minutesListeners.filter((l) => l !== listener));
  }

  /** Sends an intent. Null when it could not be delivered or got no answer in time; never buffered for later. */
  async command(sessionId: string, command: LiveCommand): Promise<CommandResult | null> {
    const socket = this.#socket;
    if (!socket?.connected) return null;
    // Never sent: the server would refuse it anyway, and a message over its hard limit would cost the connection.
    if (new TextEncoder().encode(JSON.stringify(command)).byteLength > MAX_INTENT_BYTES) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: `Thao tác quá lớn (tối đa ${MAX_INTENT_BYTES / 1024} KB) nên không được gửi.` } };
    }
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('live:command', { sessionId, command });
    } catch {
      return null;
    }
  }

  /** Asks for what was missed since `version` (null: everything). Null when there was no answer. */
  async sync(sessionId: string, version: number | null, audience: LiveAudience = 'own'): Promise<Ack<SyncResult> | null> {
    const socket = this.#socket;
    if (!socket?.connected) return null;
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('live:sync', { sessionId, version, audience });
    } catch {
      return null;
    }
  }

  /** One part's whole document and the view; joins this socket to that part's room. Null without an answer. */
  async minutesOpen(sessionId: string, part: MinutesPart): Promise<Ack<MinutesOpened> | null> {
    const socket = this.#socket;
    if (!socket?.connected) return null;
    try {
      const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('minutes:open', { sessionId, part });
      return res.ok ? { ok: true, data: { ...res.data, update: toBytes(res.data.update) } } : res;
    } catch {
      return null;
    }
  }

  /** One Yjs update; the ack means it is stored. Null when it could not be sent or got no answer in time. */
  async minutesUpdate(sessionId: string, part: MinutesPart, update: Uint8Array): Promise<Ack<{ stored: true }> | null> {
    const socket = this.#socket;
    if (!socket?.connected) return null;
    if (update.byteLength > MAX_MINUTES_UPDATE_BYTES) {
      const message = `Đoạn thay đổi quá lớn để gửi một lần (tối đa ${MAX_MINUTES_UPDATE_BYTES / 1024} KB); hãy dán từng phần nhỏ hơn.`;
      return { ok: false, error: { code: 'BAD_REQUEST', statusCode: 400, message } };
    }
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('minutes:update', { sessionId, part, update });
    } catch {
      return null;
    }
  }

  /** Cursors and who edits what: volatile, so a lost one is simply replaced by the next. */
  minutesAwareness(sessionId: string, part: MinutesPart, update: Uint8Array): void {
    const socket = this.#socket;
    if (socket?.connected) socket.volatile.emit('minutes:awareness', { sessionId, part, update });
  }

  /** Any other minutes request. Null when it could not be sent or got no answer in time. */
  async minutesCall<E extends MinutesCallEvent>(event: E, req: MinutesRequest<E>): Promise<MinutesAnswer<E> | null> {
    const socket = this.#socket;
    if (!socket?.connected) return null;
    // socket.io's typings cannot relate a generic event name to its own payload; the signature above does.
    const emitter = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(ev: E, req: MinutesRequest<E>): Promise<MinutesAnswer<E>> };
    try {
      return await emitter.emitWithAck(event, req);
    } catch {
      return null;
    }
  }

  #minutes(message: MinutesMessage): void {
    this.#minutesListeners.forEach((listener) => listener(message));
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
