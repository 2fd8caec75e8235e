// A case's workflow as a pure state machine: given the case as stored, who acts, the day in Hà Nội and an
// action, either the next state and the timeline event that records it, or a refusal by message key.
// Nothing here reads a clock or a database, so every rule is tested by itself, and a randomized sequence
// test holds the invariants: a closed case has the day the citizen was told; the legal clock never runs
// while the case waits for the citizen; every change leaves an event.
import type { Message } from '../../../protocol/index.ts';
import { msg } from '../../../protocol/index.ts';
import { workingDaysBetween, type HolidayLookup } from '../calendar/working-days.ts';

export const CASE_STATUSES = ['ASSIGNED', 'IN_PROGRESS', 'WAITING_CITIZEN', 'RESOLVED', 'INFORMED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseKind = 'COMPLAINT' | 'DENUNCIATION' | 'RECOMMENDATION' | 'FEEDBACK' | 'MIXED';

/** Working days the law gives each kind (a recommendation or feedback: the office's own rule, here its default). */
export const LEGAL_LIMIT_DAYS: Record<CaseKind, number> = { COMPLAINT: 30, DENUNCIATION: 30, RECOMMENDATION: 15, FEEDBACK: 15, MIXED: 30 };
/** At most this many working days of extension in all (a complex complaint 30 → 45; a denunciation once by 30). */
export const EXTENSION_LIMIT_DAYS: Record<CaseKind, number> = { COMPLAINT: 15, DENUNCIATION: 30, RECOMMENDATION: 15, FEEDBACK: 15, MIXED: 15 };
/** A complaint's and a denunciation's result is a decision or a conclusion: a document, not a sentence. */
export const NEEDS_RESULT_DOCUMENT: Record<CaseKind, boolean> = { COMPLAINT: true, DENUNCIATION: true, RECOMMENDATION: false, FEEDBACK: false, MIXED: true };

export interface CaseState {
  status: CaseStatus;
  kind: CaseKind;
  agencyId: string;
  /** The day the agency accepted it; the legal clock counts from it. */
  acceptedDay: string | null;
  pausedSince: string | null;
  pausedDays: number;
  extensionDays: number;
  /** Working days asked for and not yet decided by the host office. */
  extensionAsked: number | null;
  result: 'FULL' | 'PARTIAL' | null;
  resolvedDay: string | null;
  informedDay: string | null;
  /** The deadline the notice gave; a reopened case is a new round and has none. */
  noticeDeadline: string | null;
  /** The citizen asked on the public page to reopen it, and the host office has not decided yet. */
  reopenAsked: boolean;
  /** The citizen's word on the answer, once resolved. */
  satisfaction: Satisfaction | null;
}

export const SATISFACTIONS = ['SATISFIED', 'PARTLY', 'NOT_SATISFIED'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export type CaseAction =
  | { type: 'accept' }
  | { type: 'progress'; note: string }
  | { type: 'wait'; reason: string }
  | { type: 'resume' }
  | { type: 'askExtension'; days: number; reason: string }
  | { type: 'decideExtension'; approve: boolean; reason: string | null }
  | { type: 'resolve'; result: 'FULL' | 'PARTIAL'; answer: string; hasDocument: boolean }
  | { type: 'inform'; day: string; how: string }
  | { type: 'transfer'; toAgencyId: string; reason: string }
  | { type: 'reopen'; reason: string }
  | { type: 'decideReopen'; approve: boolean; reason: string }
  | { type: 'rate'; satisfaction: Satisfaction; comment: string | null }
  | { type: 'askReopen'; reason: string };
export type CaseActionType = CaseAction['type'];

/**
 * Who acts: the agency the case is with, the host office (which decides extensions, transfers and
 * reopenings), or the citizen on the public page (who says whether the answer satisfied them, and may ask
 * for the case to be reopened).
 */
export type CaseActor = { kind: 'agency'; agencyId: string } | { kind: 'host' } | { kind: 'citizen' };

export interface CaseEventDraft {
  kind: CaseActionType;
  /** What the timeline shows of it (the status it moved to, the reason, the days). */
  data: Record<string, unknown>;
}

export type Decision = { ok: true; next: CaseState; event: CaseEventDraft } | { ok: false; refusal: Message };

const AGENCY_ACTIONS: ReadonlySet<CaseActionType> = new Set(['accept', 'progress', 'wait', 'resume', 'askExtension', 'resolve', 'inform', 'transfer']);
const HOST_ACTIONS: ReadonlySet<CaseActionType> = new Set(['decideExtension', 'transfer', 'reopen', 'decideReopen', 'progress']);
const CITIZEN_ACTIONS: ReadonlySet<CaseActionType> = new Set(['rate', 'askReopen']);
const OPEN: ReadonlySet<CaseStatus> = new Set(['ASSIGNED', 'IN_PROGRESS', 'WAITING_CITIZEN']);

/**
 * A reopened case is a new round of resolution with the same agency: accepted again today, with the
 * legal time limit afresh, no result, and no word from the citizen yet (the old ones stay on the timeline).
 */
const reopened = (today: string): Partial<CaseState> => ({
  status: 'IN_PROGRESS',
  acceptedDay: today,
  pausedSince: null,
  pausedDays: 0,
  extensionDays: 0,
  extensionAsked: null,
  result: null,
  resolvedDay: null,
  informedDay: null,
  noticeDeadline: null,
  reopenAsked: false,
  satisfaction: null,
});

const refuse = (key: Parameters<typeof msg>[0], params?: Parameters<typeof msg>[1]): Decision => ({ ok: false, refusal: msg(key, params) });

export function decide(state: CaseState, actor: CaseActor, action: CaseAction, today: string, holiday: HolidayLookup): Decision {
  if (actor.kind === 'agency' && (actor.agencyId !== state.agencyId || !(AGENCY_ACTIONS.has(action.type) || CITIZEN_ACTIONS.has(action.type)))) return refuse('case.notYours');
  if (actor.kind === 'host' && !HOST_ACTIONS.has(action.type)) return refuse(CITIZEN_ACTIONS.has(action.type) ? 'case.citizenSays' : 'case.agencyActs');
  if (actor.kind === 'citizen' && !CITIZEN_ACTIONS.has(action.type)) return refuse('case.agencyActs');
  if (actor.kind === 'agency' && CITIZEN_ACTIONS.has(action.type)) return refuse('case.citizenSays');
  const ok = (next: Partial<CaseState>, data: Record<string, unknown> = {}): Decision => {
    const after = { ...state, ...next };
    return { ok: true, next: after, event: { kind: action.type, data: { status: after.status, ...data } } };
  };
  const inStatus = (...allowed: CaseStatus[]) => allowed.includes(state.status);

  switch (action.type) {
    case 'accept':
      if (!inStatus('ASSIGNED')) return refuse('case.notAssigned');
      return ok({ status: 'IN_PROGRESS', acceptedDay: today });
    case 'progress':
      if (!OPEN.has(state.status)) return refuse('case.closed');
      return ok({}, { note: action.note });
    case 'wait':
      if (!inStatus('IN_PROGRESS')) return refuse('case.notInProgress');
      return ok({ status: 'WAITING_CITIZEN', pausedSince: today }, { reason: action.reason });
    case 'resume': {
      if (!inStatus('WAITING_CITIZEN') || state.pausedSince === null) return refuse('case.notWaiting');
      const days = workingDaysBetween(state.pausedSince, today, holiday);
      return ok({ status: 'IN_PROGRESS', pausedSince: null, pausedDays: state.pausedDays + days }, { pausedDays: days });
    }
    case 'askExtension': {
      if (!inStatus('IN_PROGRESS', 'WAITING_CITIZEN')) return refuse('case.notInProgress');
      if (state.extensionAsked !== null) return refuse('case.extensionPending');
      const limit = EXTENSION_LIMIT_DAYS[state.kind];
      if (state.extensionDays + action.days > limit) return refuse('case.extensionTooLong', { max: limit - state.extensionDays });
      return ok({ extensionAsked: action.days }, { days: action.days, reason: action.reason });
    }
    case 'decideExtension': {
      if (state.extensionAsked === null) return refuse('case.noExtensionAsked');
      const days = state.extensionAsked;
      return ok({ extensionAsked: null, extensionDays: action.approve ? state.extensionDays + days : state.extensionDays }, { approve: action.approve, days, reason: action.reason });
    }
    case 'resolve':
      if (inStatus('WAITING_CITIZEN')) return refuse('case.resumeFirst');
      if (!inStatus('IN_PROGRESS')) return refuse('case.notInProgress');
      if (NEEDS_RESULT_DOCUMENT[state.kind] && !action.hasDocument) return refuse('case.resultNeedsDocument');
      return ok({ status: 'RESOLVED', result: action.result, resolvedDay: today }, { result: action.result, answer: action.answer });
    case 'inform':
      if (!inStatus('RESOLVED') || state.resolvedDay === null) return refuse('case.notResolved');
      if (action.day < state.resolvedDay || action.day > today) return refuse('case.informedDay');
      return ok({ status: 'INFORMED', informedDay: action.day }, { day: action.day, how: action.how });
    case 'transfer':
      if (!OPEN.has(state.status)) return refuse('case.closed');
      if (action.toAgencyId === state.agencyId) return refuse('case.transferSameAgency');
      // The new agency accepts it afresh: its legal clock starts then.
      return ok(
        { status: 'ASSIGNED', agencyId: action.toAgencyId, acceptedDay: null, pausedSince: null, pausedDays: 0, extensionDays: 0, extensionAsked: null },
        { from: state.agencyId, to: action.toAgencyId, reason: action.reason },
      );
    case 'reopen':
      if (!inStatus('RESOLVED', 'INFORMED')) return refuse('case.notResolved');
      return ok(reopened(today), { reason: action.reason, noticeDeadline: state.noticeDeadline });
    case 'decideReopen':
      if (!state.reopenAsked) return refuse('case.noReopenAsked');
      if (!action.approve) return ok({ reopenAsked: false }, { approve: false, reason: action.reason });
      return ok(reopened(today), { approve: true, reason: action.reason, noticeDeadline: state.noticeDeadline });
    case 'rate':
      if (!inStatus('RESOLVED', 'INFORMED')) return refuse('case.notResolved');
      if (state.satisfaction !== null) return refuse('case.alreadyRated');
      return ok({ satisfaction: action.satisfaction }, { satisfaction: action.satisfaction, comment: action.comment });
    case 'askReopen':
      if (!inStatus('RESOLVED', 'INFORMED')) return refuse('case.notResolved');
      if (state.reopenAsked) return refuse('case.reopenPending');
      return ok({ reopenAsked: true }, { reason: action.reason });
  }
}
