// Working days in Vietnam: Monday to Friday, except public holidays (the hub's Holiday table). Days are
// yyyy-mm-dd calendar days on Vietnam's clock; no time zone arithmetic is needed on them.
import { dateOfDay, dayOfDate } from './vietnam-clock.ts';

export type HolidayLookup = (day: string) => string | undefined;


export const addDays = (day: string, n: number): string => dayOfDate(new Date(dateOfDay(day).getTime() + n * 86_400_000));

/** 0 Monday … 6 Sunday, the way Vietnamese weeks run. */
export const weekdayOf = (day: string): number => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

export function isWorkingDay(day: string, holiday: HolidayLookup): boolean {
  return weekdayOf(day) < 5 && holiday(day) === undefined;
}

/** The day itself when it is a working day, otherwise the next one. */
export function nextWorkingDay(day: string, holiday: HolidayLookup): string {
  let d = day;
  while (!isWorkingDay(d, holiday)) d = addDays(d, 1);
  return d;
}

/** `n` working days before a day (for invitations sent a number of working days ahead). */
export function workingDaysBefore(day: string, n: number, holiday: HolidayLookup): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, -1);
    if (isWorkingDay(d, holiday)) left--;
  }
  return d;
}

/** The `n`-th working day after `day` (`n` = 0: the day itself when it is a working day, else the next one). */
export function workingDaysAfter(day: string, n: number, holiday: HolidayLookup): string {
  if (n === 0) return nextWorkingDay(day, holiday);
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, holiday)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, holiday: HolidayLookup): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, holiday)) count++;
  return count;
}
