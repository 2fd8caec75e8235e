// A series' dates, computed by rrule (RFC 5545) and then moved off public holidays. rrule runs on "floating"
// wall-clock times (UTC fields that mean Vietnam's clock), because Vietnam keeps UTC+07:00 all year: the day
// of an occurrence is the wall time's day, and its instant is the wall time minus seven hours. No time zone
// database is involved, so a session at 00:00 or 23:59 never lands on the wrong day.
import rrulePkg from 'rrule';
import type { Occurrence, Recurrence } from '../../../protocol/index.ts';
import { VIETNAM_OFFSET_MS } from './vietnam-clock.ts';
import { addDays, isWorkingDay, nextWorkingDay, type HolidayLookup } from './working-days.ts';

const { RRule } = rrulePkg;
type Options = ConstructorParameters<typeof RRule>[0];

const BY_WEEKDAY = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The rule's own parts (without its start): what a month or week it falls in. */
function ruleParts(r: Recurrence): Partial<Options> {
  switch (r.kind) {
    case 'nthWeekday':
      // The nth weekday falls on days 7(n−1)+1 … 7n; the last one is the set's last position.
      return r.nth === -1
        ? { freq: RRule.MONTHLY, byweekday: [BY_WEEKDAY[r.weekday]!], bysetpos: [-1] }
        : { freq: RRule.MONTHLY, byweekday: [BY_WEEKDAY[r.weekday]!], bymonthday: range(7 * (r.nth - 1) + 1, 7 * r.nth) };
    case 'weekdayOfNthWeek': {
      // Week k runs Monday to Sunday, week 1 holding the 1st: its weekday w falls on days 7(k−1)+w−5 … 7(k−1)+w+1.
      const high = 7 * (r.week - 1) + r.weekday + 1;
      return { freq: RRule.MONTHLY, byweekday: [BY_WEEKDAY[r.weekday]!], bymonthday: range(Math.max(1, high - 6), Math.min(31, high)) };
    }
    case 'weekly':
      return { freq: RRule.WEEKLY, byweekday: [...new Set(r.weekdays)].sort().map((d) => BY_WEEKDAY[d]!) };
  }
}

function wallTime(day: string, time: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, hh, mm));
}

export interface SeriesTiming {
  recurrence: Recurrence;
  startDate: string;
  untilDate: string | null;
  time: string;
}

export function ruleOf(t: SeriesTiming): InstanceType<typeof RRule> {
  return new RRule({
    ...ruleParts(t.recurrence),
    dtstart: wallTime(t.startDate, t.time),
    ...(t.untilDate ? { until: wallTime(t.untilDate, '23:59') } : {}),
    wkst: RRule.MO,
  });
}

/** The RRULE line as stored and exported (DTSTART in Vietnam's wall time, as TZID=Asia/Ho_Chi_Minh). */
export function ruleText(t: SeriesTiming): string {
  const rule = ruleOf(t).toString().split('\n').find((l) => l.startsWith('RRULE:')) ?? '';
  return rule.replace(/^RRULE:/, '');
}

export interface OccurrenceQuery {
  /** The first day to list (defaults to the series' start). */
  from?: string;
  /** At most this many. */
  limit: number;
  /** The last day to list. */
  through?: string;
  /** Days the rule gave that are cancelled (exceptions), by the rule's day. */
  skip?: ReadonlySet<string>;
}

/**
 * The series' occurrences in order: each on the rule's day or, when that is a public holiday, on the next
 * working day (and it says so). Two occurrences never share a day.
 */
export function occurrencesOf(t: SeriesTiming, q: OccurrenceQuery, holiday: HolidayLookup): Occurrence[] {
  const rule = ruleOf(t);
  const from = q.from && q.from > t.startDate ? q.from : t.startDate;
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  // Walk the rule from a week before `from`: an occurrence the rule puts just before it may be shifted into it.
  let cursor = new Date(wallTime(addDays(from, -7), '00:00').getTime() - 1);
  for (let guard = 0; out.length < q.limit && guard < 1000; guard++) {
    const next = rule.after(cursor, false);
    if (!next) break;
    cursor = next;
    const ruleDay = next.toISOString().slice(0, 10);
    if (q.through && ruleDay > q.through) break;
    if (q.skip?.has(ruleDay)) continue;
    const name = holiday(ruleDay);
    const day = name === undefined ? ruleDay : nextWorkingDay(addDays(ruleDay, 1), holiday);
    if (day < from || seen.has(day) || (q.through && day > q.through)) continue;
    // A weekly series on a Saturday keeps its Saturday; only a holiday moves an occurrence.
    if (name === undefined && !isWorkingDay(day, holiday) && t.recurrence.kind !== 'weekly') continue;
    seen.add(day);
    const wall = wallTime(day, t.time);
    out.push({ date: day, startsAt: new Date(wall.getTime() - VIETNAM_OFFSET_MS).toISOString(), shiftedFrom: name === undefined ? null : ruleDay, holiday: name ?? null });
  }
  return out;
}
