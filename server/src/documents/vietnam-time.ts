// Dates and times as the documents print them: always in Vietnam's time zone, whatever the server's, so a
// session that started at 08:30 in Hà Nội never prints 01:30 on a UTC machine.
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface VietnamDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function inVietnam(iso: string | Date): VietnamDateTime {
  const parts = Object.fromEntries(partsFormat.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const n = (key: string) => Number(parts[key]);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour'), minute: n('minute'), second: n('second') };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "05/01/2026". */
export function dayMonthYear(iso: string): string {
  const t = inVietnam(iso);
  return `${two(t.day)}/${two(t.month)}/${t.year}`;
}

/** "2026-01-05", for file names. */
export function isoDay(iso: string): string {
  const t = inVietnam(iso);
  return `${t.year}-${two(t.month)}-${two(t.day)}`;
}

/** "09:05". */
export function hourMinute(iso: string): string {
  const t = inVietnam(iso);
  return `${two(t.hour)}:${two(t.minute)}`;
}

/** "08 giờ 30, ngày 05/01/2026", as form 1.9 writes a moment. */
export function hourMinuteOfDay(iso: string): string {
  const t = inVietnam(iso);
  return `${two(t.hour)} giờ ${two(t.minute)}, ngày ${dayMonthYear(iso)}`;
}

/**
 * "Hà Nội, ngày 05 tháng 01 năm 2026". Decree 30 pads the day below 10 and only months 1 and 2 (so that
 * "tháng 1" cannot be altered into "tháng 11"); March is "tháng 3".
 */
export function placeAndDate(place: string, iso: string): string {
  const t = inVietnam(iso);
  const month = t.month <= 2 ? two(t.month) : String(t.month);
  return `${place}, ngày ${two(t.day)} tháng ${month} năm ${t.year}`;
}

/** A deadline is a calendar day ("2026-01-20"), not a moment: print it without a time-zone shift. */
export { calendarDayVi as deadlineDay } from '../../../protocol/index.ts';

/** "11 phút 40 giây". */
export function speakingTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes} phút ${seconds % 60} giây`;
}
