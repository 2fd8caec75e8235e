// The iCalendar (.ics) feed of the sessions a person sees, for the calendar program they already use
// (Outlook, Thunderbird, a phone). The address is a secret of its own: calendar programs send no cookie.
// It carries what the calendar page shows and no citizen; a deactivated account's feed answers nothing.
import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalEventStatus } from 'ical-generator';
import { SESSION_KIND_LABELS_VI, msg, type CalendarFeedIssued } from '../../../protocol/index.ts';
import { visibleSessions } from '../access/access.repository.ts';
import { personOf, type Caller } from '../access/caller.ts';
import { AppError } from '../errors/app-error.ts';
import type { CalendarFeedRepository } from './calendar-feed.repository.ts';

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export class CalendarFeedService {
  constructor(
    private readonly repo: CalendarFeedRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(caller: Caller): Promise<CalendarFeedIssued> {
    if (caller.kind !== 'person') throw new AppError('FORBIDDEN', msg('auth.signedOut'));
    const token = randomBytes(24).toString('base64url');
    await this.repo.replace(caller.accountId, hashOf(token));
    return { path: `/api/calendar-feeds/${token}.ics` };
  }

  /** The feed's text, or null for an address that does not exist (or whose account is deactivated). */
  async feed(token: string): Promise<string | null> {
    const owner = await this.repo.owner(hashOf(token));
    if (!owner || !owner.account.active) return null;
    const person = personOf(owner.account);
    const now = this.now();
    const rows = await this.repo.sessions(visibleSessions(person), new Date(now.getTime() - 31 * 86_400_000), new Date(now.getTime() + 190 * 86_400_000));
    const calendar = ical({ name: 'Lịch tiếp công dân', timezone: 'Asia/Ho_Chi_Minh', prodId: { company: 'Tiep Dan Hub', product: 'lich-tiep-cong-dan', language: 'VI' } });
    for (const s of rows) {
      calendar.createEvent({
        id: `${s.id}@tiepdan`,
        start: s.scheduledStart,
        end: s.scheduledEnd ?? new Date(s.scheduledStart.getTime() + 3 * 3600_000),
        summary: s.cancelledAt ? `[Đã hủy] ${s.title}` : s.title,
        location: [s.hostSite.name, s.hostSite.address].filter(Boolean).join(', '),
        description: [`${SESSION_KIND_LABELS_VI[s.kind]} · Chủ trì: ${s.chair.fullName}`, `${s._count.sites} điểm cầu`, s.topic ?? ''].filter(Boolean).join('\n'),
        status: s.cancelledAt ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    }
    return calendar.toString();
  }
}
