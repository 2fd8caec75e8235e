// Session-level intents: open, start, pause, resume, close, settings and site readiness.
import type { LiveCommand, SiteReadiness } from '../live.ts';
import { type PersonActor as Actor, type Draft, type LiveContext, iso, refuse } from './rules.ts';
import { msg } from '../messages/index.ts';
import { endTurn } from './turn-rules.ts';

type Cmd<T extends LiveCommand['type']> = Extract<LiveCommand, { type: T }>;

export function openSession(d: Draft, now: number): void {
  if (d.state.status !== 'SCHEDULED') refuse('CONFLICT', msg('live.alreadyOpen'));
  d.state.status = 'OPEN';
  d.state.openedAt = iso(now);
}

export function startSession(d: Draft, now: number): void {
  if (d.state.status === 'SCHEDULED') refuse('CONFLICT', msg('live.openFirst'));
  if (d.state.status !== 'OPEN') refuse('CONFLICT', msg('live.alreadyStarted'));
  d.state.status = 'LIVE';
  d.state.startedAt = iso(now);
}

export function pauseSession(d: Draft, now: number, by: 'CHAIR' | 'MODERATOR' = 'CHAIR'): void {
  if (d.state.status !== 'LIVE') refuse('CONFLICT', msg('live.pauseOnlyLive'));
  d.state.status = 'PAUSED';
  const active = d.active();
  if (active?.status === 'SPEAKING') d.update(active.id, { status: 'PAUSED', pausedAt: iso(now), pauseReason: by });
}

export function resumeSession(d: Draft): void {
  if (d.state.status !== 'PAUSED') refuse('CONFLICT', msg('live.notPaused'));
  d.state.status = 'LIVE';
}

export function closeSession(d: Draft, now: number): void {
  if (d.state.status === 'CLOSED') refuse('CONFLICT', msg('live.sessionClosed'));
  if (d.active()) endTurn(d, now, { callNext: false });
  d.state.status = 'CLOSED';
  d.state.closedAt = iso(now);
  d.state.floor = null;
}

export function changeSettings(d: Draft, cmd: Cmd<'session.settings'>): void {
  if (d.state.status === 'CLOSED') refuse('CONFLICT', msg('live.sessionClosed'));
  if (cmd.turnSeconds !== undefined) d.state.settings.turnSeconds = cmd.turnSeconds;
  if (cmd.roundRobin !== undefined) d.state.settings.roundRobin = cmd.roundRobin;
}

export function qualityOf(r: Pick<SiteReadiness, 'camera' | 'microphone' | 'rttMs'>): SiteReadiness['quality'] {
  if (!r.camera || !r.microphone || r.rttMs === null) return 'FAILED';
  if (r.rttMs > 400) return 'POOR';
  if (r.rttMs > 150) return 'FAIR';
  return 'GOOD';
}

export function recordReadiness(d: Draft, cmd: Cmd<'site.readiness'>, actor: Actor, ctx: LiveContext, now: number): void {
  if (!ctx.siteIds.has(cmd.siteId)) refuse('BAD_REQUEST', msg('live.siteNotInSession'));
  if (actor.siteId !== cmd.siteId && actor.role !== 'CHAIR' && actor.role !== 'MODERATOR') {
    refuse('FORBIDDEN', msg('live.readinessOwnSite'));
  }
  const rttMs = cmd.rttMs ?? null;
  d.state.readiness[cmd.siteId] = {
    camera: cmd.camera,
    microphone: cmd.microphone,
    rttMs,
    quality: qualityOf({ camera: cmd.camera, microphone: cmd.microphone, rttMs }),
    checkedAt: iso(now),
    checkedBy: actor.name,
  };
}
