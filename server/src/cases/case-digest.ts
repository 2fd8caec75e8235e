// The host office's morning digest: on each working day from 07:00 in Hà Nội, one summary of the city's
// cases (open, overdue, due within three working days, waiting for the office's decision, resolved the day
// before) to everyone who decides for the office. Any instance may run it at any moment: the day's row
// is written once under the database's lock, so the digest goes out once a day, and a hub that was down
// at 07:00 sends it when it comes back that day (not for the days it missed).
import { vietnamDay, vietnamTime } from '../calendar/vietnam-clock.ts';
import { addDays, isWorkingDay, workingDaysAfter, type HolidayLookup } from '../calendar/working-days.ts';
import type { EventBus } from '../events/event-bus.ts';
import { DUE_SOON_WORKING_DAYS } from './case-reminders.ts';
import type { CaseDigestRepository } from './case-digest.repository.ts';

export const DIGEST_TIME = '07:00';

export interface DigestRun {
  /** The counts it sent, or null: not yet time today, a day off, or sent already. */
  sent: { open: number; overdue: number; dueSoon: number; toDecide: number; resolvedYesterday: number } | null;
  recipients: number;
}

export class CaseDigest {
  constructor(
    private readonly repo: CaseDigestRepository,
    private readonly holidays: () => Promise<HolidayLookup>,
    private readonly events?: EventBus,
  ) {}

  async run(now: Date): Promise<DigestRun> {
    const today = vietnamDay(now);
    if (vietnamTime(now) < DIGEST_TIME) return { sent: null, recipients: 0 };
    const holiday = await this.holidays();
    if (!isWorkingDay(today, holiday)) return { sent: null, recipients: 0 };
    const result = await this.repo.sendOnce(now, { today, dueBy: workingDaysAfter(today, DUE_SOON_WORKING_DAYS, holiday), yesterday: addDays(today, -1) });
    if (!result) return { sent: null, recipients: 0 };
    if (Object.keys(result.unread).length > 0) await this.events?.publish('notifications.changed', { unread: result.unread });
    return { sent: result.counts, recipients: Object.keys(result.unread).length };
  }
}
