// Calling, the floor and the turn clock. Speaking time lives in timestamps (startedAt, pausedAt,
// pausedMs), never in a timer, so it survives a restart.
import type { LiveCommand, PauseReason } from '../live.ts';
import { nextToCall } from '../queue-order.ts';
import { type Draft, type LiveContext, iso, refuse, who, whoStart } from './rules.ts';
import { msg } from '../messages/index.ts';

type Cmd<T extends LiveCommand['type']> = Extract<LiveCommand, { type: T }>;

const CALLABLE_SESSION = new Set(['OPEN', 'LIVE', 'PAUSED']);

function ensureNobodyCalled(d: Draft): void {
  const called = d.called();
  if (called) {
    refuse('CONFLICT', msg('live.calledAlready', { who: who(called) }));
  }
}

export function callNext(d: Draft, cmd: Cmd<'queue.callNext'>, now: number): string {
  if (!CALLABLE_SESSION.has(d.state.status)) refuse('CONFLICT', msg('live.notOpenOrClosed'));
  const next = nextToCall(d.state);
  if (cmd.expectedEntryId) {
    const expected = d.state.entries.find((e) => e.id === cmd.expectedEntryId);
    if (expected && expected.status === 'CALLED') refuse('CONFLICT', msg('live.justCalled', { who: whoStart(expected) }));
    if (next && next.id !== cmd.expectedEntryId) {
      refuse('CONFLICT', msg('live.queueChanged', { who: who(next) }));
    }
  }
  ensureNobodyCalled(d);
  if (!next) refuse('CONFLICT', msg('live.queueEmpty'));
  d.update(next!.id, { status: 'CALLED', calledAt: iso(now) });
  return next!.id;
}

export function call(d: Draft, cmd: Cmd<'queue.call'>, now: number): void {
  if (!CALLABLE_SESSION.has(d.state.status)) refuse('CONFLICT', msg('live.notOpenOrClosed'));
  const e = d.entry(cmd.entryId);
  if (e.status !== 'WAITING') refuse('CONFLICT', msg('live.callOnlyWaiting', { who: who(e) }));
  ensureNobodyCalled(d);
  d.update(e.id, { status: 'CALLED', calledAt: iso(now) });
}

export function giveFloor(d: Draft, cmd: Cmd<'floor.give'>, now: number): void {
  if (d.state.status !== 'LIVE') refuse('CONFLICT', msg('live.floorOnlyLive'));
  const active = d.active();
  if (active) refuse('CONFLICT', msg('live.turnInProgress', { who: who(active) }));
  const e = d.entry(cmd.entryId);
  if (e.status !== 'CALLED' && e.status !== 'WAITING') refuse('CONFLICT', msg('live.notInQueue', { who: whoStart(e) }));
  if (e.status === 'WAITING') ensureNobodyCalled(d);
  d.update(e.id, {
    status: 'SPEAKING',
    calledAt: e.calledAt ?? iso(now),
    startedAt: iso(now),
    pausedAt: null,
    pauseReason: null,
    pausedMs: 0,
    allottedSeconds: d.state.settings.turnSeconds,
  });
  d.state.floor = { entryId: e.id, speaker: { kind: 'CITIZEN', siteId: e.siteId } };
}

export function handToAgency(d: Draft, cmd: Cmd<'floor.handToAgency'>, ctx: LiveContext, now: number): void {
  const active = d.active();
  if (!active || !d.state.floor) refuse('CONFLICT', msg('live.noTurnForAgency'));
  const rep = ctx.agencyReps.get(cmd.accountId);
  if (!rep) refuse('BAD_REQUEST', msg('live.notAgencyRep'));
  d.state.floor = { entryId: active!.id, speaker: { kind: 'AGENCY', siteId: rep!.siteId, accountId: cmd.accountId, name: rep!.name, agencyName: rep!.agencyName } };
  d.update(active!.id, {
    answers: [...active!.answers, { accountId: cmd.accountId, name: rep!.name, siteId: rep!.siteId, agencyName: rep!.agencyName, at: iso(now) }],
  });
}

export function takeBack(d: Draft): void {
  const floor = d.state.floor;
  if (!floor || floor.speaker.kind !== 'AGENCY') refuse('CONFLICT', msg('live.floorNotWithAgency'));
  const active = d.entry(floor!.entryId);
  d.state.floor = { entryId: active.id, speaker: { kind: 'CITIZEN', siteId: active.siteId } };
}

export function pauseTurn(d: Draft, now: number, reason: PauseReason = 'CHAIR'): void {
  const active = d.active();
  if (!active) refuse('CONFLICT', msg('live.noActiveTurn'));
  if (active!.status === 'PAUSED') refuse('CONFLICT', msg('live.turnAlreadyPaused'));
  d.update(active!.id, { status: 'PAUSED', pausedAt: iso(now), pauseReason: reason });
}

export function resumeTurn(d: Draft, now: number): void {
  const active = d.active();
  if (!active || active.status !== 'PAUSED') refuse('CONFLICT', msg('live.noPausedTurn'));
  if (d.state.status !== 'LIVE') refuse('CONFLICT', msg('live.resumeSessionFirst'));
  d.update(active!.id, {
    status: 'SPEAKING',
    pausedMs: active!.pausedMs + Math.max(0, now - Date.parse(active!.pausedAt!)),
    pausedAt: null,
    pauseReason: null,
  });
}

export function addTime(d: Draft, cmd: Cmd<'turn.addTime'>): void {
  const active = d.active();
  if (!active) refuse('CONFLICT', msg('live.noTurnForTime'));
  d.update(active!.id, { extraSeconds: active!.extraSeconds + (cmd.seconds ?? 60) });
}

/** Ends the turn in progress; records its end, and by default calls the next registration. */
export function endTurn(d: Draft, now: number, opts: { callNext: boolean } = { callNext: true }): void {
  const active = d.active();
  if (!active) refuse('CONFLICT', msg('live.noTurnToEnd'));
  const closingPause = active!.pausedAt ? Math.max(0, now - Date.parse(active!.pausedAt)) : 0;
  d.update(active!.id, { status: 'DONE', endedAt: iso(now), pausedMs: active!.pausedMs + closingPause, pausedAt: null, pauseReason: null });
  d.state.floor = null;
  if (opts.callNext && d.state.status === 'LIVE' && !d.called()) {
    const next = nextToCall(d.state);
    if (next) d.update(next.id, { status: 'CALLED', calledAt: iso(now) });
  }
}

/**
 * The speaking site dropped out of the video room (LiveKit's webhook, or the operator's own page): stop its
 * clock, and say why. Its microphone closes with the pause, so a page that claims a drop it did not have
 * only silences its own citizen.
 */
export function siteLeft(d: Draft, siteId: string, now: number): void {
  const active = d.active();
  if (active?.status === 'SPEAKING' && d.state.floor?.speaker.siteId === siteId) pauseTurn(d, now, 'SITE_DISCONNECTED');
  else refuse('CONFLICT', msg('live.noTurnAffected'));
}

/** The site is back: a pause its drop caused ends without anyone acting (never a pause the chair made). */
export function siteBack(d: Draft, siteId: string, now: number): void {
  const active = d.active();
  if (active?.status === 'PAUSED' && active.pauseReason === 'SITE_DISCONNECTED' && d.state.floor?.speaker.siteId === siteId && d.state.status === 'LIVE') {
    resumeTurn(d, now);
  } else refuse('CONFLICT', msg('live.noTurnAffected'));
}

