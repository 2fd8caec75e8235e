// The live session as one open view sees it: the queue, the floor and the turn clock, kept current from the
// server's versioned patches over the page's one socket. Components read it and call send(); nothing else
// writes the state. On every (re)connect it catches up from the last version it holds, and until it has,
// it says so (stale), so nobody takes an old queue for the current one.
import {
  LiveCommand,
  decide,
  mayIssue,
  orderedWaiting,
  remainingMs,
  type CommandResult,
  type Actor,
  type LiveAudience,
  type LiveCommandType,
  type LiveContext,
  type LiveRefusal,
  type Ack,
  type MessageKey,
  type MessageParams,
  type MinutesConclusionRequest,
  type MinutesView,
  type LivePatch,
  type LiveState,
  type Me,
  type QueueEntry,
  type SessionSummary,
  type SiteSummary,
  type SyncResult,
} from '$protocol';
import { api } from '../lib/api.ts';
import type { LiveManager } from '../realtime/live.svelte.ts';
import { applyPatch, drainPending } from './apply-patch.ts';

/**
 * A refusal or failure to show: the server's message (by `key`, worded in the page's language, with the
 * Vietnamese text beside it), or a page-made one by its UI key.
 */
export interface LiveError {
  code: string;
  message: string;
  key?: MessageKey;
  params?: MessageParams;
  uiKey?: 'liveSession.offline' | 'liveSession.noAnswer';
}
export type SyncState = 'syncing' | 'synced' | 'offline' | 'error';

const TICK_MS = 250;
const SYNC_RETRY_MS = 5000;
/** How long an intent waits for a lost channel to come back before it is sent (or refused) anyway. */
const SETTLE_WAIT_MS = 15_000;
const SETTLE_POLL_MS = 100;
/** Refusals that retrying cannot fix. */
const FINAL_SYNC_ERRORS = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'BAD_REQUEST']);
const ACTIVE = new Set(['SPEAKING', 'PAUSED']);

const byPosition = (a: QueueEntry, b: QueueEntry) => a.position - b.position || a.registeredAt.localeCompare(b.registeredAt);

export class LiveSession {
  readonly sessionId: string;
  readonly me: Me;
  state = $state.raw<LiveState | null>(null);
  summary = $state.raw<SessionSummary | null>(null);
  /** Server clock minus this device's clock, so every site counts down the same turn alike. */
  serverOffset = $state(0);
  now = $state(Date.now());
  lastError = $state.raw<LiveError | null>(null);
  syncError = $state.raw<LiveError | null>(null);
  /** Intents sent and not yet answered. */
  pending = $state(0);
  /** The chair is ending the turn: its conclusion is being chosen (the E key opens the same panel). */
  ending = $state(false);

  #syncedEpoch = $state(-1);
  #catchingUp = $state(false);
  #queued: LivePatch[] = [];
  /** The intent the server last refused, to tell when its refusal no longer applies. */
  #lastRefused: LiveCommand | null = null;
  #syncAgain = false;
  /** Catch-ups in a row that still left a hole; after a few the held patches are dropped, not chased. */
  #holes = 0;
  #wantSnapshot = false;
  #stopped = true;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #unsubscribe: (() => void)[] = [];
  readonly #live: LiveManager;

  /** `public` on a room's TV: the server names no confidential citizen to it, not even its own site's. */
  readonly audience: LiveAudience;

  constructor(live: LiveManager, sessionId: string, me: Me, audience: LiveAudience = 'own') {
    this.#live = live;
    this.sessionId = sessionId;
    this.me = me;
    this.audience = audience;
  }

  syncState: SyncState = $derived.by(() => {
    if (this.#live.state !== 'connected') return 'offline';
    if (this.syncError) return 'error';
    return this.#syncedEpoch === this.#live.epoch && !this.#catchingUp ? 'synced' : 'syncing';
  });
  stale = $derived(this.syncState !== 'synced');
  serverNow = $derived(this.now + this.serverOffset);

  /** Waiting registrations in calling order: the order the server calls them in. */
  waiting = $derived(this.state ? orderedWaiting(this.state) : []);
  /** Waiting registrations by position: the order entry.move counts in. */
  byPosition = $derived((this.state?.entries ?? []).filter((e) => e.status === 'WAITING').sort(byPosition));
  next = $derived(this.waiting[0] ?? null);
  current = $derived.by(() => {
    const entries = this.state?.entries ?? [];
    const floorEntry = entries.find((e) => e.id === this.state?.floor?.entryId && ACTIVE.has(e.status));
    return floorEntry ?? entries.find((e) => ACTIVE.has(e.status)) ?? null;
  });
  called = $derived(this.state?.entries.find((e) => e.status === 'CALLED') ?? null);
  mine = $derived((this.state?.entries ?? []).filter((e) => e.siteId === this.me.site.id));
  finished = $derived(
    (this.state?.entries ?? []).filter((e) => e.status === 'DONE').sort((a, b) => (a.endedAt ?? '').localeCompare(b.endedAt ?? '')),
  );
  /** The site whose video is spotlighted: whoever holds the floor during a turn. */
  speakerSiteId = $derived(this.current && this.state?.floor ? this.state.floor.speaker.siteId : null);
  holdsFloor = $derived.by(() => this.speakerSiteId === this.me.site.id);

  /** Who is connected, from the media server's webhooks (volatile, kept apart from the live state). */
  presence = $derived.by(() => this.#live.presence);
  sites = $derived.by(() => {
    const list: SiteSummary[] = [];
    if (this.summary) list.push(this.summary.hostSite, ...this.summary.sites);
    for (const presence of this.#live.presence?.sites ?? []) list.push(presence.site);
    return Object.fromEntries(list.map((site) => [site.id, site])) as Record<string, SiteSummary>;
  });

  siteOf(siteId: string): SiteSummary | undefined {
    return this.sites[siteId];
  }

  may(type: LiveCommandType): boolean {
    return mayIssue(this.me.role, type);
  }

  /** This person, as the live session's rules see them. */
  get actor(): Actor {
    return { accountId: this.me.id, role: this.me.role, siteId: this.me.site.id, siteKind: this.me.site.kind, name: this.me.fullName };
  }
  /** What the rules need beside the state, from the session summary. */
  #context = $derived.by((): Omit<LiveContext, 'newId'> | null => {
    const s = this.summary;
    if (!s) return null;
    return {
      hostSiteId: s.hostSite.id,
      // Built anew from the summary each time, never mutated: plain collections are what the rules expect.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      siteIds: new Set([s.hostSite.id, ...s.sites.map((site) => site.id)]),
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      agencyReps: new Map(s.agencyReps.map((r) => [r.accountId, { name: r.name, siteId: r.siteId, agencyName: r.agencyName }])),
    };
  });

  /**
   * Why the server would refuse this intent now, or null if it would take it: the same pure rules the server
   * decides with, run on the state this page holds. A button the rules refuse is not offered.
   */
  refusal(command: LiveCommand): LiveRefusal | null {
    const state = this.state;
    const ctx = this.#context;
    if (!state || !ctx) return null;
    const parsed = LiveCommand.safeParse(command);
    if (!parsed.success) return null;
    const decision = decide(state, parsed.data, this.actor, { ...ctx, newId: () => 'dry-run' }, this.serverNow);
    return decision.ok ? null : decision.error;
  }

  allowed(command: LiveCommand): boolean {
    return this.may(command.type) && this.refusal(command) === null;
  }

  /** 1-based place in the calling order, or null when the entry is not waiting. */
  placeOf(entryId: string): number | null {
    const index = this.waiting.findIndex((e) => e.id === entryId);
    return index < 0 ? null : index + 1;
  }

  remaining(entry: QueueEntry): number {
    return remainingMs(entry, this.serverNow);
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#unsubscribe = [
      this.#live.onPatch((patch) => this.#receive(patch)),
      this.#live.onWatched((id) => {
        if (id === this.sessionId) void this.#sync();
      }),
    ];
    const tick = setInterval(() => (this.now = Date.now()), TICK_MS);
    this.#unsubscribe.push(() => clearInterval(tick));
    this.#live.watch(this.sessionId);
    // Watched already (a second view of the same session): no new acknowledgement will come, so catch up now.
    if (this.#live.isWatched(this.sessionId)) void this.#sync();
    api
      .get<SessionSummary>(`/api/sessions/${encodeURIComponent(this.sessionId)}`)
      .then((found) => (this.summary = found))
      .catch(() => {}); // titles and site names are a nicety; the room reports real failures
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe.forEach((off) => off());
    this.#unsubscribe = [];
    this.#timers.forEach((timer) => clearTimeout(timer));
    this.#timers = [];
    this.#live.unwatch(this.sessionId);
  }

  /** Sends an intent; the answer is returned, and a refusal is also kept in lastError for the alert region. */
  async send(command: LiveCommand): Promise<CommandResult> {
    const parsed = LiveCommand.safeParse(command);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ';
      return this.#refused({ code: 'BAD_REQUEST', message });
    }
    this.pending += 1;
    try {
      await this.#settled();
      const result = await this.#live.command(this.sessionId, command);
      if (!result) return this.#refused(this.#noAnswer());
      if (!result.ok) return this.#refused(result.error, command);
      this.lastError = null;
      return result;
    } finally {
      this.pending -= 1;
    }
  }

  /**
   * A click during a short outage (a server restart, a network blip) is meant for when the channel is back:
   * wait a little for the connection and the catch-up, then send; after that, send anyway and let the
   * server answer (or say the connection is lost).
   */
  async #settled(): Promise<void> {
    const until = Date.now() + SETTLE_WAIT_MS;
    while (!this.#stopped && Date.now() < until && (this.syncState === 'offline' || this.syncState === 'syncing')) {
      if (this.#live.state === 'idle' || this.#live.state === 'outdated') return;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  /** The chair's conclusion of a turn, into the minutes' fields (see EndTurnPanel). Null without an answer. */
  conclude(entryId: string, conclusion: Omit<MinutesConclusionRequest, 'sessionId' | 'entryId'>): Promise<Ack<MinutesView> | null> {
    return this.#live.minutesCall('minutes:conclusion', { sessionId: this.sessionId, entryId, ...conclusion });
  }

  /** Shows a page-made refusal in the alert region, like the server's. */
  explain(result: CommandResult): CommandResult {
    if (!result.ok) this.lastError = { code: result.error.code, message: result.error.message, key: result.error.key, params: result.error.params };
    return result;
  }

  dismissError(): void {
    this.lastError = null;
    this.#lastRefused = null;
  }

  /** A refusal that no longer applies (the state moved on and the same intent would now be taken) goes away. */
  #forgetStaleRefusal(): void {
    const command = this.#lastRefused;
    if (command && this.lastError && this.refusal(command) === null) this.dismissError();
  }

  #refused(error: LiveError, command?: LiveCommand): CommandResult {
    this.lastError = error;
    this.#lastRefused = command ?? null;
    return { ok: false, error: { code: error.code, message: error.message, ...(error.key ? { key: error.key, params: error.params } : {}) } };
  }

  #noAnswer(): LiveError {
    const offline = this.#live.state !== 'connected';
    return offline
      ? { code: 'UNAVAILABLE', message: 'Mất kết nối máy chủ.', uiKey: 'liveSession.offline' }
      : { code: 'UNAVAILABLE', message: 'Máy chủ không trả lời.', uiKey: 'liveSession.noAnswer' };
  }

  #receive(patch: LivePatch): void {
    if (this.#stopped || patch.sessionId !== this.sessionId) return;
    this.serverOffset = Date.parse(patch.at) - Date.now();
    if (!this.state) {
      this.#queued.push(patch); // the first snapshot is on its way; keep what arrives meanwhile
      return;
    }
    const outcome = applyPatch(this.state, patch);
    if (outcome.kind === 'applied') this.#adopt(outcome.state);
    else if (outcome.kind === 'gap') {
      this.#queued.push(patch);
      void this.#sync();
    }
  }

  #adopt(state: LiveState): void {
    const drained = drainPending(state, this.#queued);
    this.#queued = drained.pending;
    this.state = drained.state;
    this.#forgetStaleRefusal();
  }

  /** Catches up from the version held; one request at a time, repeated if more was missed meanwhile. */
  async #sync(): Promise<void> {
    if (this.#catchingUp) {
      this.#syncAgain = true;
      return;
    }
    this.#catchingUp = true;
    const epoch = this.#live.epoch;
    const version = this.#wantSnapshot ? null : (this.state?.version ?? null);
    this.#wantSnapshot = false;
    let retry = false;
    try {
      const res = await this.#live.sync(this.sessionId, version, this.audience);
      if (this.#stopped || epoch !== this.#live.epoch) return; // a new connection syncs again by itself
      if (!res) {
        this.syncError = this.#noAnswer();
        retry = true;
      } else if (!res.ok) {
        this.syncError = { code: res.error.code, message: res.error.message, key: res.error.key, params: res.error.params };
        retry = !FINAL_SYNC_ERRORS.has(res.error.code);
      } else {
        this.syncError = null;
        this.#catchUp(res.data);
        this.#checkHoles(res.data.kind);
        this.#syncedEpoch = epoch;
      }
    } finally {
      this.#catchingUp = false;
    }
    if (this.#syncAgain && !this.#stopped) {
      this.#syncAgain = false;
      void this.#sync();
    } else if (retry && !this.#stopped) {
      this.#timers.push(setTimeout(() => void this.#sync(), SYNC_RETRY_MS));
    }
  }

  #catchUp(data: SyncResult): void {
    if (data.kind === 'snapshot') {
      this.serverOffset = Date.parse(data.snapshot.serverTime) - Date.now();
      const incoming = data.snapshot.state;
      // A snapshot older than what patches already brought would step back in time.
      if (!this.state || incoming.version >= this.state.version) this.#adopt(incoming);
      return;
    }
    this.serverOffset = Date.parse(data.serverTime) - Date.now();
    if (!this.state) return;
    this.#queued.push(...data.patches);
    this.#adopt(this.state);
  }

  /** Patches still held after a catch-up mean versions are missing: ask again, for a snapshot after patches. */
  #checkHoles(kind: SyncResult['kind']): void {
    if (this.#queued.length === 0) {
      this.#holes = 0;
      return;
    }
    this.#holes += 1;
    if (this.#holes > 3) {
      this.#queued = []; // the next patch that does not fit starts a fresh catch-up
      this.#holes = 0;
      return;
    }
    this.#wantSnapshot = kind === 'patches';
    this.#syncAgain = true;
  }
}
