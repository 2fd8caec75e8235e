// The structured fields of an entry as the form holds them (empty string: not chosen), and the checks the
// server makes too (server/src/minutes/minutes-rules.ts), so a secretary hears about a missing agency
// before a round trip. The Vietnamese wording is the server's, so both say the same; the server still decides.
import { CONCLUSION_TYPES, FIELDS, PETITION_TYPES, type EntryFields, type MinutesFieldsRequest } from '$protocol';

export interface FieldsDraft {
  petitionType: string;
  field: string;
  conclusionType: string;
  agencyId: string;
  deadline: string;
}

export type FieldsProblem = 'needAgency' | 'needDeadline' | 'pastDeadline';
/** A problem and the values its message names. */
export interface FieldsIssue {
  problem: FieldsProblem;
  values: Record<string, string>;
}

export function draftOf(fields: EntryFields): FieldsDraft {
  return {
    petitionType: fields.petitionType ?? '',
    field: fields.field ?? '',
    conclusionType: fields.conclusionType ?? '',
    agencyId: fields.agencyId ?? '',
    deadline: fields.deadline ?? '',
  };
}

export function sameDraft(a: FieldsDraft, b: FieldsDraft): boolean {
  return (Object.keys(a) as (keyof FieldsDraft)[]).every((key) => a[key] === b[key]);
}

/** "2026-05-20" as "20/05/2026", the way the server's messages write dates. */
export const dayMonthYear = (iso: string): string => iso.split('-').reverse().join('/');

/**
 * Every problem, as the server lists them. `today` is Hanoi's calendar day ("YYYY-MM-DD"); a past deadline
 * that is already stored passes, as on the server (amended minutes keep the deadlines they were given).
 */
export function checkFields(draft: FieldsDraft, today: string, storedDeadline: string | null): FieldsIssue[] {
  const issues: FieldsIssue[] = [];
  if (draft.conclusionType === 'ASSIGNED') {
    if (!draft.agencyId) issues.push({ problem: 'needAgency', values: {} });
    if (!draft.deadline) issues.push({ problem: 'needDeadline', values: {} });
  }
  // ISO dates compare as text.
  if (draft.deadline && draft.deadline < today && draft.deadline !== storedDeadline) {
    issues.push({ problem: 'pastDeadline', values: { date: dayMonthYear(draft.deadline), today: dayMonthYear(today) } });
  }
  return issues;
}

const oneOf = <T extends string>(values: readonly T[], value: string): T | null => ((values as readonly string[]).includes(value) ? (value as T) : null);

export function requestOf(entryId: string, draft: FieldsDraft): Omit<MinutesFieldsRequest, 'sessionId'> {
  return {
    entryId,
    petitionType: oneOf(PETITION_TYPES, draft.petitionType),
    field: oneOf(FIELDS, draft.field),
    conclusionType: oneOf(CONCLUSION_TYPES, draft.conclusionType),
    agencyId: draft.agencyId || null,
    deadline: draft.deadline || null,
  };
}
