// A series' dates: both readings of Hanoi's "ngày thứ Ba của tuần thứ ba hằng tháng", from a day in November
// across the year's end, with Vietnam's holidays (lunar ones included) and the shift of an occurrence that
// falls on one, and Vietnam's clock at the edges of midnight.
import { describe, expect, it } from 'vitest';
import { occurrencesOf, ruleText, type SeriesTiming } from '../../server/src/calendar/recurrence.ts';
import { vietnamHolidays } from '../../server/src/calendar/vietnam-holidays.ts';
import { isWorkingDay, workingDaysBefore, nextWorkingDay } from '../../server/src/calendar/working-days.ts';
import { demoRecurrence } from '../../server/src/seed/demo-city.ts';

const holidays = new Map([...vietnamHolidays(2026), ...vietnamHolidays(2027)].map((h) => [h.date, h.name]));
const holiday = (day: string) => holidays.get(day);
const TUESDAY = 1;
const from = (recurrence: SeriesTiming['recurrence'], startDate = '2026-11-05', time = '08:00'): SeriesTiming => ({ recurrence, startDate, untilDate: null, time });

describe('Vietnam’s days off', () => {
  it('has the lunar ones on their solar days and gives a weekend holiday its day in lieu', () => {
    const y2026 = new Map(vietnamHolidays(2026).map((h) => [h.date, h.name]));
    // Tết Bính Ngọ is 17/02/2026; the Hùng Kings' day (10/3 lunar) is 26/04/2026, a Sunday: Monday is off.
    expect([...y2026.keys()].filter((d) => y2026.get(d)!.startsWith('Tết Nguyên đán'))).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(y2026.get('2026-04-26')).toMatch(/Hùng Vương/);
    expect(y2026.get('2026-04-27')).toMatch(/^Nghỉ bù Giỗ Tổ/);
    expect(y2026.get('2026-09-02')).toMatch(/Quốc khánh/);
    const y2027 = new Map(vietnamHolidays(2027).map((h) => [h.date, h.name]));
    // Tết Đinh Mùi is 06/02/2027; the Hùng Kings' day 16/04/2027. 1/5/2027 is a Saturday: Monday 3/5 is off.
    expect(y2027.get('2027-02-06')).toBe('Tết Nguyên đán (mùng 1)');
    expect(y2027.get('2027-04-16')).toMatch(/Hùng Vương/);
    expect(y2027.get('2027-05-03')).toMatch(/^Nghỉ bù Ngày Quốc tế Lao động/);
  });

  it('counts working days over weekends and holidays', () => {
    // Five working days before Tuesday 23/02/2027… and before Monday 22/02/2026, right after Tết's week.
    expect(workingDaysBefore('2027-02-23', 5, holiday)).toBe('2027-02-16');
    expect(workingDaysBefore('2026-02-23', 5, holiday)).toBe('2026-02-09');
    expect(nextWorkingDay('2026-02-16', holiday)).toBe('2026-02-23');
  });
});

describe('the two readings of “the Tuesday of the third week”', () => {
  it('the month’s third Tuesday: twelve dates from November, across the year’s end', () => {
    const series = from({ kind: 'nthWeekday', nth: 3, weekday: TUESDAY });
    const dates = occurrencesOf(series, { limit: 12 }, holiday);
    console.log(`third Tuesday of the month (${ruleText(series)}):\n  ${dates.map((d) => d.date).join(' ')}`);
    expect(dates.map((d) => d.date)).toEqual(['2026-11-17', '2026-12-15', '2027-01-19', '2027-02-16', '2027-03-16', '2027-04-20', '2027-05-18', '2027-06-15', '2027-07-20', '2027-08-17', '2027-09-21', '2027-10-19']);
    expect(dates.every((d) => d.shiftedFrom === null)).toBe(true);
  });

  it('the Tuesday of the month’s third week (weeks from Monday, the first holding the 1st)', () => {
    const series = from({ kind: 'weekdayOfNthWeek', week: 3, weekday: TUESDAY });
    const dates = occurrencesOf(series, { limit: 12 }, holiday);
    console.log(`Tuesday of the third week (${ruleText(series)}):\n  ${dates.map((d) => d.date).join(' ')}`);
    expect(dates.map((d) => d.date)).toEqual(['2026-11-10', '2026-12-15', '2027-01-12', '2027-02-16', '2027-03-16', '2027-04-13', '2027-05-11', '2027-06-15', '2027-07-13', '2027-08-10', '2027-09-14', '2027-10-12']);
    // The readings differ in eight of the twelve months: an office must choose, and the page shows both.
    const third = occurrencesOf(from({ kind: 'nthWeekday', nth: 3, weekday: TUESDAY }), { limit: 12 }, holiday).map((d) => d.date);
    expect(dates.filter((d, i) => d.date !== third[i])).toHaveLength(8);
  });

  it('moves an occurrence off a public holiday to the next working day and says so', () => {
    // The first Thursday: 2/9/2027 is National Day (a Thursday): it moves to Friday 3/9.
    const firstThursday = occurrencesOf(from({ kind: 'nthWeekday', nth: 1, weekday: 3 }), { limit: 12 }, holiday);
    console.log(`first Thursday: ${firstThursday.map((d) => (d.shiftedFrom ? `${d.date} (moved from ${d.shiftedFrom}: ${d.holiday})` : d.date)).join(' ')}`);
    expect(firstThursday.find((d) => d.shiftedFrom === '2027-09-02')).toMatchObject({ date: '2027-09-03', holiday: 'Quốc khánh (2/9)' });
    // The third Tuesday of February 2026 is 17/02, Tết's first day: it moves past Tết's week to Monday 23/02.
    const tet = occurrencesOf(from({ kind: 'nthWeekday', nth: 3, weekday: TUESDAY }, '2026-01-01'), { limit: 3 }, holiday);
    expect(tet.map((d) => [d.date, d.shiftedFrom])).toEqual([
      ['2026-01-20', null],
      ['2026-02-23', '2026-02-17'],
      ['2026-03-17', null],
    ]);
    // A cancelled occurrence (an exception) is skipped, not moved.
    const skipped = occurrencesOf(from({ kind: 'nthWeekday', nth: 3, weekday: TUESDAY }), { limit: 2, skip: new Set(['2026-12-15']) }, holiday);
    expect(skipped.map((d) => d.date)).toEqual(['2026-11-17', '2027-01-19']);
  });

  it('keeps Vietnam’s day at the edges of midnight, whatever the server’s clock', () => {
    const early = occurrencesOf(from({ kind: 'nthWeekday', nth: 3, weekday: TUESDAY }, '2026-11-05', '00:00'), { limit: 2 }, holiday);
    // 00:00 on Tuesday 17/11 in Hà Nội is 17:00 UTC on Monday 16/11.
    expect(early.map((d) => [d.date, d.startsAt])).toEqual([
      ['2026-11-17', '2026-11-16T17:00:00.000Z'],
      ['2026-12-15', '2026-12-14T17:00:00.000Z'],
    ]);
    const late = occurrencesOf(from({ kind: 'nthWeekday', nth: 3, weekday: TUESDAY }, '2026-11-05', '23:59'), { limit: 1 }, holiday);
    expect(late[0]).toMatchObject({ date: '2026-11-17', startsAt: '2026-11-17T16:59:00.000Z' });
    // From the very day of an occurrence, that occurrence is the first one.
    expect(occurrencesOf(from({ kind: 'nthWeekday', nth: 3, weekday: TUESDAY }, '2026-11-17', '00:00'), { limit: 1 }, holiday)[0]!.date).toBe('2026-11-17');
  });

  it('the month’s last Friday, a weekly series, an end date, and a rule that yields nothing', () => {
    expect(occurrencesOf(from({ kind: 'nthWeekday', nth: -1, weekday: 4 }), { limit: 3 }, holiday).map((d) => d.date)).toEqual(['2026-11-27', '2026-12-25', '2027-01-29']);
    expect(occurrencesOf({ ...from({ kind: 'weekly', weekdays: [0, 3] }), untilDate: '2026-11-16' }, { limit: 12 }, holiday).map((d) => d.date)).toEqual(['2026-11-05', '2026-11-09', '2026-11-12', '2026-11-16']);
    // The fifth Tuesday between 1/12/2026 and 20/12/2026: none.
    expect(occurrencesOf({ ...from({ kind: 'nthWeekday', nth: 5, weekday: TUESDAY }, '2026-12-01'), untilDate: '2026-12-20' }, { limit: 12 }, holiday)).toEqual([]);
  });
});

describe('the demo city’s series', () => {
  it('is the monthly rule that falls on the working day it starts, for every working day of a year', () => {
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      if (!isWorkingDay(day, holiday)) continue;
      const [first, second] = occurrencesOf(from(demoRecurrence(day), day), { limit: 2 }, holiday);
      expect(first?.date, day).toBe(day);
      expect(second!.date > day, `${day} has a next one`).toBe(true);
    }
    expect(demoRecurrence('2026-12-01')).toEqual({ kind: 'nthWeekday', nth: 1, weekday: TUESDAY });
    expect(demoRecurrence('2026-12-15')).toEqual({ kind: 'nthWeekday', nth: 3, weekday: TUESDAY });
  });
});
