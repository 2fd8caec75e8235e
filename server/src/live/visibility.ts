// A confidential turn (a denouncer's right to identity protection): the citizen's name and details reach
// only the chair's circle and the site that registered them; everyone else sees "confidential turn".
import { inChairCircle, type LivePatch, type LiveState, type QueueEntry, type Role, type SiteKind } from '../../../protocol/index.ts';

export type Viewer = { kind: 'inner' } | { kind: 'site'; siteId: string } | { kind: 'outer' };

export function viewerFor(role: Role, siteKind: SiteKind, siteId: string): Viewer {
  if (inChairCircle(role, siteKind)) return { kind: 'inner' };
  if (role === 'OBSERVER' || role === 'ADMIN') return { kind: 'outer' };
  return { kind: 'site', siteId };
}

export function viewerRoom(sessionId: string, v: Viewer): string {
  return v.kind === 'site' ? `live:${sessionId}:site:${v.siteId}` : `live:${sessionId}:${v.kind}`;
}

export function redactEntry(e: QueueEntry, v: Viewer): QueueEntry {
  if (!e.confidential || v.kind === 'inner' || (v.kind === 'site' && v.siteId === e.siteId)) return e;
  return { ...e, citizenName: null, subject: null, representative: null };
}

export function redactState(s: LiveState, v: Viewer): LiveState {
  return { ...s, entries: s.entries.map((e) => redactEntry(e, v)) };
}

export function redactPatch(p: LivePatch, v: Viewer): LivePatch {
  return { ...p, entries: p.entries.map((e) => redactEntry(e, v)) };
}
