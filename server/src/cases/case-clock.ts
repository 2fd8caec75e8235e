// The two clocks of a case, in Vietnam's working days (Monday to Friday, not a public holiday of the hub's
// calendar): the deadline the conclusion notice gave the agency, a calendar day; and the legal time limit of
// the petition type, counted from the day the agency accepted the case, stopped while the case waits for
// the citizen's documents, lengthened by an approved extension. A deadline day is met until its last
// minute in Hà Nội; from 00:00 of the next day the case is overdue.
import { vietnamInstant } from '../calendar/vietnam-clock.ts';
import { addDays, workingDaysAfter, workingDaysBetween, type HolidayLookup } from '../calendar/working-days.ts';

/** The moment a deadline day has passed: 00:00 in Hà Nội of the day after. */
export function overdueFrom(deadlineDay: string): Date {
  return vietnamInstant(addDays(deadlineDay, 1));
}

export function isOverdue(deadlineDay: string | null, now: Date): boolean {
  return deadlineDay !== null && now.getTime() >= overdueFrom(deadlineDay).getTime();
}

export interface LegalClock {
  /** The day the agency accepted the case (the clock starts the next working day). */
  acceptedDay: string;
  /** The petition type's limit in working days. */
  limitDays: number;
  /** Working days added by approved extensions. */
  extensionDays: number;
  /** Working days the clock stood still while the case waited for the citizen (closed pauses). */
  pausedDays: number;
  /** The day the current pause began, if the case is waiting now. */
  pausedSince: string | null;
}

/**
 * The legal deadline as it stands on `today`: a pause in progress pushes it by the working days it has
 * lasted so far, so the clock never runs while the case waits.
 */
export function legalDeadline(clock: LegalClock, today: string, holiday: HolidayLookup): string {
  const running = clock.pausedSince ? workingDaysBetween(clock.pausedSince, today, holiday) : 0;
  return workingDaysAfter(clock.acceptedDay, clock.limitDays + clock.extensionDays + clock.pausedDays + running, holiday);
}
