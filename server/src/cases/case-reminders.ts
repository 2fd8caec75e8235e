// Reminders of a case's deadline to the agency it is with: three working days before, on the day, and
// after it while the case is not resolved. Computed from the stored deadlines by a job that any hub
// instance may run at any moment: one run at a time holds the database's lock (the others skip), and
// each reminder is a row keyed by case, kind and deadline, so a second run, or a run after days down,
// never sends one twice. After an outage only the latest reminder due goes out; those it overtook are
// recorded as passed over.
import { vietnamDay } from '../calendar/vietnam-clock.ts';
import { workingDaysBefore, type HolidayLookup } from '../calendar/working-days.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { CaseRemindersRepository, ReminderKind } from './case-reminders.repository.ts';

export type { ReminderKind } from './case-reminders.repository.ts';
export const DUE_SOON_WORKING_DAYS = 3;

/** The reminders whose time has come on `today` for a deadline, in order. */
export function dueReminders(deadline: string, today: string, holiday: HolidayLookup): ReminderKind[] {
  const due: ReminderKind[] = [];
  if (today >= workingDaysBefore(deadline, DUE_SOON_WORKING_DAYS, holiday)) due.push('DUE_SOON');
  if (today >= deadline) due.push('DUE');
  if (today > deadline) due.push('OVERDUE');
  return due;
}

export interface ReminderRun {
  /** False when another instance was running the job: this run did nothing. */
  ran: boolean;
  sent: number;
  passedOver: number;
}

export class CaseReminders {
  constructor(
    private readonly repo: CaseRemindersRepository,
    private readonly holidays: () => Promise<HolidayLookup>,
    private readonly events?: EventBus,
    /** Cases per transaction. */
    private readonly batchSize = 1000,
  ) {}

  async run(now: Date): Promise<ReminderRun> {
    const today = vietnamDay(now);
    const holiday = await this.holidays();
    const decide = (deadline: string, recorded: string[]) => {
      const due = dueReminders(deadline, today, holiday).filter((k) => !recorded.includes(k));
      if (due.length === 0) return null;
      return { send: due.at(-1)!, passOver: due.slice(0, -1) };
    };
    const total: ReminderRun = { ran: false, sent: 0, passedOver: 0 };
    for (let after: string | null = null; ; ) {
      const batch = await this.repo.run(now, today, decide, after, this.batchSize);
      // Another instance holds the lock: it is doing this work now.
      if (!batch) return total;
      total.ran = true;
      total.sent += batch.sent;
      total.passedOver += batch.passedOver;
      if (Object.keys(batch.unread).length > 0) await this.events?.publish('notifications.changed', { unread: batch.unread });
      if (!batch.lastId) return total;
      after = batch.lastId;
    }
  }
}
