// What a confidential turn withholds from this page, as the server's floor policy does (floor-policy.ts):
// the page cannot see more than LiveKit lets it, but it can say why its tiles went dark and until when.
import type { QueueEntry } from '$protocol';
import type { LiveSession } from './live-session.svelte.ts';

const IN_TURN = new Set(['SPEAKING', 'PAUSED']);

/** The confidential turn whose media this page does not receive right now, or null. */
export function withheldTurn(session: LiveSession): QueueEntry | null {
  const entry = session.current;
  if (!entry?.confidential || !IN_TURN.has(entry.status)) return null;
  const { role, site } = session.me;
  if (role === 'OBSERVER' || role === 'ADMIN') return entry;
  const hostId = session.summary?.hostSite.id;
  return site.id === hostId || site.id === entry.siteId ? null : entry;
}

/** This bridge's denouncer is called: its camera stays off until the chair gives the floor. */
export function cameraHeldForConfidential(session: LiveSession): QueueEntry | null {
  const called = session.called;
  if (!called?.confidential || called.siteId !== session.me.site.id) return null;
  if (session.summary && session.summary.hostSite.id === session.me.site.id) return null;
  // The same bridge still speaking in a public turn keeps its camera (the others are cut off instead).
  if (session.current && session.current.siteId === called.siteId) return null;
  return called;
}
