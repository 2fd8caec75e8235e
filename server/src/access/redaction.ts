// A confidential turn (a denouncer's right to identity protection, Law on Denunciation 2018, art. 47): the
// citizen's name, representative and subject reach only the chair's circle and the site that registered
// them. This is the one place that withholds them: the live patches and snapshots, the minutes view and
// the public copy of the documents all pass through here, so a new view cannot forget one field.
import type { EntryFacts, LivePatch, LiveState, MinutesContent, QueueEntry } from '../../../protocol/index.ts';
import { REDACTED_STATEMENT } from '../minutes/export/labels.ts';
import type { Person } from './caller.ts';
import { hasPermission } from './permissions.ts';
import { seesIdentities } from './policy.ts';

/**
 * The groups that see a live session differently: the chair's circle sees everyone; a site sees its own
 * confidential citizens and no one else's; everyone outside (observers, room displays, public pages) sees
 * no confidential identity at all.
 */
export type Audience = { kind: 'inner' } | { kind: 'site'; siteId: string } | { kind: 'outer' };

export const PUBLIC_AUDIENCE: Audience = { kind: 'outer' };

/** A public screen (a room's TV) sees what an outsider sees, whoever signed it in. */
export function audienceOf(person: Person, requested?: 'public'): Audience {
  if (requested === 'public') return PUBLIC_AUDIENCE;
  if (seesIdentities(person)) return { kind: 'inner' };
  if (hasPermission(person, 'session.readAnywhere')) return PUBLIC_AUDIENCE;
  return { kind: 'site', siteId: person.siteId };
}

interface Identity {
  confidential: boolean;
  citizenName: string | null;
  representative: string | null;
  subject: string | null;
}

function withheld<T extends Identity>(x: T): T {
  // A denouncer's earlier visit (its day) could point to them too: withheld with the name.
  return x.confidential ? { ...x, citizenName: null, representative: null, subject: null, ...('returning' in x ? { returning: null } : {}) } : x;
}

export function redactEntry(e: QueueEntry, a: Audience): QueueEntry {
  if (a.kind === 'inner' || (a.kind === 'site' && a.siteId === e.siteId)) return e;
  // That a citizen came before is for the chair (and the site that took them), not for every screen.
  const seen = e.returning ? { ...e, returning: null } : e;
  return seen.confidential ? withheld(seen) : seen;
}

export function redactState(s: LiveState, a: Audience): LiveState {
  return { ...s, entries: s.entries.map((e) => redactEntry(e, a)) };
}

export function redactPatch(p: LivePatch, a: Audience): LivePatch {
  return { ...p, entries: p.entries.map((e) => redactEntry(e, a)) };
}

/** A patch that names no confidential citizen and no returning one reads the same for every audience: it is sent once. */
export function patchIsPublic(p: LivePatch): boolean {
  return p.entries.every((e) => !e.confidential && !e.returning);
}

/** The minutes' facts of a turn, outside the chair's circle (the minutes are the session's, not a site's). */
export function withholdIdentity(facts: EntryFacts): EntryFacts {
  return withheld(facts);
}

/**
 * The copy anyone who may see the session can download: no confidential citizen is named, nor anything that
 * could lead back to them: their representative, the subject of their petition and what they said.
 */
export function publicCopy(content: MinutesContent): MinutesContent {
  return {
    ...content,
    entries: content.entries.map((entry) =>
      entry.facts.confidential ? { ...entry, facts: withholdIdentity(entry.facts), text: { ...entry.text, statement: REDACTED_STATEMENT } } : entry,
    ),
  };
}

/** Outside the chair's circle a version reads as the public copy. */
export function contentFor(content: MinutesContent, person: Pick<Person, 'role' | 'siteKind'>): MinutesContent {
  return seesIdentities(person) ? content : publicCopy(content);
}
