// Who may do what with a session, decided by the role (permissions.ts) and the caller's relation to the
// session. Pure functions of the caller and the session's facts, so they are unit-tested exhaustively;
// the services call them through SessionAccess, as the first line of every method.
import { inChairCircle, runsAsLeader } from '../../../protocol/index.ts';
import type { Person } from './caller.ts';
import { hasPermission } from './permissions.ts';

export type { Person } from './caller.ts';

export interface SessionFacts {
  chairId: string;
  hostSiteId: string;
  siteIds: readonly string[];
  status: string;
}

/** A session row (with its sites) as the access rules read it. */
export function sessionFacts(session: { chairId: string; hostSiteId: string; status: string; sites: { siteId: string }[] }): SessionFacts {
  return { chairId: session.chairId, hostSiteId: session.hostSiteId, status: session.status, siteIds: session.sites.map((s) => s.siteId) };
}

type Who = Pick<Person, 'accountId' | 'role' | 'siteId'>;

export function canViewSession(person: Who, session: SessionFacts): boolean {
  if (hasPermission(person, 'session.readAnywhere')) return true;
  if (person.accountId === session.chairId) return true;
  return person.siteId === session.hostSiteId || session.siteIds.includes(person.siteId);
}

/** Everyone who can see a session and whose role takes part may join its room until it is closed. */
export function canJoinRoom(person: Who, session: SessionFacts): boolean {
  if (!hasPermission(person, 'room.join')) return false;
  if (session.status === 'CLOSED') return false;
  return canViewSession(person, session);
}

/** Sees a confidential citizen's identity: the chair, the moderator and the host office's secretaries. */
export function seesIdentities(person: Pick<Person, 'role' | 'siteKind'>): boolean {
  return inChairCircle(person.role, person.siteKind);
}

/** The chair named on the session: the one who approves, and the only leader who writes. */
export function isSessionChair(person: Pick<Person, 'accountId' | 'role'>, chairId: string): boolean {
  return hasPermission(person, 'minutes.approve') && person.accountId === chairId;
}

/** A person with the chair's role acts on a session only as its named chair (others follow it, read only). */
export function mayRunAsLeader(person: Pick<Person, 'accountId' | 'role'>, chairId: string): boolean {
  return runsAsLeader(person.role, person.accountId, chairId);
}

/** Who writes the minutes: secretaries and moderators who can see the session, and its own chair. */
export function mayEditMinutes(person: Pick<Person, 'accountId' | 'role'>, chairId: string): boolean {
  return hasPermission(person, 'minutes.write') && mayRunAsLeader(person, chairId);
}

/**
 * Who reopens approved minutes: a writer who is also in the chair's circle. A ward's secretary writes the
 * draft beside the lead secretary, but the approved record of the city's session is not theirs to reopen.
 */
export function mayAmendMinutes(person: Pick<Person, 'accountId' | 'role' | 'siteKind'>, chairId: string): boolean {
  return mayEditMinutes(person, chairId) && seesIdentities(person);
}
