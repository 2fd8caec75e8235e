// Scheduling reception sessions: single sessions and recurring series. A series is its rule plus its
// exceptions; the occurrences that exist as sessions are real rows. Times are Vietnam's (UTC+07:00 all
// year, no daylight saving); days are written yyyy-mm-dd here and dd/mm/yyyy on screen.
import { z } from 'zod';
import { schemaText } from './messages/index.ts';
import { RequiredUuid } from './sessions.ts';

/** 0 Monday … 6 Sunday: a Vietnamese week starts on Monday (thứ Hai). */
export const Weekday = z.number(schemaText('v.weekday')).int(schemaText('v.weekday')).min(0, schemaText('v.weekday')).max(6, schemaText('v.weekday'));
export const DayText = z.string(schemaText('v.required')).regex(/^\d{4}-\d{2}-\d{2}$/, schemaText('v.dateFormat'));
export const TimeText = z.string(schemaText('v.required')).regex(/^([01]\d|2[0-3]):[0-5]\d$/, schemaText('v.timeFormat'));

/**
 * How a series repeats. Hanoi's rule "ngày thứ Ba của tuần thứ ba hằng tháng" reads two ways, and an office
 * picks one: the month's third Tuesday (`nthWeekday`, nth 3), or the Tuesday of the month's third week
 * (`weekdayOfNthWeek`, week 3: weeks run Monday to Sunday, the first is the one holding the 1st).
 */
export const Recurrence = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('nthWeekday'), nth: z.union([z.number().int().min(1).max(5), z.literal(-1)], schemaText('v.nth')), weekday: Weekday }),
    z.object({ kind: z.literal('weekdayOfNthWeek'), week: z.number(schemaText('v.nth')).int().min(1, schemaText('v.nth')).max(5, schemaText('v.nth')), weekday: Weekday }),
    z.object({ kind: z.literal('weekly'), weekdays: z.array(Weekday).min(1, schemaText('v.weekday')).max(7) }),
  ],
  schemaText('v.recurrence'),
);
export type Recurrence = z.infer<typeof Recurrence>;

export const RecurrenceTiming = z.object({
  recurrence: Recurrence,
  /** The first day the series may fall on. */
  startDate: DayText,
  /** The last day it may fall on; without it the series runs on (the hub makes sessions a few weeks ahead). */
  untilDate: DayText.nullish().transform((v) => v ?? null),
  time: TimeText,
});
export type RecurrenceTiming = z.input<typeof RecurrenceTiming>;

/** POST /api/schedule/preview: the next twelve dates of a rule, with holiday shifts. */
export const PreviewRequest = RecurrenceTiming.extend({ count: z.number().int().min(1).max(24).default(12) });
export type PreviewRequest = z.input<typeof PreviewRequest>;

export interface Occurrence {
  /** The day it is held, yyyy-mm-dd in Vietnam. */
  date: string;
  /** The moment it starts (ISO, UTC). */
  startsAt: string;
  /** The day the rule gave, when a public holiday moved it to the next working day. */
  shiftedFrom: string | null;
  /** The holiday that moved it. */
  holiday: string | null;
}

export interface PreviewAnswer {
  occurrences: Occurrence[];
  /** The RRULE the series is stored as (RFC 5545), for the curious and for calendar programs. */
  rule: string;
}

// ---------------------------------------------------------------------------------------------
// Sessions and series as a moderator schedules them

const Id = RequiredUuid;
const text = (min: number, max: number, empty: Parameters<typeof schemaText>[0]) =>
  z.string(schemaText(empty)).trim().min(min, schemaText(empty)).max(max, schemaText('v.maxChars', { max }));

/** Which bridge points take part: every active one, those of some districts, or a list. */
export const SiteChoice = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('all') }),
    z.object({ mode: z.literal('districts'), districts: z.array(z.string().trim().min(1).max(100)).min(1, schemaText('schedule.noSites')).max(200) }),
    z.object({ mode: z.literal('picked'), siteIds: z.array(Id).min(1, schemaText('schedule.noSites')).max(500) }),
  ],
  schemaText('schedule.noSites'),
);
export type SiteChoice = z.infer<typeof SiteChoice>;

const SESSION_KIND_VALUES = ['PERIODIC', 'REGULAR', 'THEMATIC', 'AD_HOC', 'DIALOGUE'] as const;

/** What every scheduled session has, alone or as a series' occurrence (no defaults: a change sends only what changes). */
const planShape = {
  title: text(5, 200, 'v.sessionTitle'),
  kind: z.enum(SESSION_KIND_VALUES, schemaText('v.sessionKind')),
  chairId: Id,
  /** The leader the chair stands in for (chủ trì thay), if any. */
  standsInForId: Id.nullish().transform((v) => v ?? null),
  hostSiteId: Id,
  sites: SiteChoice,
  agencyIds: z.array(Id).max(50),
  topic: z
    .string()
    .trim()
    .max(2000, schemaText('v.maxChars', { max: 2000 }))
    .nullish()
    .transform((v) => (v ? v : null)),
  turnMinutes: z.number(schemaText('v.turnMin')).int().min(1, schemaText('v.turnMin')).max(60, schemaText('v.turnMax')),
  startTime: TimeText,
  endTime: TimeText,
};
const PlanFields = z.object({ ...planShape, agencyIds: planShape.agencyIds.default([]), turnMinutes: planShape.turnMinutes.default(5) });

/** POST /api/schedule/sessions: one session on one day. */
export const ScheduleSessionRequest = PlanFields.extend({ date: DayText });
export type ScheduleSessionRequest = z.input<typeof ScheduleSessionRequest>;
export type ScheduleSessionFields = z.output<typeof ScheduleSessionRequest>;

/** PATCH /api/schedule/sessions/:id: reschedule or change one session (a series' occurrence leaves its series' changes). */
export const ChangeSessionRequest = z.object({ ...planShape, date: DayText }).partial();
export type ChangeSessionRequest = z.input<typeof ChangeSessionRequest>;

/** POST /api/schedule/series: a recurring series; its first weeks of sessions are made at once. */
export const ScheduleSeriesRequest = PlanFields.omit({ startTime: true }).extend({
  recurrence: Recurrence,
  startDate: DayText,
  untilDate: DayText.nullish().transform((v) => v ?? null),
  startTime: TimeText,
});
export type ScheduleSeriesRequest = z.input<typeof ScheduleSeriesRequest>;
export type ScheduleSeriesFields = z.output<typeof ScheduleSeriesRequest>;

/** PATCH /api/schedule/series/:id: changes the series' future scheduled sessions, never the held ones. */
export const ChangeSeriesRequest = z
  .object({ ...planShape, recurrence: Recurrence, startDate: DayText, untilDate: DayText.nullish().transform((v) => v ?? null) })
  .partial();
export type ChangeSeriesRequest = z.input<typeof ChangeSeriesRequest>;

export const CancelRequest = z.object({ reason: text(5, 500, 'schedule.cancelReason') });
export type CancelRequest = z.input<typeof CancelRequest>;

export interface ScheduledSession {
  id: string;
  title: string;
  kind: (typeof SESSION_KIND_VALUES)[number];
  status: 'SCHEDULED' | 'OPEN' | 'LIVE' | 'PAUSED' | 'CLOSED';
  startsAt: string;
  endsAt: string | null;
  /** The day in Vietnam, yyyy-mm-dd. */
  date: string;
  chair: { id: string; fullName: string };
  standsInFor: { id: string; fullName: string } | null;
  hostSite: { id: string; code: string; name: string };
  sites: { id: string; code: string; name: string; district: string | null }[];
  agencies: { id: string; name: string }[];
  topic: string | null;
  turnMinutes: number;
  series: { id: string; title: string } | null;
  /** The rule's day a holiday moved it from, and the holiday. */
  shiftedFrom: string | null;
  shiftHoliday: string | null;
  detached: boolean;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface SeriesView {
  id: string;
  title: string;
  kind: (typeof SESSION_KIND_VALUES)[number];
  recurrence: Recurrence;
  rule: string;
  startDate: string;
  untilDate: string | null;
  startTime: string;
  endTime: string;
  chair: { id: string; fullName: string };
  hostSite: { id: string; code: string; name: string };
  sites: { id: string; code: string; name: string; district: string | null }[];
  agencies: { id: string; name: string }[];
  topic: string | null;
  turnMinutes: number;
  endedAt: string | null;
  /** The next twelve dates (holiday shifts included, cancelled days left out). */
  next: Occurrence[];
}

/** GET /api/schedule/options: what the scheduling form picks from. */
export interface ScheduleOptions {
  chairs: { id: string; fullName: string }[];
  hostSites: { id: string; code: string; name: string }[];
  bridgeSites: { id: string; code: string; name: string; district: string | null }[];
  districts: string[];
  agencies: { id: string; name: string }[];
  holidays: { date: string; name: string }[];
  /** The speaking time a new session starts with (the office's setting). */
  defaultTurnMinutes: number;
}

/** GET /api/public/schedule (no sign-in): the coming sessions as the law requires them posted, nothing else. */
export interface PublicSession {
  date: string;
  startsAt: string;
  endsAt: string | null;
  kind: (typeof SESSION_KIND_VALUES)[number];
  title: string;
  /** The leader who presides (the one they stand in for, when a deputy does). */
  leader: string;
  place: string;
  bridgePoints: string[];
}

/** GET /api/schedule/calendar?from&to: the sessions a person sees, for the calendar (at most 100 days). */
export const CalendarQuery = z.object({ from: DayText, to: DayText });
export type CalendarQuery = z.input<typeof CalendarQuery>;

export interface CalendarEntry {
  id: string;
  title: string;
  kind: (typeof SESSION_KIND_VALUES)[number];
  status: 'SCHEDULED' | 'OPEN' | 'LIVE' | 'PAUSED' | 'CLOSED';
  startsAt: string;
  endsAt: string | null;
  chair: { id: string; fullName: string };
  hostSite: { id: string; name: string };
  siteIds: string[];
  sites: number;
  cancelled: boolean;
  shiftedFrom: string | null;
}

// ---------------------------------------------------------------------------------------------
// The year's plan (work programme)

export const PlanEntryInput = z.object({
  year: z.number(schemaText('v.year')).int().min(2000, schemaText('v.year')).max(2100, schemaText('v.year')),
  kind: z.enum(SESSION_KIND_VALUES, schemaText('v.sessionKind')).default('DIALOGUE'),
  topic: text(5, 500, 'v.planTopic'),
  withGroup: text(3, 200, 'v.planGroup'),
  district: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => (v ? v : null)),
  targetMonth: z.number(schemaText('v.month')).int().min(1, schemaText('v.month')).max(12, schemaText('v.month')),
  chairId: Id.nullish().transform((v) => v ?? null),
});
export type PlanEntryInput = z.input<typeof PlanEntryInput>;

/** Where a planned session stands: planned, scheduled (a session exists), held (its session closed), behind
 * (its month has passed and it was not held), dropped (taken out of the plan, with the reason). */
export type PlanState = 'planned' | 'scheduled' | 'held' | 'behind' | 'dropped';

export interface PlanEntry {
  id: string;
  year: number;
  kind: (typeof SESSION_KIND_VALUES)[number];
  topic: string;
  withGroup: string;
  district: string | null;
  targetMonth: number;
  chair: { id: string; fullName: string } | null;
  session: { id: string; startsAt: string; status: ScheduledSession['status'] } | null;
  state: PlanState;
  dropReason: string | null;
}

export interface YearPlan {
  year: number;
  entries: PlanEntry[];
  /** How many are in each state, for the plan's summary line. */
  counts: Record<PlanState, number>;
}

/** POST /api/plan/:id/schedule: the planned session gets its date (and becomes a scheduled session). */
export const SchedulePlannedRequest = ScheduleSessionRequest.omit({ title: true, kind: true, topic: true });
export type SchedulePlannedRequest = z.input<typeof SchedulePlannedRequest>;
