// The live session's service: loads the state under a row lock, lets the pure state machine decide,
// writes the new state and its patch in the same transaction, and only after the commit tells the
// listeners (socket broadcast, floor control). Nothing lives only in this process's memory.
import { randomUUID } from 'node:crypto';
import type { CommandResult, LivePatch, LiveSnapshot, LiveState, SyncResult } from '../../../protocol/index.ts';
import type { Db } from '../db/client.ts';
import { loadLive, saveLive } from './live.repository.ts';
import { SYSTEM, type Actor, type AnyCommand } from './rules.ts';
import { decide } from './state-machine.ts';

/** A client further behind than this gets a snapshot instead of patches. */
const MAX_PATCHES = 200;

export interface CommittedChange {
  /** What was done (`entry.confidential`, `turn.end`, ...), for listeners that care about one kind. */
  command: AnyCommand['type'];
  patch: LivePatch;
  state: LiveState;
  roomName: string;
  hostSiteId: string;
  siteIds: string[];
}
export type ChangeListener = (change: CommittedChange) => void | Promise<void>;

export class LiveService {
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly db: Db,
    private readonly log: (m: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  onChange(listener: ChangeListener): void {
    this.listeners.add(listener);
  }

  async execute(sessionId: string, actor: Actor, command: AnyCommand): Promise<CommandResult> {
    const outcome = await this.db.$transaction(async (tx) => {
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
        state: decision.state,
        roomName: loaded.roomName,
        hostSiteId: loaded.ctx.hostSiteId,
        siteIds: [...loaded.ctx.siteIds],
      };
      return { ok: true as const, change, entryId: decision.entryId };
    });
    if (!outcome.ok) return outcome;
    await this.notify(outcome.change);
    return { ok: true, version: outcome.change.patch.version, ...(outcome.entryId ? { entryId: outcome.entryId } : {}) };
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

  /** Broadcast and floor control run side by side: sites see the change while LiveKit applies it. */
  private async notify(change: CommittedChange): Promise<void> {
    await Promise.all(
      [...this.listeners].map(async (l) => {
        try {
          await l(change);
        } catch (e) {
          this.log(`live: listener failed after commit of v${change.patch.version}: ${String(e)}`);
        }
      }),
    );
  }
}
