// Which sources each participant may publish right now. Pure. The host office can always speak; before
// the hearing starts (scheduled, open: sound checks and coordination) every site may; once it is live,
// a bridge point's microphone opens only while it holds the floor, or for the agency representative the
// chair handed the floor to.
import type { FloorHolder, LiveState, QueueEntry, Role } from '../../../protocol/index.ts';

export type Source = 'camera' | 'microphone';

export interface PublisherFacts {
  accountId: string;
  role: Role;
  siteId: string;
  display: boolean;
}

const NEVER_PUBLISH: ReadonlySet<Role> = new Set(['OBSERVER', 'ADMIN']);
const FLOOR_CONTROLLED: ReadonlySet<LiveState['status']> = new Set(['LIVE', 'PAUSED']);

export function allowedSources(
  p: PublisherFacts,
  live: Pick<FloorFacts, 'status' | 'floor' | 'activeSpeaking'>,
  hostSiteId: string,
): Source[] {
  if (p.display || NEVER_PUBLISH.has(p.role)) return [];
  if (p.siteId === hostSiteId) return ['camera', 'microphone'];
  if (!FLOOR_CONTROLLED.has(live.status)) return live.status === 'CLOSED' ? ['camera'] : ['camera', 'microphone'];
  const speaker = live.floor?.speaker;
  if (!speaker || !live.activeSpeaking) return ['camera'];
  if (speaker.kind === 'CITIZEN' && speaker.siteId === p.siteId && p.role !== 'AGENCY_REP') return ['camera', 'microphone'];
  if (speaker.kind === 'AGENCY' && speaker.accountId === p.accountId) return ['camera', 'microphone'];
  return ['camera'];
}

export interface FloorFacts {
  status: LiveState['status'];
  floor: FloorHolder | null;
  activeSpeaking: boolean;
  /** The site of a confidential turn in progress: only it and the host office receive media meanwhile. */
  confidentialSiteId?: string | null;
}

/** The floor facts the policy needs, from the session's status and floor and the turn the floor belongs to. */
export function floorFactsOf(
  status: LiveState['status'],
  floor: FloorHolder | null,
  active: Pick<QueueEntry, 'status' | 'confidential' | 'siteId'> | null | undefined,
): FloorFacts {
  return {
    status,
    floor,
    activeSpeaking: active?.status === 'SPEAKING',
    confidentialSiteId: active?.confidential ? active.siteId : null,
  };
}

/** The floor facts the policy needs, from a live state. */
export function floorFacts(state: Pick<LiveState, 'status' | 'floor' | 'entries'>): FloorFacts {
  return floorFactsOf(state.status, state.floor, state.floor ? state.entries.find((e) => e.id === state.floor!.entryId) : undefined);
}

/**
 * During a confidential turn (a denouncer's identity is protected by law) the speaking bridge is seen and
 * heard at the host office only: every other site, observers and room displays elsewhere included, stops
 * receiving media until the turn ends. LiveKit enforces it, so a modified client cannot get around it.
 */
export function maySubscribe(p: PublisherFacts, live: Pick<FloorFacts, 'confidentialSiteId'>, hostSiteId: string): boolean {
  if (!live.confidentialSiteId) return true;
  if (p.role === 'OBSERVER' || p.role === 'ADMIN') return false;
  return p.siteId === hostSiteId || p.siteId === live.confidentialSiteId;
}
