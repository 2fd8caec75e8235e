// What a bridge operator's page tells the hub about its own media connection (the `site.media` intent).
// LiveKit's webhooks report a site that leaves or times out, but a LiveKit node that dies reports nothing,
// and the other nodes go on listing its participants as present: the page that was cut off is the one
// that knows. Its word only ever pauses or resumes its own citizen's turn (the rules check the floor), and
// a pause closes its microphone, so a page that claims a drop it did not have silences only itself.
import type { LiveState, Role } from '$protocol';
import type { RoomState } from './room.svelte.ts';

export interface MediaReportInput {
  role: Role;
  siteId: string;
  roomState: RoomState;
  state: LiveState | null;
}

export interface MediaReport {
  connected: boolean;
  /** Tells one occasion from the next, so that each is reported once. */
  key: string;
}

const CUT_OFF: ReadonlySet<RoomState> = new Set(['reconnecting', 'disconnected', 'unreachable']);

/** The report this page owes the hub now, or null when it owes none. */
export function mediaReport({ role, siteId, roomState, state }: MediaReportInput): MediaReport | null {
  if (role !== 'BRIDGE_OPERATOR' || state?.status !== 'LIVE') return null;
  const floor = state.floor;
  if (!floor || floor.speaker.kind !== 'CITIZEN' || floor.speaker.siteId !== siteId) return null;
  const turn = state.entries.find((e) => e.id === floor.entryId);
  if (!turn) return null;
  // pausedMs grows with every pause that ends, so a second drop in the same turn is a new occasion.
  if (CUT_OFF.has(roomState) && turn.status === 'SPEAKING') return { connected: false, key: `${turn.id}:lost:${turn.pausedMs}` };
  if (roomState === 'live' && turn.status === 'PAUSED' && turn.pauseReason === 'SITE_DISCONNECTED') {
    return { connected: true, key: `${turn.id}:back:${turn.pausedAt ?? ''}` };
  }
  return null;
}
