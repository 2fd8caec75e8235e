// The order in which waiting registrations will be called. Shared by the server (which calls them) and
// the web client (which shows each bridge its place), so both always agree.
import type { LiveState, QueueEntry } from './live.ts';

const byPosition = (a: QueueEntry, b: QueueEntry): number => a.position - b.position || a.registeredAt.localeCompare(b.registeredAt);

/**
 * Waiting entries in calling order. Priority entries (the elderly, people with disabilities, war invalids
 * and martyrs' families, delegation representatives) come first. With round robin, the rest are taken
 * site by site: the site served longest ago goes next, so one busy district cannot crowd out the others.
 */
export function orderedWaiting(state: Pick<LiveState, 'entries' | 'settings'>): QueueEntry[] {
  const waiting = state.entries.filter((e) => e.status === 'WAITING');
  const priority = waiting.filter((e) => e.priority !== null).sort(byPosition);
  const normal = waiting.filter((e) => e.priority === null).sort(byPosition);
  if (!state.settings.roundRobin) return [...priority, ...normal];

  // When did each site last get a turn called (or get the floor)? Never: first in line.
  const lastServed = new Map<string, number>();
  for (const e of state.entries) {
    const t = e.calledAt ?? e.startedAt;
    if (t && e.status !== 'WAITING') lastServed.set(e.siteId, Math.max(lastServed.get(e.siteId) ?? -Infinity, Date.parse(t)));
  }
  // Sites whose priority citizens go first count as served then; later picks count after them. Both far
  // above any timestamp, and well inside the range where integers stay exact.
  const PRIORITY_SERVED = 3e15;
  for (const e of priority) lastServed.set(e.siteId, PRIORITY_SERVED);

  const queues = new Map<string, QueueEntry[]>();
  for (const e of normal) queues.set(e.siteId, [...(queues.get(e.siteId) ?? []), e]);
  const result: QueueEntry[] = [...priority];
  let tick = 4e15;
  while (queues.size > 0) {
    let best: string | null = null;
    for (const [site, q] of queues) {
      if (best === null) {
        best = site;
        continue;
      }
      const a = lastServed.get(site) ?? -Infinity;
      const b = lastServed.get(best) ?? -Infinity;
      if (a < b || (a === b && byPosition(q[0]!, queues.get(best)![0]!) < 0)) best = site;
    }
    const q = queues.get(best!)!;
    result.push(q.shift()!);
    lastServed.set(best!, tick++);
    if (q.length === 0) queues.delete(best!);
  }
  return result;
}

/** The entry "call next" would call now, or null when nobody waits. */
export function nextToCall(state: Pick<LiveState, 'entries' | 'settings'>): QueueEntry | null {
  return orderedWaiting(state)[0] ?? null;
}
