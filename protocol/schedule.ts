// Scheduling reception sessions: single sessions and recurring series. A series is its rule plus its
// exceptions; the occurrences that exist as sessions are real rows. Times are Vietnam's (UTC+07:00 all
// year, no daylight saving); days are written yyyy-mm-dd here and dd/mm/yyyy on screen.
import { z } from 'zod';
import { schemaText } from './messages/index.ts';

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
