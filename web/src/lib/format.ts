import type { AppLocale } from '../i18n/index.ts';

// Sessions are held in Vietnam: show their times on Hanoi's clock whatever the viewing device is set to
// (a TV box or a laptop left on UTC must not show 01:00 for an 08:00 session).
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const INTL_LOCALE: Record<AppLocale, string> = { vi: 'vi-VN', en: 'en-GB' };

export function formatClock(iso: string, locale: AppLocale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: TIME_ZONE }).format(
    new Date(iso),
  );
}

export function formatDay(iso: string, locale: AppLocale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

/** "20/05/2025": a register's column, where the weekday is noise. */
export function formatDate(iso: string, locale: AppLocale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** "08:00–11:30, Thứ Ba, 20/05/2025" */
export function formatSessionTime(startIso: string, endIso: string | null, locale: AppLocale): string {
  const clock = endIso ? `${formatClock(startIso, locale)}–${formatClock(endIso, locale)}` : formatClock(startIso, locale);
  return `${clock}, ${formatDay(startIso, locale)}`;
}

/** A calendar-day key on Hanoi's clock, so "today" follows Vietnam's midnight rather than the device's. */
export function dayKey(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** "04:05" for 245 s; "−00:12" when over time. Whole seconds, rounded up so a fresh turn shows its full time. */
export function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const abs = Math.abs(seconds);
  const text = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return seconds < 0 ? `−${text}` : text;
}
