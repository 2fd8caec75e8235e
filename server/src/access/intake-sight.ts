// What a person sees of a citizen's intake. Personal data (CCCD, phone, address, later the scans) is shown in
// full only to the people who need it: those who work at the citizen's own site, and the host office's chair,
// moderator and secretaries. The administrator and observers see it masked (initials, the last three
// digits). People of another bridge point see none of it. A denunciation's intake keeps the denouncer's
// identity in the chair's circle and with the site that took it (Law on Denunciation 2018, art. 47): for
// everyone else it is withheld, initials included.
import { inChairCircle } from '../../../protocol/index.ts';
import type { Person } from './caller.ts';
import { hasPermission } from './permissions.ts';

export type IntakeSight = 'full' | 'masked' | 'withheld';

/** How a person sees one intake; null: not at all. */
export function intakeSight(person: Person, intake: { siteId: string; confidential: boolean }): IntakeSight | null {
  if (!hasPermission(person, 'intake.read')) return null;
  const ownSite = person.siteId === intake.siteId;
  if (person.siteKind === 'BRIDGE_POINT' && !ownSite) return null;
  const needsIt = (ownSite && hasPermission(person, 'intake.take')) || inChairCircle(person.role, person.siteKind);
  if (intake.confidential) return needsIt ? 'full' : 'withheld';
  return needsIt ? 'full' : 'masked';
}

/** A full read of a record taken elsewhere is written to the audit log (who read whose data, when). */
export function fullReadFromElsewhere(person: Person, intake: { siteId: string }, sight: IntakeSight | null): boolean {
  return sight === 'full' && person.siteId !== intake.siteId;
}
