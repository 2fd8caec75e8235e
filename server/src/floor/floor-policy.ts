// Which sources each participant may publish right now. Pure. The host office can always speak; before
// the hearing starts (scheduled, open: sound checks and coordination) every site may; once it is live,
// a bridge point's microphone opens only while it holds the floor, or for the agency representative the
// chair handed the floor to.
import type { FloorHolder, LiveState, Role } from '../../../protocol/index.ts';

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
  live: { status: LiveState['status']; floor: FloorHolder | null; activeSpeaking: boolean },
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

/** The floor facts the policy needs, from a live state. */
export function floorFacts(state: Pick<LiveState, 'status' | 'floor' | 'entries'>): { status: LiveState['status']; floor: FloorHolder | null; activeSpeaking: boolean } {
  const active = state.floor ? state.entries.find((e) => e.id === state.floor!.entryId) : undefined;
  return { status: state.status, floor: state.floor, activeSpeaking: active?.status === 'SPEAKING' };
}
