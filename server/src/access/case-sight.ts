// What a person sees of a case and whether they may act on it. The agency it is assigned to works it and
// sees the citizen it must answer, except a denouncer, whose identity never reaches the body that verifies
// the matter (Law on Denunciation 2018, art. 47). The host office's chair's circle sees and decides
// everything; the citizen's own bridge point reads its citizens' cases as the intake rules show them; the
// administrator and observers (the Fatherland Front, the inspectorate) supervise every case masked.
import { inChairCircle } from '../../../protocol/index.ts';
import type { Person } from './caller.ts';
import { hasPermission, PERMISSIONS } from './permissions.ts';
import type { IntakeSight } from './intake-sight.ts';

export interface CaseFacts {
  agencyId: string;
  siteId: string;
  confidential: boolean;
}

/** How a person sees one case; null: not at all. */
export function caseSight(person: Person, c: CaseFacts): IntakeSight | null {
  if (!hasPermission(person, 'case.read')) return null;
  if (person.role === 'AGENCY_REP') {
    if (person.agencyId !== c.agencyId) return null;
    return c.confidential ? 'withheld' : 'full';
  }
  if (inChairCircle(person.role, person.siteKind)) return 'full';
  if (person.siteKind === 'BRIDGE_POINT') {
    if (person.siteId !== c.siteId) return null;
    return hasPermission(person, 'intake.take') ? 'full' : 'masked';
  }
  return c.confidential ? 'withheld' : 'masked';
}

/** Which cases a person's list holds, as a filter the repository turns into a WHERE clause. */
export function caseScope(person: Person): { agencyId?: string; siteId?: string } | null {
  if (!hasPermission(person, 'case.read')) return null;
  if (person.role === 'AGENCY_REP') return person.agencyId ? { agencyId: person.agencyId } : null;
  if (person.siteKind === 'BRIDGE_POINT') return { siteId: person.siteId };
  return {};
}

/**
 * Whether a person opens one document of a case. Those who see the citizen in full open every document. The
 * agency works the case, so it opens its documents; but on a denunciation it opens only those its own people
 * attached: a paper the host office attached (the petition, the reception minutes) may name the denouncer.
 */
export function opensCaseDocument(person: Person, c: CaseFacts, sight: IntakeSight, uploaderAgencyId: string | null): boolean {
  if (sight === 'full') return true;
  if (person.role !== 'AGENCY_REP' || person.agencyId !== c.agencyId) return false;
  return !c.confidential || uploaderAgencyId === person.agencyId;
}

/** Who decides for the office (extensions, transfers, reopenings): these roles at a host office. */
export const CASE_DECIDERS = PERMISSIONS['case.decide'];
