// The access questions of administration: who administers at all, and whose account they may see or
// change. An administrator of the city manages everything but never an account above their own role
// (ROLE_RANK), so a future role that manages some accounts cannot promote itself or reach past its rank.
import { ROLE_RANK, msg, type Role } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import type { Caller, Person } from './caller.ts';
import { hasPermission } from './permissions.ts';

/** The administrator behind a request; anyone else is refused with a reason. */
export function administrator(caller: Caller): Person {
  if (caller.kind !== 'person' || !hasPermission(caller, 'hub.administer')) throw new AppError('FORBIDDEN', msg('admin.only'));
  return caller;
}

export function reaches(person: Pick<Person, 'role'>, role: Role): boolean {
  return ROLE_RANK[role] <= ROLE_RANK[person.role];
}

/** An account (as it is, and as it would become) must stay within the administrator's reach. */
export function mustReach(person: Pick<Person, 'role'>, ...roles: Role[]): void {
  if (!roles.every((r) => reaches(person, r))) throw new AppError('FORBIDDEN', msg('admin.aboveYourRole'));
}
