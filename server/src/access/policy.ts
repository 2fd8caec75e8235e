// Who may do what, decided next to the decision (services call these), never scattered through routes.
// Pure functions of the account and the session, so they are unit-tested exhaustively.
import type { Role, SiteKind } from '../../../protocol/index.ts';

export interface AccountFacts {
  id: string;
  role: Role;
  siteId: string;
  siteKind: SiteKind;
}

export interface SessionFacts {
  chairId: string;
  hostSiteId: string;
  siteIds: readonly string[];
  status: string;
}

/** Roles that watch everything and change nothing. */
const CITYWIDE_READERS: ReadonlySet<Role> = new Set(['ADMIN', 'OBSERVER']);

export function canViewSession(account: AccountFacts, session: SessionFacts): boolean {
  if (CITYWIDE_READERS.has(account.role)) return true;
  if (account.id === session.chairId) return true;
  return account.siteId === session.hostSiteId || session.siteIds.includes(account.siteId);
}

/**
 * The administrator manages sites and accounts and does not take part in sessions; everyone else who
 * can see a session may join its room until it is closed.
 */
export function canJoinRoom(account: AccountFacts, session: SessionFacts): boolean {
  if (account.role === 'ADMIN') return false;
  if (session.status === 'CLOSED') return false;
  return canViewSession(account, session);
}
