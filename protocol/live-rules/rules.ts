// Shared pieces of the live session's state machine: the actor, the context the database supplies, the
// refusal type and small helpers. Pure: no I/O, no clock (the caller passes `now`).
import type { Role } from '../auth.ts';
import type { LiveCommand, LiveState, QueueEntry } from '../live.ts';
import type { SiteKind } from '../sites.ts';
import { msg, vi, type Message, type MessageKey, type MessageParam, type MessageParams } from '../messages/index.ts';

/** A person acting through their account (the server's Caller has the same fields). */
export interface PersonActor {
  kind?: 'person';
  accountId: string;
  role: Role;
  siteId: string;
  siteKind: SiteKind;
  name: string;
}

/** The hub itself (a site dropped from the video room): its own kind of actor, never a person or a role. */
export interface SystemActor {
  kind: 'system';
  name: string;
}

export type Actor = PersonActor | SystemActor;

export const SYSTEM: SystemActor = { kind: 'system', name: 'Hệ thống' };

/** Facts from the database the rules need but the live state does not hold. */
export interface LiveContext {
  hostSiteId: string;
  /** Participating sites, the host office included. */
  siteIds: ReadonlySet<string>;
  /** Agency representatives who may be handed the floor to answer. */
  agencyReps: ReadonlyMap<string, { name: string; siteId: string; agencyName: string | null }>;
  /** The petition fields a registration may be given now (the hub's list, inactive ones left out). */
  activeFields: ReadonlySet<string>;
  /** The intake a registration names, as stored (read only for such a registration). */
  intake: { id: string; siteId: string; queued: boolean; returning: { at: string; field: string } | null } | null;
  newId: () => string;
}

export type SystemCommand = { type: 'system.siteLeft'; siteId: string } | { type: 'system.siteBack'; siteId: string };
export type AnyCommand = LiveCommand | SystemCommand;

export interface Refusal {
  code: 'FORBIDDEN' | 'CONFLICT' | 'BAD_REQUEST' | 'NOT_FOUND';
  /** In Vietnamese, as the server sends it; `key` and `params` let a page word it in its own language. */
  message: string;
  key?: MessageKey;
  params?: MessageParams;
}

export type Decision = { ok: true; state: LiveState; changed: string[]; entryId?: string } | { ok: false; error: Refusal };

export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export const refuse = (code: Refusal['code'], message: Message): never => {
  throw new Refused({ code, message: vi(message.key, message.params), key: message.key, ...(message.params ? { params: message.params } : {}) });
};

/** A working copy that records which entries changed. */
export class Draft {
  state: LiveState;
  changed = new Set<string>();
  constructor(state: LiveState) {
    this.state = { ...state, settings: { ...state.settings }, readiness: { ...state.readiness }, entries: state.entries.slice() };
  }

  entry(id: string): QueueEntry {
    const e = this.state.entries.find((x) => x.id === id);
    if (!e) refuse('NOT_FOUND', msg('live.entryNotFound'));
    return e!;
  }

  update(id: string, patch: Partial<QueueEntry>): QueueEntry {
    const i = this.state.entries.findIndex((x) => x.id === id);
    const next = { ...this.state.entries[i]!, ...patch };
    this.state.entries[i] = next;
    this.changed.add(id);
    return next;
  }

  add(entry: QueueEntry): void {
    this.state.entries.push(entry);
    this.changed.add(entry.id);
  }

  /** The turn in progress (speaking or paused), if any. */
  active(): QueueEntry | undefined {
    return this.state.entries.find((e) => e.status === 'SPEAKING' || e.status === 'PAUSED');
  }

  called(): QueueEntry | undefined {
    return this.state.entries.find((e) => e.status === 'CALLED');
  }
}

/** Who an entry is in a sentence: the citizen's name, or only "a confidential turn" (never the name). */
export function who(e: QueueEntry): MessageParam {
  return e.confidential ? msg('live.confidentialTurn') : (e.citizenName ?? msg('live.aCitizen'));
}

/** The same at the start of a sentence. */
export function whoStart(e: QueueEntry): MessageParam {
  return e.confidential ? msg('live.confidentialTurnStart') : (e.citizenName ?? msg('live.aCitizenStart'));
}

export function iso(now: number): string {
  return new Date(now).toISOString();
}
