// The live session as one open view sees it: the queue, the floor and the turn clock, kept current from the
// server's versioned patches over the page's one socket. Components read it and call send(); nothing else
// writes the state. On every (re)connect it catches up from the last version it holds, and until it has,
// it says so (stale), so nobody takes an old queue for the current one.
import {
  LiveCommand,
  MAX_INTENT_BYTES,
  decide,
  mayIssue,
  runsAsLeader,
  orderedWaiting,
  remainingMs,
  type ApiError,
  type CommandResult,
  type Actor,
  type LiveAudience,
  type LiveCommandType,
  type LiveContext,
  type LiveRefusal,
  type Ack,
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
import { offeredFields } from '../lib/petition-fields.ts';
import { fromStore } from 'svelte/store';
import type { SessionPresence } from '../presence/presence.svelte.ts';
import type { LiveManager } from '../realtime/live.svelte.ts';
import { IntentOutbox } from '../realtime/outbox.ts';
import { receivePatch, receiveSync, type Replica } from './sync.ts';

/**
 * A refusal or failure to show: the server's message (by `key`, worded in the page's language, with the
 * Vietnamese text beside it), or a page-made one by its UI key.
 */
export type LiveError = ApiError & { uiKey?: 'liveSession.offline' | 'liveSession.noAnswer' };
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
  /** Patches ahead of a missing version, and catch-ups in a row that left one (see sync.ts). */
  #held: LivePatch[] = [];
  #holes = 0;
  /** The intent the server last refused, to tell when its refusal no longer applies. */
  #lastRefused: LiveCommand | null = null;
  #syncAgain = false;
  #wantSnapshot = false;
  #stopped = true;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #unsubscribe: (() => void)[] = [];
  readonly #live: LiveManager;
  readonly #presence: SessionPresence;
  readonly #outbox: IntentOutbox<LiveCommand, CommandResult | null>;

  /** `public` on a room's TV: the server names no confidential citizen to it, not even its own site's. */
  readonly audience: LiveAudience;

  constructor(live: LiveManager, presence: SessionPresence, sessionId: string, me: Me, audience: LiveAudience = 'own') {
    this.#live = live;
    this.#presence = presence;
    this.sessionId = sessionId;
    this.me = me;
    this.audience = audience;
    // A click during a short outage waits for the connection and the catch-up (an intent judged against an
    // old queue is refused, or worse, taken), then goes out anyway and lets the server or the lost
    // connection answer.
    this.#outbox = new IntentOutbox({
      ready: () => this.syncState !== 'offline' && this.syncState !== 'syncing',
      hopeless: () => this.#stopped || this.#live.state === 'idle' || this.#live.state === 'outdated',
      deliver: (command) => this.#live.call('live:command', { sessionId: this.sessionId, command }),
      waitMs: SETTLE_WAIT_MS,
      pollMs: SETTLE_POLL_MS,
    });
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
  presence = $derived.by(() => this.#presence.snapshot);
  sites = $derived.by(() => {
    const list: SiteSummary[] = [];
    if (this.summary) list.push(this.summary.hostSite, ...this.summary.sites);
    for (const presence of this.#presence.snapshot?.sites ?? []) list.push(presence.site);
    return Object.fromEntries(list.map((site) => [site.id, site])) as Record<string, SiteSummary>;
  });

  siteOf(siteId: string): SiteSummary | undefined {
    return this.sites[siteId];
  }

  /** The role may issue it, and a leader only as this session's own chair (another leader follows it). */
  may(type: LiveCommandType): boolean {
    if (this.summary && !runsAsLeader(this.me.role, this.me.id, this.summary.chair.id)) return false;
    return mayIssue(this.me.role, type);
  }

  /** This person, as the live session's rules see them. */
  get actor(): Actor {
    return { accountId: this.me.id, role: this.me.role, siteId: this.me.site.id, siteKind: this.me.site.kind, name: this.me.fullName };
  }
  #offered = fromStore(offeredFields);
  /** What the rules need beside the state, from the session summary (and the fields the hub offers). */
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
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      activeFields: new Set(this.#offered.current.map((f) => f.code)),
      // A page registers from the form, never from an intake (the server does that for the intake page).
      intake: null,
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
      this.#live.on('live:patch', (patch) => this.#receive(patch)),
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
    // Intents still waiting go out now, as they would have once the wait was over.
    this.#outbox.flush();
  }

  /**
   * This bridge's media connection as its page sees it (media-report.ts). Sent like any intent, so a report
   * made while the socket is down goes out once it is back; a refusal (the turn moved on meanwhile) is no
   * one's concern and is not shown.
   */
  async reportMedia(connected: boolean): Promise<void> {
    const result = await this.#outbox.send({ type: 'site.media', connected });
    if (result?.ok && result.patch) this.#receive(result.patch);
  }

  /** Sends an intent; the answer is returned, and a refusal is also kept in lastError for the alert region. */
  async send(command: LiveCommand): Promise<CommandResult> {
    const parsed = LiveCommand.safeParse(command);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ';
      return this.#refused({ code: 'BAD_REQUEST', statusCode: 400, message });
    }
    // Never sent: the server would refuse it anyway, and a message over its hard limit would cost the connection.
    if (new TextEncoder().encode(JSON.stringify(command)).byteLength > MAX_INTENT_BYTES) {
      return this.#refused({ code: 'BAD_REQUEST', statusCode: 400, message: `Thao tác quá lớn (tối đa ${MAX_INTENT_BYTES / 1024} KB) nên không được gửi.` }, command);
    }
    this.pending += 1;
    try {
      const result = await this.#outbox.send(command);
      if (!result) return this.#refused(this.#noAnswer());
      if (!result.ok) return this.#refused(result.error, command);
      // The answer carries the change itself: the page shows it at once, whenever the broadcast comes.
      if (result.patch) this.#receive(result.patch);
      this.lastError = null;
      return result;
    } finally {
      this.pending -= 1;
    }
  }

  /** The chair's conclusion of a turn, into the minutes' fields (see EndTurnPanel). Null without an answer. */
  conclude(entryId: string, conclusion: Omit<MinutesConclusionRequest, 'sessionId' | 'entryId'>): Promise<Ack<MinutesView> | null> {
    return this.#live.call('minutes:conclusion', { sessionId: this.sessionId, entryId, ...conclusion });
  }

  /** Shows a page-made refusal in the alert region, like the server's. */
  explain(result: CommandResult): CommandResult {
    if (!result.ok) this.lastError = result.error;
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
    return { ok: false, error };
  }

  #noAnswer(): LiveError {
    const offline = this.#live.state !== 'connected';
    return offline
      ? { code: 'UNAVAILABLE', statusCode: 503, message: 'Mất kết nối máy chủ.', uiKey: 'liveSession.offline' }
      : { code: 'UNAVAILABLE', statusCode: 503, message: 'Máy chủ không trả lời.', uiKey: 'liveSession.noAnswer' };
  }

  get #replica(): Replica {
    return { state: this.state, held: this.#held, holes: this.#holes };
  }

  #keep(replica: Replica, adopted: boolean): void {
    this.#held = replica.held;
    this.#holes = replica.holes;
    if (!adopted) return;
    this.state = replica.state;
    this.#forgetStaleRefusal();
  }

  #receive(patch: LivePatch): void {
    if (this.#stopped || patch.sessionId !== this.sessionId) return;
    this.serverOffset = Date.parse(patch.at) - Date.now();
    const step = receivePatch(this.#replica, patch);
    if (step.kind === 'stale') return;
    this.#keep(step.replica, step.kind === 'applied');
    if (step.kind === 'resync') void this.#sync();
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
      const res = await this.#live.call('live:sync', { sessionId: this.sessionId, version, audience: this.audience });
      if (this.#stopped || epoch !== this.#live.epoch) return; // a new connection syncs again by itself
      if (!res) {
        this.syncError = this.#noAnswer();
        retry = true;
      } else if (!res.ok) {
        this.syncError = res.error;
        retry = !FINAL_SYNC_ERRORS.has(res.error.code);
      } else {
        this.syncError = null;
        this.#catchUp(res.data);
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
    this.serverOffset = Date.parse(data.kind === 'snapshot' ? data.snapshot.serverTime : data.serverTime) - Date.now();
    const step = receiveSync(this.#replica, data);
    this.#keep(step.replica, step.adopted);
    // Patches still held after a catch-up mean versions are missing: ask again.
    if (step.again) {
      this.#wantSnapshot = step.again === 'snapshot';
      this.#syncAgain = true;
    }
  }
}
