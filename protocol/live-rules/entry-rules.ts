// Registrations in the speaker queue: intake, asking for the floor, withdrawing, reordering, priority,
// confidentiality, skipping and no-shows.
import type { LiveCommand, QueueEntry } from '../live.ts';
import { type PersonActor as Actor, type Draft, type LiveContext, iso, refuse, whoStart } from './rules.ts';
import { msg } from '../messages/index.ts';

type Cmd<T extends LiveCommand['type']> = Extract<LiveCommand, { type: T }>;

const RUNNER_ROLES = new Set(['CHAIR', 'MODERATOR']);

/** Bridge operators and secretaries act only for citizens of their own site. */
function ensureOwnSite(actor: Actor, siteId: string): void {
  if (!RUNNER_ROLES.has(actor.role) && actor.siteId !== siteId) {
    refuse('FORBIDDEN', msg('live.ownSiteOnly'));
  }
}

const maxPosition = (d: Draft): number => d.state.entries.reduce((m, e) => Math.max(m, e.position), 0);

export function register(d: Draft, cmd: Cmd<'entry.register'>, actor: Actor, ctx: LiveContext, now: number): string {
  if (d.state.status === 'CLOSED') refuse('CONFLICT', msg('live.closedNoRegistration'));
  const input = cmd.entry;
  if (!ctx.siteIds.has(input.siteId)) refuse('BAD_REQUEST', msg('live.siteNotInSession'));
  ensureOwnSite(actor, input.siteId);
  if (!ctx.activeFields.has(input.field)) refuse('BAD_REQUEST', msg('live.fieldUnknown', { field: input.field }));
  const intake = input.intakeId ? ctx.intake : null;
  if (input.intakeId) {
    // One record: an intake of this site, in one queue once.
    if (!intake || intake.id !== input.intakeId || intake.siteId !== input.siteId) refuse('NOT_FOUND', msg('intake.notFound'));
    else if (intake.queued) refuse('CONFLICT', msg('intake.alreadyQueued'));
  }
  const entry: QueueEntry = {
    id: ctx.newId(),
    siteId: input.siteId,
    citizenName: input.citizenName,
    petitionType: input.petitionType,
    field: input.field,
    subject: input.subject ?? null,
    intakeId: intake?.id ?? null,
    returning: intake?.returning ?? null,
    delegationSize: input.delegationSize ?? 1,
    representative: input.representative ?? null,
    priority: null,
    confidential: input.confidential ?? false,
    status: 'WAITING',
    position: maxPosition(d) + 1,
    registeredAt: iso(now),
    askedFloorAt: null,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    pausedAt: null,
    pauseReason: null,
    pausedMs: 0,
    allottedSeconds: d.state.settings.turnSeconds,
    extraSeconds: 0,
    answers: [],
  };
  d.add(entry);
  return entry.id;
}

export function askFloor(d: Draft, cmd: Cmd<'entry.askFloor'>, actor: Actor, now: number): void {
  if (d.state.status === 'SCHEDULED' || d.state.status === 'CLOSED') refuse('CONFLICT', msg('live.askFloorNotOpen'));
  const e = d.entry(cmd.entryId);
  ensureOwnSite(actor, e.siteId);
  if (e.status !== 'WAITING') refuse('CONFLICT', msg('live.notWaiting', { who: whoStart(e) }));
  if (e.askedFloorAt) refuse('CONFLICT', msg('live.askedAlready'));
  d.update(e.id, { askedFloorAt: iso(now) });
}

export function withdraw(d: Draft, cmd: Cmd<'entry.withdraw'>, actor: Actor): void {
  const e = d.entry(cmd.entryId);
  ensureOwnSite(actor, e.siteId);
  if (e.status !== 'WAITING' && e.status !== 'CALLED') refuse('CONFLICT', msg('live.withdrawOnlyWaiting'));
  d.update(e.id, { status: 'WITHDRAWN' });
}

export function setConfidential(d: Draft, cmd: Cmd<'entry.confidential'>, actor: Actor): void {
  const e = d.entry(cmd.entryId);
  ensureOwnSite(actor, e.siteId);
  if (e.status === 'DONE') refuse('CONFLICT', msg('live.turnEnded'));
  d.update(e.id, { confidential: cmd.confidential });
}

export function move(d: Draft, cmd: Cmd<'entry.move'>): void {
  const e = d.entry(cmd.entryId);
  if (e.status !== 'WAITING') refuse('CONFLICT', msg('live.moveOnlyWaiting'));
  const waiting = d.state.entries.filter((x) => x.status === 'WAITING').sort((a, b) => a.position - b.position);
  const from = waiting.findIndex((x) => x.id === e.id);
  const to = Math.min(cmd.toIndex, waiting.length - 1);
  waiting.splice(from, 1);
  waiting.splice(to, 0, e);
  // Waiting entries take the positions they already held, in the new order; others keep theirs.
  const slots = waiting.map((x) => x.position).sort((a, b) => a - b);
  waiting.forEach((x, i) => {
    if (x.position !== slots[i]) d.update(x.id, { position: slots[i]! });
  });
}

export function setPriority(d: Draft, cmd: Cmd<'entry.priority'>): void {
  const e = d.entry(cmd.entryId);
  if (e.status !== 'WAITING' && e.status !== 'CALLED') refuse('CONFLICT', msg('live.priorityOnlyWaiting'));
  d.update(e.id, { priority: cmd.priority });
}

export function skip(d: Draft, cmd: Cmd<'entry.skip'>): void {
  const e = d.entry(cmd.entryId);
  if (e.status !== 'WAITING' && e.status !== 'CALLED') refuse('CONFLICT', msg('live.skipOnlyWaiting'));
  d.update(e.id, { status: 'SKIPPED' });
}

export function noShow(d: Draft, cmd: Cmd<'entry.noShow'>): void {
  const e = d.entry(cmd.entryId);
  if (e.status !== 'CALLED') refuse('CONFLICT', msg('live.noShowOnlyCalled'));
  d.update(e.id, { status: 'NO_SHOW' });
}

export function requeue(d: Draft, cmd: Cmd<'entry.requeue'>): void {
  const e = d.entry(cmd.entryId);
  if (!['SKIPPED', 'NO_SHOW', 'WITHDRAWN'].includes(e.status)) refuse('CONFLICT', msg('live.requeueNotSetAside'));
  d.update(e.id, { status: 'WAITING', position: maxPosition(d) + 1, calledAt: null });
}

export function rename(d: Draft, cmd: Cmd<'entry.rename'>): void {
  const e = d.entry(cmd.entryId);
  d.update(e.id, { citizenName: cmd.citizenName });
}
