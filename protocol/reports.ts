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

export const REPORT_TABLES = ['reception', 'followUp'] as const;
/**
 * GET /api/reports/export: the same period and scope, as the XLSX offices file (both forms, one sheet each)
 * or one table as CSV.
 */
export const ReportExportQuery = z
  .object({ ...reportFields, format: z.enum(['xlsx', 'csv'], schemaText('v.invalid')), table: optional(z.enum(REPORT_TABLES, schemaText('v.invalid'))) })
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
] as const;
/** The follow-up's counts over the period's cases, and the citizens' word on the resolved ones. */
export const CASE_FIGURES = ['assigned', 'resolved', 'resolvedOnTime', 'overdue', 'inProgress', 'satisfied', 'partly', 'notSatisfied', 'notAnswered'] as const;
export type VisitPart = (typeof VISIT_PARTS)[number];
export type VisitMeasure = (typeof VISIT_MEASURES)[number];
export type HandlingFigure = (typeof HANDLING_FIGURES)[number];
export type CaseFigure = (typeof CASE_FIGURES)[number];

/** A figure a reader can open: "reception.regular.repeated", "handling.guided", "followUp.overdue". */
export type ReportFigure = `reception.${VisitPart}.${VisitMeasure}` | `handling.${HandlingFigure}` | `followUp.${CaseFigure}`;
export const REPORT_FIGURES = [
  ...VISIT_PARTS.flatMap((p) => VISIT_MEASURES.map((m) => `reception.${p}.${m}` as const)),
  ...HANDLING_FIGURES.map((h) => `handling.${h}` as const),
  ...CASE_FIGURES.map((c) => `followUp.${c}` as const),
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
    page: z.preprocess((v) => (v === '' || v === undefined ? 1 : Number(v)), z.number(schemaText('v.invalid')).int(schemaText('v.invalid')).min(1, schemaText('v.invalid')).max(100_000, schemaText('v.invalid'))),
  })
  .superRefine(periodInOrder);
export type ReportRecordsQuery = z.input<typeof ReportRecordsQuery>;
export type ReportRecordsFilter = z.output<typeof ReportRecordsQuery>;

/** The records behind a figure, each shown as the reader may see it (the reception book's and the cases page's rules). */
export type ReportRecords = { figure: ReportFigure; total: number; page: number; pageSize: number } & ({ kind: 'visits'; visits: BookRow[] } | { kind: 'cases'; cases: CaseView[] });

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
}

export interface ReportSummary {
  period: { from: string; to: string };
  scope: { district: string | null; site: { id: string; name: string } | null };
  /** Form 01/TCD: the regular reception, the sessions the leader held in person, those a deputy held for them. */
  reception: { regular: ReceptionFigures; byHead: ReceptionFigures; delegated: ReceptionFigures; total: ReceptionFigures };
  /** Form 01/XLD: the period's petitions and how they were handled. */
  handling: HandlingFigures;
  followUp: FollowUpFigures & { byAgency: ({ agency: { id: string; name: string } } & FollowUpFigures)[] };
  /** What the citizens said of the answers to the period's resolved cases. */
  satisfaction: { satisfied: number; partly: number; notSatisfied: number; notAnswered: number };
  /** Visits per month of the period (Hà Nội's calendar months), by petition type: the trend chart. */
  monthly: { month: string; byType: Record<'COMPLAINT' | 'DENUNCIATION' | 'RECOMMENDATION' | 'FEEDBACK' | 'MIXED', number> }[];
  /** For the scope picker: the districts and sites the reader may choose. */
  districts: string[];
  sites: { id: string; name: string; district: string | null }[];
}
