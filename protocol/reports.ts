// The statutory reports (Circular 02/2021/TT-TTCP): the data periods, and the figures of the reception
// summary (form 01/TCD) and of the follow-up of cases, each computed on the server from the stored records.
// The periods are pure and shared: the page offers them without asking the server.
import { z } from 'zod';
import { schemaText } from './messages/index.ts';
import { DayText } from './schedule.ts';
import { RequiredUuid } from './sessions.ts';
import type { BookRow } from './reception-book.ts';
import type { CaseView } from './cases.ts';

export const REPORT_PERIODS = ['Q1', 'Q2', 'Q3', 'Q4', 'SIX_MONTHS', 'NINE_MONTHS', 'YEAR'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIODS)[number];

/** The last month of each period (the data runs to its 14th, from the 15th of the month that ends the one before). */
const LAST_MONTH: Record<ReportPeriodKind, number> = { Q1: 3, Q2: 6, Q3: 9, Q4: 12, SIX_MONTHS: 6, NINE_MONTHS: 9, YEAR: 12 };
/** Months the period spans. */
const SPAN: Record<ReportPeriodKind, number> = { Q1: 3, Q2: 3, Q3: 3, Q4: 3, SIX_MONTHS: 6, NINE_MONTHS: 9, YEAR: 12 };

const day = (year: number, month: number, date: number): string => {
  // Months before January roll back into the previous year.
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
};

/**
 * A statutory data period: from the 15th of the last month of the previous period to the 14th of the
 * last month of this one, both included (the year 2026: 15 December 2025 to 14 December 2026).
 */
export function statutoryPeriod(kind: ReportPeriodKind, year: number): { from: string; to: string } {
  const last = LAST_MONTH[kind];
  return { from: day(year, last - SPAN[kind], 15), to: day(year, last, 14) };
}

/** The report year a day belongs to: from 15 December it is the next year's. */
export const reportYearOf = (dayText: string): number => Number(dayText.slice(0, 4)) + (dayText.slice(5) >= '12-15' ? 1 : 0);

/** The quarter (Q1–Q4 of its report year) that holds a day. */
export function quarterHolding(dayText: string): { kind: ReportPeriodKind; year: number } {
  const year = reportYearOf(dayText);
  const kind = (['Q1', 'Q2', 'Q3', 'Q4'] as const).find((q) => dayText <= statutoryPeriod(q, year).to)!;
  return { kind, year };
}

/** A report covers at most two years (a comparison of two years is two reports). */
export const REPORT_MAX_DAYS = 731;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const reportFields = {
  from: DayText,
  to: DayText,
  district: optional(z.string().trim().min(1).max(120)),
  siteId: optional(RequiredUuid),
};
const periodInOrder = (v: { from: string; to: string }, ctx: z.RefinementCtx) => {
  const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000;
  if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: schemaText('v.reportPeriodOrder') });
  else if (days >= REPORT_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: schemaText('v.reportPeriodTooLong', { days: REPORT_MAX_DAYS }) });
};

/** GET /api/reports/summary: a period (inclusive days in Vietnam's time) and a scope (the city, a district, a site). */
export const ReportQuery = z.object(reportFields).superRefine(periodInOrder);
export type ReportQuery = z.input<typeof ReportQuery>;
export type ReportFilter = z.output<typeof ReportQuery>;

export const REPORT_TABLES = ['reception', 'handling', 'followUp', 'leaders', 'dialogues'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];
/**
 * GET /api/reports/export: the same period and scope, as the XLSX offices file (each form a sheet), one
 * table as CSV, or the report (Báo cáo) as a PDF in the Decree 30 layout.
 */
export const ReportExportQuery = z
  .object({ ...reportFields, format: z.enum(['xlsx', 'csv', 'pdf'], schemaText('v.invalid')), table: optional(z.enum(REPORT_TABLES, schemaText('v.invalid'))) })
  .superRefine(periodInOrder);
export type ReportExportQuery = z.input<typeof ReportExportQuery>;
export type ReportExportFields = z.output<typeof ReportExportQuery>;

/** Form 01/TCD's rows: the regular reception, the leader in person, a deputy for them, and their total. */
export const VISIT_PARTS = ['regular', 'byHead', 'delegated', 'total'] as const;
/** What form 01/TCD counts of a row's visits (people are summed over the same visits). */
export const VISIT_MEASURES = ['visits', 'firstTime', 'repeated', 'delegations', 'delegationsFirst', 'delegationsRepeated'] as const;
/** Form 01/XLD's counts over the period's petitions. */
export const HANDLING_FIGURES = [
  'received',
  'byOne',
  'byMany',
  'complaint',
  'denunciation',
  'recommendationFeedback',
  'mixed',
  'within',
  'withinComplaint',
  'withinDenunciation',
  'withinRecommendationFeedback',
  'withinMixed',
  'outside',
  'accepted',
  'guided',
  'forwarded',
  'undecided',
  'carriedOver',
  'admissible',
  'resolvedFirstTime',
  'resolvedRepeated',
  'resolving',
  'notResolved',
  'repliesReceived',
] as const;
/** The follow-up's counts over the period's cases, and the citizens' word on the resolved ones. */
export const CASE_FIGURES = ['assigned', 'resolved', 'resolvedOnTime', 'overdue', 'inProgress', 'satisfied', 'partly', 'notSatisfied', 'notAnswered'] as const;
export type VisitPart = (typeof VISIT_PARTS)[number];
export type VisitMeasure = (typeof VISIT_MEASURES)[number];
export type HandlingFigure = (typeof HANDLING_FIGURES)[number];
export type CaseFigure = (typeof CASE_FIGURES)[number];

/** The sessions behind the leaders' and the dialogues' tables: held in person, by a deputy, or a conference. */
export const SESSION_FIGURES = ['leaders.inPerson', 'leaders.delegated', 'dialogues.conferences'] as const;
export type SessionFigure = (typeof SESSION_FIGURES)[number];

/** A figure a reader can open: "reception.regular.repeated", "handling.guided", "followUp.overdue". */
export type ReportFigure = `reception.${VisitPart}.${VisitMeasure}` | `handling.${HandlingFigure}` | `followUp.${CaseFigure}` | SessionFigure;
export const REPORT_FIGURES = [
  ...VISIT_PARTS.flatMap((p) => VISIT_MEASURES.map((m) => `reception.${p}.${m}` as const)),
  ...HANDLING_FIGURES.map((h) => `handling.${h}` as const),
  ...CASE_FIGURES.map((c) => `followUp.${c}` as const),
  ...SESSION_FIGURES,
] as const satisfies readonly ReportFigure[];

/** The records behind a figure come a page at a time. */
export const REPORT_RECORDS_PAGE_SIZE = 50;

/**
 * GET /api/reports/records: the visits or cases one figure counts, for the same period and scope; a
 * follow-up figure may be narrowed to one agency (a row of the table by agency).
 */
export const ReportRecordsQuery = z
  .object({
    ...reportFields,
    figure: z.enum(REPORT_FIGURES as unknown as [ReportFigure, ...ReportFigure[]], schemaText('v.reportFigure')),
    agencyId: optional(RequiredUuid),
    /** A leader's row of the leaders' table. */
    leaderId: optional(RequiredUuid),
    /** A row of the dialogues' table: its area and group ("-" for none, the whole city or outside the plan). */
    area: optional(z.string().trim().min(1).max(120)),
    group: optional(z.string().trim().min(1).max(200)),
    page: z.preprocess((v) => (v === '' || v === undefined ? 1 : Number(v)), z.number(schemaText('v.invalid')).int(schemaText('v.invalid')).min(1, schemaText('v.invalid')).max(100_000, schemaText('v.invalid'))),
  })
  .superRefine(periodInOrder);
export type ReportRecordsQuery = z.input<typeof ReportRecordsQuery>;
export type ReportRecordsFilter = z.output<typeof ReportRecordsQuery>;

/** The records behind a figure, each shown as the reader may see it (the reception book's and the cases page's rules). */
export type ReportRecords = { figure: ReportFigure; total: number; page: number; pageSize: number } & (
  | { kind: 'visits'; visits: BookRow[] }
  | { kind: 'cases'; cases: CaseView[] }
  | { kind: 'sessions'; sessions: ReportSession[] }
);

/** A session behind a leader's or a dialogue's figure: when, who chaired and for whom, what was heard. */
export interface ReportSession {
  id: string;
  title: string;
  startedAt: string;
  chair: string;
  /** The leader a deputy stood in for, if one did. */
  standsInFor: string | null;
  /** Turns heard, the people who brought them, and the cases made from them. */
  turns: number;
  people: number;
  assigned: number;
}

/** "-" stands for none in a dialogue row's area or group (the whole city, outside the plan). */
export const NO_AREA = '-';

/** One row of form 01/TCD: visits, people, matters first-time and repeated, and the large delegations among them. */
export interface ReceptionFigures {
  visits: number;
  people: number;
  firstTime: number;
  repeated: number;
  delegations: { count: number; people: number; firstTime: number; repeated: number };
}

/** A count over a whole, never a bare percentage: "536/649". */
export interface Rate {
  numerator: number;
  denominator: number;
}

export interface FollowUpFigures {
  /** Cases assigned in the period (each a matter within competence, given to an agency). */
  assigned: number;
  resolved: number;
  /** Resolved no later than the nearer of their deadlines. */
  resolvedOnTime: number;
  /** Still open, past a deadline, today. */
  overdue: number;
  /** Still open, within their deadlines. */
  inProgress: number;
  /** resolved / assigned. */
  resolutionRate: Rate;
}

/** By the content of the petition, as form 01/XLD groups it (a recommendation and feedback together). */
export interface ByContent {
  complaint: number;
  denunciation: number;
  recommendationFeedback: number;
  mixed: number;
}

/** Form 01/XLD as the visits record it: received, by signers and content, within competence or not, and how handled. */
export interface HandlingFigures {
  received: number;
  bySigners: { one: number; many: number };
  byContent: ByContent;
  withinCompetence: ByContent & { total: number };
  outsideCompetence: number;
  accepted: number;
  guided: number;
  forwarded: number;
  /** No handling recorded yet. */
  undecided: number;
  /** Received before the period and not yet handled when it began (kỳ trước chuyển sang). */
  carriedOver: number;
  /** Meeting the conditions to be handled (đủ điều kiện xử lý). */
  admissible: number;
  /** Of those within competence, by their case today: resolved (a first-time or a repeated matter), being resolved, not taken up as a case. */
  resolution: { firstTime: number; repeated: number; inProgress: number; notYet: number };
  /** Of those guided or forwarded elsewhere, the ones whose competent body's written reply has come. */
  repliesReceived: number;
}

/** The levels whose leaders the law gives a reception duty. */
export type LeaderLevel = 'CITY' | 'DISTRICT' | 'COMMUNE';

/**
 * The days a leader must receive citizens in person over a period (Law on Citizen Reception 2013, art. 12,
 * 14 and 15, as DOCUMENTS.md gives them): a provincial chair at least one day a month, a district's two, a
 * commune's one a week. Months are counted to the nearest whole (a quarter from the 15th to the 14th is
 * three), weeks whole. The hub's leaders preside at the host office (the accounts' rule), so they are the
 * city's; a ward's own reception at its office is not held through the hub.
 */
export function dutyDaysRequired(level: LeaderLevel, from: string, to: string): number {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  const months = Math.max(1, Math.round(days / (365.25 / 12)));
  if (level === 'CITY') return months;
  if (level === 'DISTRICT') return 2 * months;
  return Math.max(1, Math.floor(days / 7));
}

/** One leader's reception duty over the period: sessions they held or had a deputy hold, against the law's minimum. */
export interface LeaderDuty {
  leader: { id: string; fullName: string; site: string };
  level: LeaderLevel;
  /** Sessions held in the leader's name: in person, or by a deputy standing in (ủy quyền). */
  inPerson: number;
  delegated: number;
  /** Distinct days the leader received in person, and the days the law asks for. */
  days: number;
  required: number;
  /** The matters heard (turns taken) in those sessions and the citizens who brought them. */
  matters: number;
  people: number;
}

/** Dialogue conferences held with one group for one area (from the year's plan; null: the whole city, or outside the plan). */
export interface DialogueFigures {
  area: string | null;
  withGroup: string | null;
  conferences: number;
  /** Opinions heard; of them answered at the conference (no case), assigned as cases, and resolved since. */
  opinions: number;
  answered: number;
  assigned: number;
  resolved: number;
}

/** A figure that changed since its period was filed: where it stands in the report, and both values. */
export interface FigureDifference {
  /** "reception.total.visits", "followUp.byAgency.<agency id>.overdue". */
  key: string;
  /** The same in the words of the report: "Tiếp công dân › Tổng cộng › Lượt". */
  label: string;
  filed: number;
  now: number;
}

/** POST /api/reports/filings: file (chốt) the figures of a period and scope as they stand. */
export const ReportFilingRequest = z.object(reportFields).superRefine(periodInOrder);
export type ReportFilingRequest = z.input<typeof ReportFilingRequest>;

/** The figures of a report, as computed from the records or as filed. */
export type ReportFigures = Pick<ReportSummary, 'reception' | 'handling' | 'followUp' | 'leaders' | 'dialogues' | 'satisfaction' | 'monthly' | 'byField' | 'rateByMonth'>;

export interface ReportSummary {
  period: { from: string; to: string };
  scope: { district: string | null; site: { id: string; name: string } | null };
  /**
   * Set once the period and scope were filed: the figures below are then those filed, frozen; what the
   * records say now, where it differs, is listed in `differences`.
   */
  filed: { at: string; by: string; differences: FigureDifference[] } | null;
  /** Whether this reader may file the period (the host office's chair's circle, not yet filed). */
  canFile: boolean;
  /** Form 01/TCD: the regular reception, the sessions the leader held in person, those a deputy held for them. */
  reception: { regular: ReceptionFigures; byHead: ReceptionFigures; delegated: ReceptionFigures; total: ReceptionFigures };
  /** Form 01/XLD: the period's petitions and how they were handled. */
  handling: HandlingFigures;
  followUp: FollowUpFigures & { byAgency: ({ agency: { id: string; name: string } } & FollowUpFigures)[] };
  /** The leaders' reception duty: every leader for the city; for a district or site, those who held its sessions. */
  leaders: LeaderDuty[];
  /** Dialogue conferences held in the period, by area and group, and their total. */
  dialogues: { rows: DialogueFigures[]; total: Omit<DialogueFigures, 'area' | 'withGroup'> };
  /** What the citizens said of the answers to the period's resolved cases. */
  satisfaction: { satisfied: number; partly: number; notSatisfied: number; notAnswered: number };
  /** Visits per month of the period (Hà Nội's calendar months), by petition type: the trend chart. */
  monthly: { month: string; byType: Record<'COMPLAINT' | 'DENUNCIATION' | 'RECOMMENDATION' | 'FEEDBACK' | 'MIXED', number> }[];
  /** Visits by field (a PetitionField code), most first: the fields chart. */
  byField: { field: string; visits: number }[];
  /** Cases assigned per month and how many of them are resolved now: the resolution rate over time. */
  rateByMonth: { month: string; assigned: number; resolved: number }[];
  /** For the scope picker: the districts and sites the reader may choose. */
  districts: string[];
  sites: { id: string; name: string; district: string | null }[];
}
