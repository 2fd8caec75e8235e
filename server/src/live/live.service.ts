// The live session's service: loads the state under a row lock, lets the pure state machine decide,
// writes the new state and its patch in the same transaction, and only after the commit tells the
// listeners (socket broadcast, floor control). Nothing lives only in this process's memory.
import { randomUUID } from 'node:crypto';
import { inChairCircle, type CommandResult, type LivePatch, type LiveSnapshot, type LiveState, type SyncResult } from '../../../protocol/index.ts';
import { CommandGate } from './command-gate.ts';
import type { Db } from '../db/client.ts';
import { loadLive, saveLive } from './live.repository.ts';
import { SYSTEM, type Actor, type AnyCommand } from '../../../protocol/live-rules/rules.ts';
import { decide } from '../../../protocol/live-rules/state-machine.ts';

/** A client further behind than this gets a snapshot instead of patches. */
const MAX_PATCHES = 200;

export interface CommittedChange {
  /** What was done (`entry.confidential`, `turn.end`, ...), for listeners that care about one kind. */
  command: AnyCommand['type'];
  patch: LivePatch;
  /** The state before the change and after it. */
  previous: LiveState;
  state: LiveState;
  roomName: string;
  hostSiteId: string;
  siteIds: string[];
}
export type ChangeListener = (change: CommittedChange) => void | Promise<void>;

/**
 * When a listener runs, relative to the broadcast. Media follows "restrict first, then announce; announce
 * first, then lift": `restrict` listeners finish before the patch is announced, `lift` ones start after.
 */
export type ChangePhase = 'restrict' | 'announce' | 'lift';

/** A restriction that takes longer than this (LiveKit slow or down) no longer holds the broadcast back. */
const RESTRICT_WAIT_MS = 3000;

export class LiveService {
  private readonly listeners: Record<ChangePhase, Set<ChangeListener>> = { restrict: new Set(), announce: new Set(), lift: new Set() };
  private readonly gate = new CommandGate();

  constructor(
    private readonly db: Db,
    private readonly log: (m: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  onChange(listener: ChangeListener, phase: ChangePhase = 'announce'): void {
    this.listeners[phase].add(listener);
  }

  async execute(sessionId: string, actor: Actor, command: AnyCommand): Promise<CommandResult> {
    // The chair's circle (and the system) go ahead of everyone else waiting for this session's row lock.
    const first = actor === SYSTEM || inChairCircle(actor.role, actor.siteKind);
    const outcome = await this.gate.run(sessionId, actor.accountId, first, () => this.decideAndSave(sessionId, actor, command));
    if (!outcome.ok) return outcome;
    await this.notify(outcome.change);
    return { ok: true, version: outcome.change.patch.version, ...(outcome.entryId ? { entryId: outcome.entryId } : {}) };
  }

  private async decideAndSave(sessionId: string, actor: Actor, command: AnyCommand) {
    return this.db.$transaction(async (tx) => {
      const loaded = await loadLive(tx, sessionId, true);
      if (!loaded) return { ok: false as const, error: { code: 'NOT_FOUND', message: 'Không tìm thấy kỳ tiếp công dân này.' } };
      const at = this.now();
      const decision = decide(loaded.state, command, actor, { ...loaded.ctx, newId: randomUUID }, at);
      if (!decision.ok) return decision;
      const patch = await saveLive(
        tx,
        loaded.state,
        decision.state,
        decision.changed,
        command.type,
        actor === SYSTEM ? null : actor.accountId,
        new Date(at),
        command.type === 'entry.register' ? actor.accountId : undefined,
      );
      const change: CommittedChange = {
        command: command.type,
        patch,
        previous: loaded.state,
        state: decision.state,
        roomName: loaded.roomName,
        hostSiteId: loaded.ctx.hostSiteId,
        siteIds: [...loaded.ctx.siteIds],
      };
      return { ok: true as const, change, entryId: decision.entryId };
    });
  }

  async snapshot(sessionId: string): Promise<LiveSnapshot | null> {
    const loaded = await loadLive(this.db, sessionId, false);
    return loaded ? { state: loaded.state, serverTime: new Date(this.now()).toISOString() } : null;
  }

  async load(sessionId: string): Promise<{ state: LiveState; roomName: string; hostSiteId: string } | null> {
    const loaded = await loadLive(this.db, sessionId, false);
    return loaded ? { state: loaded.state, roomName: loaded.roomName, hostSiteId: loaded.ctx.hostSiteId } : null;
  }

  /** The patches after `version`, or a snapshot when the client has nothing, is too far behind, or is ahead. */
  async sync(sessionId: string, version: number | null): Promise<SyncResult | null> {
    const current = await this.db.receptionSession.findUnique({ where: { id: sessionId }, select: { liveVersion: true } });
    if (!current) return null;
    if (version !== null && version <= current.liveVersion && current.liveVersion - version <= MAX_PATCHES) {
      const rows = await this.db.liveChange.findMany({ where: { sessionId, version: { gt: version } }, orderBy: { version: 'asc' } });
      if (rows.length === current.liveVersion - version) {
        return { kind: 'patches', patches: rows.map((r) => r.patch as unknown as LivePatch), serverTime: new Date(this.now()).toISOString() };
      }
    }
    const snapshot = await this.snapshot(sessionId);
    return snapshot ? { kind: 'snapshot', snapshot } : null;
  }

  /** A site's connection to the video room changed (from LiveKit webhooks); the turn clock follows. */
  async siteConnectivity(sessionId: string, siteId: string, connected: boolean): Promise<void> {
    const result = await this.execute(sessionId, SYSTEM, { type: connected ? 'system.siteBack' : 'system.siteLeft', siteId });
    if (result.ok) this.log(`live: ${connected ? 'resumed' : 'paused'} the turn of site ${siteId} (${connected ? 'back' : 'disconnected'})`);
  }

  /** Restrictions, then the announcement (the answer to the caller waits for both), then what is lifted. */
  private async notify(change: CommittedChange): Promise<void> {
    const run = (phase: ChangePhase): Promise<unknown> =>
      Promise.all(
        [...this.listeners[phase]].map(async (l) => {
          try {
            await l(change);
          } catch (e) {
            this.log(`live: ${phase} listener failed after commit of v${change.patch.version}: ${String(e)}`);
          }
        }),
      );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), RESTRICT_WAIT_MS)));
    if ((await Promise.race([run('restrict'), late])) === 'late') this.log(`live: media restrictions of v${change.patch.version} still running; announcing anyway`);
    clearTimeout(timer);
    await run('announce');
    void run('lift');
  }
}
