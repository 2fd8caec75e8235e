// One part of the minutes' text (see MINUTES_PARTS: the open part every reader has, the closed part with a
// denouncer's statement that only the chair's circle opens) as this page holds it: its Yjs document, kept in
// IndexedDB too so a reload shows it even offline, the awareness of who writes where in it, and the outbox
// of its changes not yet stored. MinutesSession holds one link per part it may open; only the links talk to
// the socket about text.
//
// The rule a link keeps: nothing typed is ever lost. A local change goes to the outbox (on disk) and out at
// once; it leaves the outbox only when the server says it is stored. After every (re)connect the link opens
// its part again and sends whatever the server's document lacks, which covers the outbox, a lost ack and
// anything typed before a reload.
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { MAX_MINUTES_UPDATE_BYTES, toBytes, type Ack, type ApiError, type Me, type MinutesOpened, type MinutesPart, type MinutesView } from '$protocol';
import { UNAVAILABLE_MESSAGE } from '../lib/api.ts';
import type { LiveManager } from '../realtime/live.svelte.ts';
import { docName } from './local-store.ts';
import { Outbox, type Batch } from './outbox.ts';
import { MinutesPresence } from './presence.svelte.ts';
import { whatServerLacks } from './sync.ts';

/** Origins of document changes that must not be sent back: from the server, or restored from this browser. */
const SERVER = 'server';
const RESTORED = 'restored';
/** A change made while another is in flight leaves with that one's ack, or after this long at the latest. */
const MAX_WAIT_MS = 800;
/** A send without an answer is tried again this soon; the server takes a repeated update harmlessly. */
const RESEND_AFTER_MS = 2000;
const REOPEN_AFTER_MS = 5000;
/** y-indexeddb never settles when IndexedDB is blocked; the page then goes on without its local copy. */
const LOCAL_LOAD_TIMEOUT_MS = 3000;
/** Refusals of `minutes:open` that trying again cannot fix. */
const FINAL_ERRORS = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'BAD_REQUEST']);

export const unavailable = (): ApiError => ({ code: 'UNAVAILABLE', statusCode: 0, message: UNAVAILABLE_MESSAGE });

/** Where this part's local copy lives: the closed part apart, so the two never mix on disk. */
const localKey = (sessionId: string, part: MinutesPart): string => (part === 'open' ? sessionId : `${sessionId}:closed`);

export class MinutesDocLink {
  readonly doc = new Y.Doc();
  readonly presence: MinutesPresence;
  readonly outbox: Outbox;
  /** The local copy (document and outbox) is read. */
  localReady = $state(false);
  /** Why the part could not be opened. */
  openError = $state.raw<ApiError | null>(null);
  /** Why the server refused to store an update; the update waits in the outbox meanwhile. */
  sendError = $state.raw<ApiError | null>(null);
  /** Changes waiting in the outbox: written here, not yet acknowledged as stored. */
  pending = $state(0);
  /** This browser would not store the outbox (private mode, full disk): an offline reload would lose it. */
  storageFailed = $state(false);
  /**
   * Whether this account writes minutes at all (the server's word from `minutes:open`; the role until then).
   * It stays true while the minutes are approved: changes typed before the approval are still sent, so that
   * the server's refusal shows, and the writer may open an amendment.
   */
  writer = $state(false);

  #openedEpoch = $state(-1);
  #openingEpoch = -1;
  #presenceEpoch = -1;
  /** Ids of the batches sent on this connection and not yet answered. */
  #inFlight: number[] = [];
  #localLoad: Promise<void> = Promise.resolve();
  #persistence: IndexeddbPersistence | null = null;
  #started = false;
  #stopped = false;
  #waitTimer: ReturnType<typeof setTimeout> | undefined;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #offConnect: (() => void) | null = null;
  readonly #live: LiveManager;
  readonly #sessionId: string;
  readonly #part: MinutesPart;
  /** The view that came with an open answer, for the session to adopt. */
  readonly #onView: (view: MinutesView) => void;

  constructor(live: LiveManager, sessionId: string, part: MinutesPart, me: Me, writer: boolean, onView: (view: MinutesView) => void) {
    this.#live = live;
    this.#sessionId = sessionId;
    this.#part = part;
    this.#onView = onView;
    this.writer = writer;
    this.outbox = new Outbox(localKey(sessionId, part), () => {
      this.pending = this.outbox.size;
      this.storageFailed = this.outbox.storageFailed;
    });
    this.presence = new MinutesPresence(this.doc, me, (update) => {
      // Volatile: a lost cursor is simply replaced by the next.
      if (this.opened && this.writer) this.#live.cast('minutes:awareness', { sessionId: this.#sessionId, part: this.#part, update });
    });
  }

  /** Opened on the current connection: the server sent the document and relays the others' changes. */
  opened = $derived.by(() => this.#openedEpoch === this.#live.epoch && this.#live.state === 'connected');

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#persistence = new IndexeddbPersistence(docName(localKey(this.#sessionId, this.#part)), this.doc);
    this.doc.on('update', this.#onDocUpdate);
    this.#offConnect = this.#live.onConnect(() => void this.#open());
    this.#localLoad = this.#loadLocal();
    if (this.#live.connected) void this.#open();
  }

  stop(): void {
    if (this.#stopped) return;
    // What is still waiting goes out now; the socket outlives this page and the acks still clear the outbox.
    if (this.opened && this.writer && !this.sendError) {
      for (let batch = this.outbox.claim(MAX_MINUTES_UPDATE_BYTES); batch; batch = this.outbox.claim(MAX_MINUTES_UPDATE_BYTES)) {
        void this.#send(batch);
      }
    }
    this.presence.destroy(); // tells the others this writer left, while `opened` still holds
    this.#stopped = true;
    this.#offConnect?.();
    clearTimeout(this.#waitTimer);
    this.#timers.forEach((timer) => clearTimeout(timer));
    this.doc.off('update', this.#onDocUpdate);
    void this.#persistence?.destroy();
    this.doc.destroy();
  }

  /** Tries the refused or failed again: opens the part afresh and sends what the server lacks. */
  retry(): void {
    this.sendError = null;
    this.openError = null;
    void this.#open();
  }

  /** An update or awareness change of this part, relayed by the server. */
  receive(kind: 'update' | 'awareness', update: Uint8Array): void {
    if (this.#stopped) return;
    if (kind === 'update') this.#apply(update, SERVER);
    else this.presence.receive(update);
  }

  // ---------------------------------------------------------------------------------------------
  // Local copy

  async #loadLocal(): Promise<void> {
    const persistence = this.#persistence;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, LOCAL_LOAD_TIMEOUT_MS)));
    await Promise.all([
      persistence ? Promise.race([persistence.whenSynced.then(() => {}), timeout]) : null,
      // The outbox can hold what y-indexeddb missed (a crash between the two writes): apply it as well.
      this.outbox.load().then((updates) => updates.forEach((update) => this.#apply(update, RESTORED))),
    ]);
    clearTimeout(timer);
    if (!this.#stopped) this.localReady = true;
  }

  #apply(update: Uint8Array, origin: string): void {
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch {
      // A malformed update must not take the page down; the next open brings the whole document.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Connection

  #stale(epoch: number): boolean {
    return this.#stopped || epoch !== this.#live.epoch || !this.#live.connected;
  }

  async #open(): Promise<void> {
    const epoch = this.#live.epoch;
    if (this.#stopped || this.#openingEpoch === epoch) return;
    this.#openingEpoch = epoch;
    try {
      // Nothing sent before is counted as in flight any more: what the server lacks is sent afresh below.
      this.#inFlight = [];
      this.outbox.releaseAll();
      // On a new connection nobody's cursor is known until they speak again.
      if (this.#presenceEpoch !== epoch) this.presence.forgetOthers();
      this.#presenceEpoch = epoch;
      await this.#localLoad;
      if (this.#stale(epoch)) return;
      const res = await this.#openPart();
      if (this.#stale(epoch)) return;
      if (!res || !res.ok) {
        this.openError = res ? res.error : unavailable();
        if (!res || !FINAL_ERRORS.has(res.error.code)) {
          this.#later(REOPEN_AFTER_MS, () => {
            if (!this.#stale(epoch)) void this.#open();
          });
        }
        return;
      }
      this.openError = null;
      this.sendError = null; // a fresh start: what was refused is tried once more below
      this.#apply(res.data.update, SERVER);
      this.#onView(res.data.view);
      this.writer = res.data.canEdit;
      this.#openedEpoch = epoch;
      if (res.data.canEdit) {
        this.presence.announce();
        await this.#sendMissing(res.data.update);
      }
    } finally {
      if (this.#openingEpoch === epoch) this.#openingEpoch = -1;
    }
  }

  /** Sends what the server's document lacks: the outbox, lost acks, anything typed before a reload. */
  async #sendMissing(serverUpdate: Uint8Array): Promise<void> {
    const diff = whatServerLacks(this.doc, serverUpdate);
    if (!diff) {
      // The server has it all: what waits here was stored and only its ack was lost.
      void this.outbox.settle(this.outbox.claimAll(serverUpdate));
      return;
    }
    // Too big for one message (a long offline stretch): the outbox goes out piece by piece instead.
    if (diff.byteLength > MAX_MINUTES_UPDATE_BYTES) {
      this.#schedule();
      return;
    }
    await this.#send(this.outbox.claimAll(diff));
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === SERVER || origin === RESTORED || origin === this.#persistence) return;
    this.outbox.append(update);
    this.#schedule();
  };

  /** Sends now when nothing is in flight; otherwise the change joins the next message, which waits at most MAX_WAIT_MS. */
  #schedule(): void {
    if (this.#stopped || !this.opened || !this.writer || this.sendError || !this.outbox.hasWaiting()) return;
    if (this.#inFlight.length === 0) {
      clearTimeout(this.#waitTimer);
      this.#waitTimer = undefined;
      this.#flush();
      return;
    }
    this.#waitTimer ??= setTimeout(() => {
      this.#waitTimer = undefined;
      this.#flush();
    }, MAX_WAIT_MS);
  }

  #flush(): void {
    if (!this.opened || this.sendError) return;
    const batch = this.outbox.claim(MAX_MINUTES_UPDATE_BYTES);
    if (batch) void this.#send(batch);
  }

  async #send(batch: Batch): Promise<void> {
    this.#inFlight.push(batch.id);
    await this.outbox.written(batch);
    const res = await this.#store(batch.update);
    // False when a reconnect (or leaving the page) has taken the batch's items over since.
    const current = this.#inFlight.includes(batch.id);
    this.#inFlight = this.#inFlight.filter((id) => id !== batch.id);
    if (res?.ok) {
      void this.outbox.settle(batch);
      if (current) this.#schedule();
      return;
    }
    this.outbox.release(batch);
    if (res) {
      // Kept in the outbox, with the server's reason on screen; sent again on retry or the next connection.
      this.sendError = res.error;
      return;
    }
    if (current && !this.#stopped) this.#later(RESEND_AFTER_MS, () => this.#schedule());
  }

  /** The part's whole document and the view; joins this socket to that part's room. Null without an answer. */
  async #openPart(): Promise<Ack<MinutesOpened> | null> {
    const res = await this.#live.call('minutes:open', { sessionId: this.#sessionId, part: this.#part });
    // Bytes arrive as an ArrayBuffer or a Buffer, depending on the transport; Yjs wants a Uint8Array.
    return res?.ok ? { ok: true, data: { ...res.data, update: toBytes(res.data.update) } } : res;
  }

  /** One Yjs update; the ack means it is stored. Null when it could not be sent or got no answer in time. */
  async #store(update: Uint8Array): Promise<Ack<{ stored: true }> | null> {
    if (!this.#live.connected) return null;
    // Never sent: the server would refuse it anyway, and a message over its hard limit would cost the connection.
    if (update.byteLength > MAX_MINUTES_UPDATE_BYTES) {
      const message = `Đoạn thay đổi quá lớn để gửi một lần (tối đa ${MAX_MINUTES_UPDATE_BYTES / 1024} KB); hãy dán từng phần nhỏ hơn.`;
      return { ok: false, error: { code: 'BAD_REQUEST', statusCode: 400, message } };
    }
    return this.#live.call('minutes:update', { sessionId: this.#sessionId, part: this.#part, update });
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers = this.#timers.filter((t) => t !== timer);
      run();
    }, ms);
    this.#timers.push(timer);
  }
}
