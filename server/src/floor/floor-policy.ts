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
  live: Pick<FloorFacts, 'status' | 'floor' | 'activeSpeaking'> & Partial<Pick<FloorFacts, 'confidentialCalledSiteId' | 'sanctioned'>>,
  hostSiteId: string,
): Source[] {
  if (p.display || NEVER_PUBLISH.has(p.role)) return [];
  // Caught publishing sound without the floor (see media-guard.ts): nothing at all for a while.
  if (live.sanctioned?.has(p.accountId)) return [];
  if (p.siteId === hostSiteId) return ['camera', 'microphone'];
  // A denouncer waits at this bridge for the floor: its camera stays off until the floor is given, when the
  // other sites have already been cut off from the turn's media.
  if (live.confidentialCalledSiteId === p.siteId) return [];
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
  /** The site of a confidential entry that is called and waits for the floor: it publishes nothing yet. */
  confidentialCalledSiteId?: string | null;
  /** Accounts sanctioned for a forbidden publish: they publish nothing until the sanction ends. */
  sanctioned?: ReadonlySet<string>;
}

type EntryFacts = Pick<QueueEntry, 'status' | 'confidential' | 'siteId'>;

/**
 * The floor facts the policy needs, from the session's status and floor, the turn the floor belongs to and
 * the entry called to get ready. A confidential entry is protected from the moment it is called (its
 * bridge's camera goes off) until its turn has ended (only the host office and that bridge receive media).
 */
export function floorFactsOf(status: LiveState['status'], floor: FloorHolder | null, active: EntryFacts | null | undefined, called?: EntryFacts | null): FloorFacts {
  const turnInProgress = active && (active.status === 'SPEAKING' || active.status === 'PAUSED') ? active : null;
  let confidentialSiteId = turnInProgress?.confidential ? turnInProgress.siteId : null;
  let confidentialCalledSiteId = called?.status === 'CALLED' && called.confidential ? called.siteId : null;
  // The denouncer's own bridge is speaking in another turn: its camera cannot go off, so the other sites
  // are cut off instead, as for the confidential turn itself.
  if (confidentialCalledSiteId && turnInProgress && turnInProgress.siteId === confidentialCalledSiteId) {
    confidentialSiteId ??= confidentialCalledSiteId;
    confidentialCalledSiteId = null;
  }
  return { status, floor, activeSpeaking: active?.status === 'SPEAKING', confidentialSiteId, confidentialCalledSiteId };
}

/** The floor facts the policy needs, from a live state. */
export function floorFacts(state: Pick<LiveState, 'status' | 'floor' | 'entries'>): FloorFacts {
  const active = state.floor ? state.entries.find((e) => e.id === state.floor!.entryId) : undefined;
  return floorFactsOf(state.status, state.floor, active, state.entries.find((e) => e.status === 'CALLED'));
}

/** Two facts give every participant the same grants (so a change between them needs no LiveKit call). */
export function sameMediaFacts(a: FloorFacts, b: FloorFacts): boolean {
  const speaker = (f: FloorFacts): string => (f.floor ? `${f.floor.speaker.kind}:${f.floor.speaker.siteId}:${f.floor.speaker.kind === 'AGENCY' ? f.floor.speaker.accountId : ''}` : '');
  const phase = (s: LiveState['status']): string => (FLOOR_CONTROLLED.has(s) ? 'controlled' : s === 'CLOSED' ? 'closed' : 'open');
  return (
    phase(a.status) === phase(b.status) &&
    speaker(a) === speaker(b) &&
    a.activeSpeaking === b.activeSpeaking &&
    (a.confidentialSiteId ?? null) === (b.confidentialSiteId ?? null) &&
    (a.confidentialCalledSiteId ?? null) === (b.confidentialCalledSiteId ?? null)
  );
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
