// The structured fields of an entry as the form holds them (empty string: not chosen), checked with the
// rule the server applies too (protocol's fieldsProblems), so a secretary hears about a missing agency
// before a round trip. The Vietnamese wording is the server's, so both say the same; the server still decides.
import { CONCLUSION_TYPES, PETITION_TYPES, calendarDayVi, fieldsProblems, type EntryFields, type FieldsProblem, type MinutesFieldsRequest } from '$protocol';

export interface FieldsDraft {
  petitionType: string;
  field: string;
  conclusionType: string;
  agencyId: string;
  deadline: string;
}

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

/** Every problem, as the server lists them (the shared rule, with the values its message names). */
export function checkFields(draft: FieldsDraft, today: string, storedDeadline: string | null): FieldsIssue[] {
  const fields = { conclusionType: draft.conclusionType || null, agencyId: draft.agencyId || null, deadline: draft.deadline || null };
  return fieldsProblems(fields, today, storedDeadline).map(
    (problem): FieldsIssue => ({
      problem,
      values: problem === 'pastDeadline' ? { date: calendarDayVi(draft.deadline), today: calendarDayVi(today) } : {},
    }),
  );
}

const oneOf = <T extends string>(values: readonly T[], value: string): T | null => ((values as readonly string[]).includes(value) ? (value as T) : null);

export function requestOf(entryId: string, draft: FieldsDraft): Omit<MinutesFieldsRequest, 'sessionId'> {
  return {
    entryId,
    petitionType: oneOf(PETITION_TYPES, draft.petitionType),
    // Any code the list offered: the server checks it is still offered (or is the turn's own).
    field: draft.field || null,
    conclusionType: oneOf(CONCLUSION_TYPES, draft.conclusionType),
    agencyId: draft.agencyId || null,
    deadline: draft.deadline || null,
  };
}
