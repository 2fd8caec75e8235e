// What each role may do, as one table. The type makes it complete: a new permission (or a new live
// intent, which the protocol's COMMAND_ROLES lists) does not compile until every row says who has it.
// Relations come on top of roles and are checked in policy.ts: "the session's own chair", "a site that
// takes part", "in the chair's circle" (which also depends on where a secretary works).
import { COMMAND_ROLES, type LiveCommandType, type Role } from '../../../protocol/index.ts';
import type { Person } from './caller.ts';

type HubPermission =
  /** Sees every session of the city, read only. */
  | 'session.readAnywhere'
  /** Takes part in a session's video room (the site must take part, see canJoinRoom). */
  | 'room.join'
  /** Writes the minutes' text and fields (a chair only for their own session). */
  | 'minutes.write'
  /** Approves the minutes (the session's own chair). */
  | 'minutes.approve'
  /** Manages the city's sites, districts, agencies and accounts, and reads the audit log. */
  | 'hub.administer'
  /** Schedules, reschedules and cancels sessions and series (a moderator for their own host office). */
  | 'schedule.manage'
  /** Keeps the year's plan of dialogue conferences and thematic sessions (the leaders' work programme). */
  | 'plan.keep'
  /** Takes a citizen's intake at their own site (a session's bridge point or the regular reception). */
  | 'intake.take'
  /** Reads the reception book: their own site's, or the city's at the host office (see intake-sight.ts). */
  | 'intake.read'
  /** Reads cases: an agency its own, a bridge point its citizens', the host office and observers the city's (case-sight.ts). */
  | 'case.read'
  /** Works a case: accepts, records progress and the result (the agency it is assigned to). */
  | 'case.work'
  /** Decides for the office: extensions, transfers, reopenings (the host office's chair's circle). */
  | 'case.decide'
  /** Reads the statutory reports: the city's, or a bridge point its own site's (counts only, no citizen). */
  | 'report.read'
  /** Files a report period (chốt số liệu), freezing its figures: the host office's chair's circle. */
  | 'report.file';

export type Permission = HubPermission | LiveCommandType;

const ALL: readonly Role[] = ['ADMIN', 'CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'AGENCY_REP', 'OBSERVER'];

export const PERMISSIONS: Readonly<Record<Permission, readonly Role[]>> = {
  ...COMMAND_ROLES,
  'session.readAnywhere': ['ADMIN', 'OBSERVER'],
  // The administrator manages sites and accounts and does not take part in sessions.
  'room.join': ALL.filter((r) => r !== 'ADMIN'),
  'minutes.write': ['CHAIR', 'MODERATOR', 'SECRETARY'],
  'minutes.approve': ['CHAIR'],
  'hub.administer': ['ADMIN'],
  'schedule.manage': ['ADMIN', 'MODERATOR'],
  'plan.keep': ['ADMIN', 'MODERATOR', 'CHAIR'],
  // The administrator keeps the hub, not the citizens' matters: no intake, and the book only masked.
  'intake.take': ['CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR'],
  'intake.read': ['ADMIN', 'CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'OBSERVER'],
  'case.read': ['ADMIN', 'CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'AGENCY_REP', 'OBSERVER'],
  'case.work': ['AGENCY_REP'],
  'case.decide': ['CHAIR', 'MODERATOR', 'SECRETARY'],
  'report.read': ['ADMIN', 'CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'OBSERVER'],
  'report.file': ['CHAIR', 'MODERATOR', 'SECRETARY'],
};

export function hasPermission(person: Pick<Person, 'role'>, permission: Permission): boolean {
  return PERMISSIONS[permission].includes(person.role);
}
