// Which roles may issue which live intents. The server enforces this (plus the site rules: a bridge acts
// only on its own site's citizens); the web client uses it to show only the controls a person may use.
import type { Role } from './auth.ts';
import type { LiveCommandType } from './live.ts';

const RUNNERS: readonly Role[] = ['CHAIR', 'MODERATOR'];
const INTAKE: readonly Role[] = ['CHAIR', 'MODERATOR', 'BRIDGE_OPERATOR', 'SECRETARY'];

export const COMMAND_ROLES: Record<LiveCommandType, readonly Role[]> = {
  'session.open': RUNNERS,
  'session.start': ['CHAIR'],
  'session.pause': RUNNERS,
  'session.resume': RUNNERS,
  'session.close': ['CHAIR'],
  'session.settings': RUNNERS,
  'entry.register': INTAKE,
  'entry.askFloor': INTAKE,
  'entry.withdraw': INTAKE,
  'entry.confidential': INTAKE,
  'entry.move': RUNNERS,
  'entry.priority': RUNNERS,
  'entry.skip': RUNNERS,
  'entry.noShow': RUNNERS,
  'entry.requeue': RUNNERS,
  'entry.rename': RUNNERS,
  'queue.callNext': RUNNERS,
  'queue.call': RUNNERS,
  'floor.give': RUNNERS,
  'floor.handToAgency': RUNNERS,
  'floor.takeBack': RUNNERS,
  'turn.pause': RUNNERS,
  'turn.resume': RUNNERS,
  'turn.addTime': RUNNERS,
  'turn.end': RUNNERS,
  'site.readiness': ['CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR'],
  // The operator's page publishes the site's microphone, so its connection is the site's.
  'site.media': ['BRIDGE_OPERATOR'],
};

export function mayIssue(role: Role, type: LiveCommandType): boolean {
  return COMMAND_ROLES[type].includes(role);
}

/** Who sees a confidential citizen's identity: the chair, the moderator and the host office's secretaries. */
/**
 * A person with a leader's role runs a session only as its named chair: another leader at the office
 * follows it, read only. The server refuses (`live.notSessionChair`); a page does not offer the controls.
 */
export function runsAsLeader(role: Role, accountId: string, chairId: string): boolean {
  return role !== 'CHAIR' || accountId === chairId;
}

export function inChairCircle(role: Role, siteKind: 'HOST_OFFICE' | 'BRIDGE_POINT'): boolean {
  return role === 'CHAIR' || role === 'MODERATOR' || (role === 'SECRETARY' && siteKind === 'HOST_OFFICE');
}
