// The minutes of one session as one open page holds them: the text in one link per part (MinutesDocLink:
// the open part, and for the chair's circle the closed part with a denouncer's statement), and the view the
// server builds (header, facts, fields, status). Components read it and call its methods; it and its links
// are the only ones to talk to the socket about minutes.
import {
  MINUTES_EDITORS,
  partOfField,
  type Ack,
  type ApiError,
  type EntryTextField,
  type Me,
  type MinutesContent,
  type MinutesFieldsRequest,
  type MinutesPart,
  type MinutesVersionSummary,
  type MinutesView,
  toBytes,
} from '$protocol';
import type { Answer, LiveManager, Request } from '../realtime/live.svelte.ts';
import { MinutesDocLink, unavailable } from './doc-link.svelte.ts';
import { cacheView, loadCachedView } from './local-store.ts';
import type { MinutesField, Writer } from './presence.svelte.ts';

export type SaveState = 'saved' | 'saving' | 'offline' | 'error';

/** The minutes' requests answered with an Ack; opening and storing text are the links' own. */
type MinutesCallEvent = 'minutes:view' | 'minutes:fields' | 'minutes:approve' | 'minutes:amend' | 'minutes:versions' | 'minutes:version';

export class MinutesSession {
  readonly sessionId: string;
  /** The text every reader of the minutes has. */
  readonly open: MinutesDocLink;
  /** A denouncer's statement: made once the server's view says this account is in the chair's circle. */
  closed = $state.raw<MinutesDocLink | null>(null);
  view = $state.raw<MinutesView | null>(null);
  /** Why the facts could not be refreshed; the last view stays on screen meanwhile. */
  viewError = $state.raw<ApiError | null>(null);
  /** What the browser says; the socket is held down while it says offline. */
  online = $state(navigator.onLine);
  #cachedViewRead = $state(false);

  #viewFetching = false;
  #viewAgain = false;
  #started = false;
  #stopped = false;
  #off: (() => void)[] = [];
  readonly #live: LiveManager;
  readonly #me: Me;

  constructor(live: LiveManager, sessionId: string, me: Me) {
    this.#live = live;
    this.sessionId = sessionId;
    this.#me = me;
    this.open = this.#link('open');
  }

  #link(part: MinutesPart): MinutesDocLink {
    const writer = (MINUTES_EDITORS as readonly string[]).includes(this.#me.role);
    return new MinutesDocLink(this.#live, this.sessionId, part, this.#me, writer, (view) => this.#adoptView(view));
  }

  get links(): MinutesDocLink[] {
    return this.closed ? [this.open, this.closed] : [this.open];
  }

  /** The link holding an entry's field (null: the session's own texts, always open); null when not held here. */
  linkFor(confidential: boolean, field: MinutesField): MinutesDocLink | null {
    const part = field === 'opening' || field === 'closing' ? 'open' : partOfField(confidential, field as EntryTextField);
    return part === 'open' ? this.open : this.closed;
  }

  /** The local copy (document, outbox, last view) is read: editors mount without flashing empty first. */
  localReady = $derived.by(() => this.#cachedViewRead && this.links.every((l) => l.localReady));
  /** Whether this account writes minutes at all (see MinutesDocLink.writer). */
  writer = $derived.by(() => this.open.writer);
  /** Every part this page holds is open on the current connection. */
  opened = $derived.by(() => this.links.every((l) => l.opened));
  connected = $derived.by(() => this.online && this.#live.state === 'connected');
  openError = $derived.by(() => this.links.map((l) => l.openError).find((e) => e !== null) ?? null);
  sendError = $derived.by(() => this.links.map((l) => l.sendError).find((e) => e !== null) ?? null);
  /** Changes waiting in the outboxes: written here, not yet acknowledged as stored. */
  pending = $derived.by(() => this.links.reduce((n, l) => n + l.pending, 0));
  storageFailed = $derived.by(() => this.links.some((l) => l.storageFailed));
  /** The editors are locked for readers and while the minutes are approved (until an amendment opens). */
  readOnly = $derived(!this.view?.canEdit || this.view.status === 'APPROVED');
  saveState: SaveState = $derived.by(() => {
    if (this.sendError) return 'error';
    const link = this.#live.state;
    if (!this.online || (link !== 'connected' && link !== 'connecting')) return 'offline';
    if (this.openError && link === 'connected') return 'error';
    return !this.opened || this.pending > 0 ? 'saving' : 'saved';
  });

  /** The others whose cursor is in this entry (null: the session's own texts), or in one field of it, in any part. */
  writersOf(entryId: string | null, field?: MinutesField): Writer[] {
    const here = this.links.filter((l) => l.opened).flatMap((l) => l.presence.writersOf(entryId, field));
    // One person is one name, whichever part (or tab) their cursors are in.
    return here.filter((w, i) => here.findIndex((other) => other.name === w.name) === i);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    // Every open minutes' pushes reach every page; each keeps its own session's. Bytes arrive as an
    // ArrayBuffer or a Buffer, depending on the transport, and Yjs wants a Uint8Array.
    this.#off.push(
      this.#live.on('minutes:update', ({ sessionId, part, update }) => this.#receiveText(sessionId, part, 'update', toBytes(update))),
      this.#live.on('minutes:awareness', ({ sessionId, part, update }) => this.#receiveText(sessionId, part, 'awareness', toBytes(update))),
      this.#live.on('minutes:changed', ({ sessionId, metaVersion }) => this.#changed(sessionId, metaVersion)),
    );
    window.addEventListener('offline', this.#onOffline);
    window.addEventListener('online', this.#onOnline);
    this.#off.push(() => {
      window.removeEventListener('offline', this.#onOffline);
      window.removeEventListener('online', this.#onOnline);
    });
    if (!navigator.onLine) this.#onOffline();
    void loadCachedView(this.#me.id, this.sessionId)
      .then((view) => view && this.#adoptView(view, false))
      .catch(() => {})
      .finally(() => (this.#cachedViewRead = true));
    this.open.start();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.links.forEach((l) => l.stop());
    this.#off.forEach((off) => off());
    this.#off = [];
    // The socket was held down for this page; other pages wait for socket.io to notice by itself.
    if (this.#live.paused) this.#live.resume();
  }

  /** Tries the refused or failed again: opens the minutes afresh and sends what the server lacks. */
  retry(): void {
    this.links.forEach((l) => l.retry());
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

  #adoptView(view: MinutesView, remember = true): void {
    if (this.#stopped) return;
    // An answer and a "changed" refetch can cross; the higher metaVersion is the newer truth.
    if (this.view && view.metaVersion < this.view.metaVersion) return;
    const unlocked = this.view?.status === 'APPROVED' && view.status !== 'APPROVED';
    this.view = view;
    if (remember) void cacheView(this.#me.id, view).catch(() => {});
    if (view.seesClosed && !this.closed) {
      this.closed = this.#link('closed');
      this.closed.start();
    }
    // Changes refused because the minutes were approved belong in the amendment that has just opened.
    if (unlocked) for (const link of this.links) if (link.sendError && link.opened) link.retry();
  }

  #adoptAnswer(res: Ack<MinutesView>): Ack<MinutesView> {
    if (res.ok) this.#adoptView(res.data);
    return res;
  }

  /** Facts, fields or status changed on the server: fetch the view again unless this one is as new. */
  #changed(sessionId: string, metaVersion: number): void {
    if (this.#stopped || sessionId !== this.sessionId) return;
    if (!this.view || metaVersion > this.view.metaVersion) void this.refreshView();
  }

  #receiveText(sessionId: string, part: MinutesPart, kind: 'update' | 'awareness', update: Uint8Array): void {
    if (this.#stopped || sessionId !== this.sessionId) return;
    const link = part === 'open' ? this.open : this.closed;
    link?.receive(kind, update);
  }

  #onOffline = (): void => {
    this.online = false;
    this.#live.pause();
  };

  #onOnline = (): void => {
    this.online = true;
    this.#live.resume();
  };

  async #call<E extends MinutesCallEvent>(event: E, req: Request<E>): Promise<Answer<E>> {
    // An Ack's refusal fits every answer type; TypeScript cannot see that through the generic.
    const offline = { ok: false, error: unavailable() } as Answer<E>;
    if (!this.connected) return offline;
    return (await this.#live.call(event, req)) ?? offline;
  }
}
