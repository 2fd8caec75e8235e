// The live session's service: asks access first, loads the state under a row lock, lets the pure state
// machine decide, writes the new state and its patch in the same transaction, answers once committed, and
// publishes the change (`live.changed`) for the floor, the minutes and the gateway. Nothing lives only in
// this process's memory.
import { randomUUID } from 'node:crypto';
import {
  inChairCircle,
  msg,
  vi,
  type CommandResult,
  type LiveAudience,
  type LiveCommand,
  type LiveSnapshot,
  type LiveState,
  type SyncResult,
} from '../../../protocol/index.ts';
import { SYSTEM, type Actor, type AnyCommand, type SystemCommand } from '../../../protocol/live-rules/rules.ts';
import { decide } from '../../../protocol/live-rules/state-machine.ts';
import { SYSTEM_CALLER, type Caller, type Person } from '../access/caller.ts';
import { audienceOf, redactPatch, redactState, type Audience } from '../access/redaction.ts';
import type { SessionAccess } from '../access/session-access.ts';
import { AppError } from '../errors/app-error.ts';
import type { LiveChanged } from '../events/domain-events.ts';
import type { EventBus } from '../events/event-bus.ts';
import { CommandGate } from './command-gate.ts';
import { activeFieldCodes, intakeFacts, loadLive, saveLive } from './live.repository.ts';
import type { LiveStore } from './live-store.repository.ts';

/** A client further behind than this gets a snapshot instead of patches. */
const MAX_PATCHES = 200;

/** Only a registration names a field: the other commands are decided without reading the list. */
const NO_FIELDS: ReadonlySet<string> = new Set();

export type CommittedChange = LiveChanged;

/** The state machine's actor: a person is one as they are; the hub is the rules' own SYSTEM. */
function actorOf(caller: Caller): Actor {
  return caller.kind === 'system' ? SYSTEM : caller;
}

export class LiveService {
  private readonly gate = new CommandGate();

  constructor(
    private readonly store: LiveStore,
    private readonly access: SessionAccess,
    private readonly events: EventBus,
    private readonly log: (m: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A person's intent. Answered once committed; the broadcast and LiveKit follow the published event. */
  async execute(caller: Person, sessionId: string, command: LiveCommand): Promise<CommandResult> {
    await this.access.mayIssue(caller, sessionId, command.type);
    return this.commit(caller, sessionId, command);
  }

  /** A site's connection to the video room changed (from LiveKit webhooks); the turn clock follows. */
  async siteConnectivity(sessionId: string, siteId: string, connected: boolean): Promise<void> {
    const command: SystemCommand = { type: connected ? 'system.siteBack' : 'system.siteLeft', siteId };
    const result = await this.commit(SYSTEM_CALLER, sessionId, command);
    if (result.ok) this.log(`live: ${connected ? 'resumed' : 'paused'} the turn of site ${siteId} (${connected ? 'back' : 'disconnected'})`);
  }

  private async commit(caller: Caller, sessionId: string, command: AnyCommand): Promise<CommandResult> {
    // The chair's circle (and the system) go ahead of everyone else waiting for this session's row lock.
    const first = caller.kind === 'system' || inChairCircle(caller.role, caller.siteKind);
    const who = caller.kind === 'system' ? 'system' : caller.accountId;
    const outcome = await this.gate.run(sessionId, who, first, () => this.decideAndSave(sessionId, caller, command));
    // A refusal of the rules goes out in the one error shape, like any other.
    if (!outcome.ok) return { ok: false, error: new AppError(outcome.error.code, outcome.error.key ? { key: outcome.error.key, params: outcome.error.params } : outcome.error.message).toJSON() };
    // Ordered per session: patches are announced in version order even while LiveKit is slow to restrict.
    void this.events.publish('live.changed', outcome.change, sessionId);
    const patch = caller.kind === 'person' ? redactPatch(outcome.change.patch, audienceOf(caller)) : undefined;
    return { ok: true, version: outcome.change.patch.version, ...(outcome.entryId ? { entryId: outcome.entryId } : {}), ...(patch ? { patch } : {}) };
  }

  private async decideAndSave(sessionId: string, caller: Caller, command: AnyCommand) {
    const actor = actorOf(caller);
    const accountId = caller.kind === 'system' ? null : caller.accountId;
    return this.store.transaction(async (tx) => {
      const loaded = await loadLive(tx, sessionId, true);
      if (!loaded) return { ok: false as const, error: { code: 'NOT_FOUND' as const, message: vi('session.notFound'), key: 'session.notFound' as const } };
      const at = this.now();
      const activeFields = command.type === 'entry.register' ? await activeFieldCodes(tx) : NO_FIELDS;
      const intake = command.type === 'entry.register' && command.entry.intakeId ? await intakeFacts(tx, command.entry.intakeId) : null;
      const decision = decide(loaded.state, command, actor, { ...loaded.ctx, activeFields, intake, newId: randomUUID }, at);
      if (!decision.ok) return decision;
      const patch = await saveLive(
        tx,
        loaded.state,
        decision.state,
        decision.changed,
        command.type,
        accountId,
        new Date(at),
        command.type === 'entry.register' && accountId ? accountId : undefined,
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
    const loaded = await this.store.load(sessionId);
    return loaded ? { state: loaded.state, serverTime: new Date(this.now()).toISOString() } : null;
  }

  async load(sessionId: string): Promise<{ state: LiveState; roomName: string; hostSiteId: string } | null> {
    const loaded = await this.store.load(sessionId);
    return loaded ? { state: loaded.state, roomName: loaded.roomName, hostSiteId: loaded.ctx.hostSiteId } : null;
  }

  /**
   * What a caller missed since `version`, as their audience may see it: patches, or a snapshot when the
   * client has nothing, is too far behind, or is ahead. `follow` subscribes the caller to the audience's
   * patches once access is granted and before anything is read, so no change falls between the two.
   */
  async sync(caller: Person, sessionId: string, version: number | null, requested: LiveAudience, follow: (audience: Audience) => Promise<void>): Promise<SyncResult> {
    await this.access.viewable(caller, sessionId);
    const audience = audienceOf(caller, requested === 'public' ? 'public' : undefined);
    await follow(audience);
    const result = await this.changesSince(sessionId, version);
    if (!result) throw new AppError('NOT_FOUND', msg('session.notFound'));
    return result.kind === 'patches'
      ? { ...result, patches: result.patches.map((p) => redactPatch(p, audience)) }
      : { kind: 'snapshot', snapshot: { ...result.snapshot, state: redactState(result.snapshot.state, audience) } };
  }

  private async changesSince(sessionId: string, version: number | null): Promise<SyncResult | null> {
    const current = await this.store.liveVersion(sessionId);
    if (current === null) return null;
    if (version !== null && version <= current && current - version <= MAX_PATCHES) {
      const patches = await this.store.patchesAfter(sessionId, version);
      if (patches.length === current - version) return { kind: 'patches', patches, serverTime: new Date(this.now()).toISOString() };
    }
    const snapshot = await this.snapshot(sessionId);
    return snapshot ? { kind: 'snapshot', snapshot } : null;
  }
}
