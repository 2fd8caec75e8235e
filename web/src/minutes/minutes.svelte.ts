// The minutes of one session as one open page holds them: the Yjs document of what secretaries write (kept
// in IndexedDB too, so a reload shows it even offline), the awareness of who writes where, the outbox of
// changes not yet stored, and the view the server builds (header, facts, fields, status). Components read
// it and call its methods; only it talks to the socket.
//
// The rule it keeps: nothing typed is ever lost. A local change goes to the outbox (on disk) and out at
// once; it leaves the outbox only when the server says it is stored. After every (re)connect the page opens
// the minutes again and sends whatever the server's document lacks, which covers the outbox, a lost ack and
// anything typed before a reload.
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import {
  MAX_MINUTES_UPDATE_BYTES,
  MINUTES_EDITORS,
  type Ack,
  type ApiError,
  type Me,
  type MinutesContent,
  type MinutesFieldsRequest,
  type MinutesVersionSummary,
  type MinutesView,
} from '$protocol';
import { UNAVAILABLE_MESSAGE } from '../lib/api.ts';
import type { LiveManager, MinutesAnswer, MinutesCallEvent, MinutesMessage, MinutesRequest } from '../realtime/live.svelte.ts';
import { cacheView, docName, loadCachedView } from './local-store.ts';
import { Outbox, type Batch } from './outbox.ts';
import { MinutesPresence } from './presence.svelte.ts';
import { whatServerLacks } from './sync.ts';

export type SaveState = 'saved' | 'saving' | 'offline' | 'error';

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

const unavailable = (): ApiError => ({ code: 'UNAVAILABLE', statusCode: 0, message: UNAVAILABLE_MESSAGE });

export class MinutesSession {
  readonly sessionId: string;
  readonly doc = new Y.Doc();
  readonly presence: MinutesPresence;
  readonly outbox: Outbox;
  view = $state.raw<MinutesView | null>(null);
  /** The local copy (document, outbox, last view) is read: editors mount without flashing empty first. */
  localReady = $state(false);
  /** Why the minutes could not be opened. */
  openError = $state.raw<ApiError | null>(null);
  /** Why the facts could not be refreshed; the last view stays on screen meanwhile. */
  viewError = $state.raw<ApiError | null>(null);
  /** Why the server refused to store an update; the update waits in the outbox meanwhile. */
  sendError = $state.raw<ApiError | null>(null);
  /** What the browser says; the socket is held down while it says offline. */
  online = $state(navigator.onLine);
  /** Changes waiting in the outbox: written here, not yet acknowledged as stored. */
  pending = $state(0);
  /** This browser would not store the outbox (private mode, full disk): an offline reload would lose it. */
  storageFailed = $state(false);
  /**
   * Whether this account writes minutes at all (the server's word from `minutes:open`; the role until then).
   * Unlike view.canEdit it stays true while the minutes are approved: changes typed before the approval
   * are still sent, so that the server's refusal shows, and the writer may open an amendment.
   */
  writer = $state(false);

  #openedEpoch = $state(-1);
  #openingEpoch = -1;
  #presenceEpoch = -1;
  /** Ids of the batches sent on this connection and not yet answered. */
  #inFlight: number[] = [];
  #localLoad: Promise<void> = Promise.resolve();
  #persistence: IndexeddbPersistence | null = null;
  #viewFetching = false;
  #viewAgain = false;
  #started = false;
  #stopped = false;
  #waitTimer: ReturnType<typeof setTimeout> | undefined;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #off: (() => void)[] = [];
  readonly #live: LiveManager;
  readonly #accountId: string;

  constructor(live: LiveManager, sessionId: string, me: Me) {
    this.#live = live;
    this.sessionId = sessionId;
    this.#accountId = me.id;
    this.writer = (MINUTES_EDITORS as readonly string[]).includes(me.role);
    this.outbox = new Outbox(sessionId, () => {
      this.pending = this.outbox.size;
      this.storageFailed = this.outbox.storageFailed;
    });
    this.presence = new MinutesPresence(this.doc, me, (update) => {
      if (this.opened && this.writer) this.#live.minutesAwareness(this.sessionId, update);
    });
  }

  /** Opened on the current connection: the server sent the document and relays the others' changes. */
  opened = $derived.by(() => this.#openedEpoch === this.#live.epoch && this.#live.state === 'connected');
  connected = $derived.by(() => this.online && this.#live.state === 'connected');
  /** The editors are locked for readers and while the minutes are approved (until an amendment opens). */
  readOnly = $derived(!this.view?.canEdit || this.view.status === 'APPROVED');
  saveState: SaveState = $derived.by(() => {
    if (this.sendError) return 'error';
    const link = this.#live.state;
    if (!this.online || (link !== 'connected' && link !== 'connecting')) return 'offline';
    if (this.openError && link === 'connected') return 'error';
    return !this.opened || this.pending > 0 ? 'saving' : 'saved';
  });

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#persistence = new IndexeddbPersistence(docName(this.sessionId), this.doc);
    this.doc.on('update', this.#onDocUpdate);
    this.#off.push(
      this.#live.onConnect(() => void this.#open()),
      this.#live.onMinutes((message) => this.#receive(message)),
    );
    window.addEventListener('offline', this.#onOffline);
    window.addEventListener('online', this.#onOnline);
    this.#off.push(() => {
      window.removeEventListener('offline', this.#onOffline);
      window.removeEventListener('online', this.#onOnline);
    });
    if (!navigator.onLine) this.#onOffline();
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
    this.#off.forEach((off) => off());
    this.#off = [];
    clearTimeout(this.#waitTimer);
    this.#timers.forEach((timer) => clearTimeout(timer));
    this.doc.off('update', this.#onDocUpdate);
    void this.#persistence?.destroy();
    this.doc.destroy();
    // The socket was held down for this page; other pages wait for socket.io to notice by itself.
    if (this.#live.paused) this.#live.resume();
  }

  /** Tries the refused or failed again: opens the minutes afresh and sends what the server lacks. */
  retry(): void {
    this.sendError = null;
    this.openError = null;
    void this.#open();
  }

  async refreshView(): Promise<void> {
    if (this.#viewFetching) {
      this.#viewAgain = true;
      return;
    }
    this.#viewFetching = true;
    try {
      const res = await this.#call('minutes:view', { sessionId: this.sessionId });
      if (res.ok) {
        this.viewError = null;
        this.#adoptView(res.data);
      } else if (res.error.code !== 'UNAVAILABLE') {
        // A lost connection is the status line's to report; the reconnect fetches the view anyway.
        this.viewError = res.error;
      }
    } finally {
      this.#viewFetching = false;
    }
    if (this.#viewAgain && !this.#stopped) {
      this.#viewAgain = false;
      void this.refreshView();
    }
  }

  async saveFields(fields: Omit<MinutesFieldsRequest, 'sessionId'>): Promise<Ack<MinutesView>> {
    return this.#adoptAnswer(await this.#call('minutes:fields', { sessionId: this.sessionId, ...fields }));
  }

  async approve(): Promise<Ack<MinutesView>> {
    return this.#adoptAnswer(await this.#call('minutes:approve', { sessionId: this.sessionId }));
  }

  async amend(reason: string): Promise<Ack<MinutesView>> {
    return this.#adoptAnswer(await this.#call('minutes:amend', { sessionId: this.sessionId, reason }));
  }

  versions(): Promise<Ack<MinutesVersionSummary[]>> {
    return this.#call('minutes:versions', { sessionId: this.sessionId });
  }

  version(number: number): Promise<Ack<MinutesContent>> {
    return this.#call('minutes:version', { sessionId: this.sessionId, number });
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
      loadCachedView(this.#accountId, this.sessionId)
        .then((view) => view && this.#adoptView(view, false))
        .catch(() => {}),
    ]);
    clearTimeout(timer);
    if (!this.#stopped) this.localReady = true;
  }

  #adoptView(view: MinutesView, remember = true): void {
    // An answer and a "changed" refetch can cross; the higher metaVersion is the newer truth.
    if (this.view && view.metaVersion < this.view.metaVersion) return;
    const unlocked = this.view?.status === 'APPROVED' && view.status !== 'APPROVED';
    this.view = view;
    if (remember) void cacheView(this.#accountId, view).catch(() => {});
    // Changes refused because the minutes were approved belong in the amendment that has just opened.
    if (unlocked && this.sendError && this.opened) this.retry();
  }

  #adoptAnswer(res: Ack<MinutesView>): Ack<MinutesView> {
    if (res.ok) this.#adoptView(res.data);
    return res;
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

  #onOffline = (): void => {
    this.online = false;
    this.#live.pause();
  };

  #onOnline = (): void => {
    this.online = true;
    this.#live.resume();
  };

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
      const res = await this.#live.minutesOpen(this.sessionId);
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
      this.#adoptView(res.data.view);
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

  #receive(message: MinutesMessage): void {
    if (this.#stopped || message.sessionId !== this.sessionId) return;
    if (message.type === 'update') this.#apply(message.update, SERVER);
    else if (message.type === 'awareness') this.presence.receive(message.update);
    else if (!this.view || message.metaVersion > this.view.metaVersion) void this.refreshView();
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
    const res = await this.#live.minutesUpdate(this.sessionId, batch.update);
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

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers = this.#timers.filter((t) => t !== timer);
      run();
    }, ms);
    this.#timers.push(timer);
  }

  async #call<E extends MinutesCallEvent>(event: E, req: MinutesRequest<E>): Promise<MinutesAnswer<E>> {
    // An Ack's refusal fits every answer type; TypeScript cannot see that through the generic.
    const offline = { ok: false, error: unavailable() } as MinutesAnswer<E>;
    if (!this.connected) return offline;
    return (await this.#live.minutesCall(event, req)) ?? offline;
  }
}
