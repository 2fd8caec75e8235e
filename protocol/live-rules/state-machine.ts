// The live session's state machine: a state and an intent in, a new state or a refusal with a reason out.
// Pure (the clock and id generator come from the caller), so it is tested exhaustively and fuzzed.
import type { LiveState } from '../live.ts';
import { COMMAND_ROLES } from '../permissions.ts';
import * as entries from './entry-rules.ts';
import { type Actor, type AnyCommand, type Decision, Draft, type LiveContext, Refused, refuse } from './rules.ts';
import { msg } from '../messages/index.ts';
import * as session from './session-rules.ts';
import * as turn from './turn-rules.ts';

export function decide(state: LiveState, command: AnyCommand, actor: Actor, ctx: LiveContext, now: number): Decision {
  try {
    authorize(command, actor);
    const d = new Draft(state);
    const entryId = apply(d, command, actor, ctx, now) ?? undefined;
    d.state.version = state.version + 1;
    return { ok: true, state: d.state, changed: [...d.changed], ...(entryId ? { entryId } : {}) };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.refusal };
    throw err;
  }
}

/** System intents come from the hub only; a person's intents from a person whose role may issue them. */
function authorize(command: AnyCommand, actor: Actor): void {
  if (command.type.startsWith('system.')) {
    if (actor.kind !== 'system') refuse('FORBIDDEN', msg('live.systemOnly'));
    return;
  }
  if (actor.kind === 'system') return refuse('FORBIDDEN', msg('live.roleForbidden'));
  const roles = COMMAND_ROLES[command.type as keyof typeof COMMAND_ROLES];
  if (!roles.includes(actor.role)) refuse('FORBIDDEN', msg('live.roleForbidden'));
}

function apply(d: Draft, c: AnyCommand, by: Actor, ctx: LiveContext, now: number): string | void {
  if (d.state.status === 'CLOSED' && c.type !== 'session.close') refuse('CONFLICT', msg('live.sessionClosed'));
  if (c.type === 'system.siteLeft') return turn.siteLeft(d, c.siteId, now);
  if (c.type === 'system.siteBack') return turn.siteBack(d, c.siteId, now);
  // Every other intent is a person's (authorize refused the system already).
  if (by.kind === 'system') return refuse('FORBIDDEN', msg('live.roleForbidden'));
  const actor = by;
  switch (c.type) {
    case 'session.open':
      return session.openSession(d, now);
    case 'session.start':
      return session.startSession(d, now);
    case 'session.pause':
      return session.pauseSession(d, now, actor.role === 'MODERATOR' ? 'MODERATOR' : 'CHAIR');
    case 'session.resume':
      return session.resumeSession(d);
    case 'session.close':
      return session.closeSession(d, now);
    case 'session.settings':
      return session.changeSettings(d, c);
    case 'site.media':
      // Only the operator's own site: the command names none, so no page can pause another site's turn.
      return c.connected ? turn.siteBack(d, actor.siteId, now) : turn.siteLeft(d, actor.siteId, now);
    case 'site.readiness':
      return session.recordReadiness(d, c, actor, ctx, now);
    case 'entry.register':
      return entries.register(d, c, actor, ctx, now);
    case 'entry.askFloor':
      return entries.askFloor(d, c, actor, now);
    case 'entry.withdraw':
      return entries.withdraw(d, c, actor);
    case 'entry.confidential':
      return entries.setConfidential(d, c, actor);
    case 'entry.move':
      return entries.move(d, c);
    case 'entry.priority':
      return entries.setPriority(d, c);
    case 'entry.skip':
      return entries.skip(d, c);
    case 'entry.noShow':
      return entries.noShow(d, c);
    case 'entry.requeue':
      return entries.requeue(d, c);
    case 'entry.rename':
      return entries.rename(d, c);
    case 'queue.callNext':
      return turn.callNext(d, c, now);
    case 'queue.call':
      return turn.call(d, c, now);
    case 'floor.give':
      return turn.giveFloor(d, c, now);
    case 'floor.handToAgency':
      return turn.handToAgency(d, c, ctx, now);
    case 'floor.takeBack':
      return turn.takeBack(d);
    case 'turn.pause':
      return turn.pauseTurn(d, now, actor.role === 'MODERATOR' ? 'MODERATOR' : 'CHAIR');
    case 'turn.resume':
      return turn.resumeTurn(d, now);
    case 'turn.addTime':
      return turn.addTime(d, c);
    case 'turn.end':
      return turn.endTurn(d, now);
  }
}
