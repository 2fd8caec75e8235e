// The reminder job's reads and writes, in one transaction under a lock only one instance holds at a time:
// the open cases whose deadline comes within a week (or has passed), the reminders already recorded for
// their current deadline, and the new reminders with the notifications they send.
import { dateOfDay, dayOfDate } from '../calendar/vietnam-clock.ts';
import { addDays } from '../calendar/working-days.ts';
import type { Db } from '../db/client.ts';
import type { MailComposer } from '../mail/mail-words.ts';
import { queueMail } from '../mail/outbox.repository.ts';

export const REMINDER_KINDS = ['DUE_SOON', 'DUE', 'OVERDUE'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const NOTIFICATION_KIND: Record<ReminderKind, 'CASE_DUE_SOON' | 'CASE_DUE' | 'CASE_OVERDUE'> = { DUE_SOON: 'CASE_DUE_SOON', DUE: 'CASE_DUE', OVERDUE: 'CASE_OVERDUE' };

export type ReminderDecision = (deadline: string, recorded: string[]) => { send: ReminderKind; passOver: ReminderKind[] } | null;

export class CaseRemindersRepository {
  constructor(
    private readonly db: Db,
    /** When the hub sends e-mail: each reminder is queued to the representatives with an address too. */
    private readonly compose?: MailComposer,
  ) {}

  /**
   * One batch of up to `limit` cases after `afterId` (cases in id order), in its own transaction, so a
   * catch-up over many cases never holds one long transaction. Null when another run holds the lock.
   */
  run(now: Date, today: string, decide: ReminderDecision, afterId: string | null = null, limit = 1000): Promise<{ sent: number; passedOver: number; unread: Record<string, number>; lastId: string | null } | null> {
    return this.db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended('case-reminders', 0)) AS locked`;
        if (!lock?.locked) return null;
        // Three working days before a deadline can be two weeks before it when Tết's nine days off lie
        // between: three weeks ahead holds every case whose first reminder may be due (the rule decides which).
        const horizon = dateOfDay(addDays(today, 21));
        const cases = await tx.case.findMany({
          where: { status: { in: ['ASSIGNED', 'IN_PROGRESS'] }, OR: [{ noticeDeadline: { lte: horizon } }, { legalDeadline: { lte: horizon } }], ...(afterId ? { id: { gt: afterId } } : {}) },
          orderBy: { id: 'asc' },
          take: limit,
          select: {
            id: true,
            number: true,
            summary: true,
            confidential: true,
            noticeDeadline: true,
            legalDeadline: true,
            reminders: { select: { kind: true, deadline: true } },
            agency: { select: { accounts: { where: { active: true, role: 'AGENCY_REP' }, select: { id: true, email: true } } } },
          },
        });
        let sent = 0;
        let passedOver = 0;
        const told = new Set<string>();
        for (const c of cases) {
          // The nearer of the two deadlines is the one the agency must meet first.
          const dates = [c.noticeDeadline, c.legalDeadline].filter((d): d is Date => d !== null).map(dayOfDate).sort();
          const deadline = dates[0]!;
          const recorded = c.reminders.filter((r) => dayOfDate(r.deadline) === deadline).map((r) => r.kind);
          const decision = decide(deadline, recorded);
          if (!decision) continue;
          const rows = [...decision.passOver.map((kind) => ({ kind, sent: false })), { kind: decision.send, sent: true }];
          const made = await tx.caseReminder.createMany({ data: rows.map((r) => ({ caseId: c.id, kind: r.kind, deadline: dateOfDay(deadline), at: now, sent: r.sent })), skipDuplicates: true });
          if (made.count !== rows.length) continue;
          passedOver += decision.passOver.length;
          sent++;
          const title = `${c.number}: ${c.summary}`.slice(0, 200);
          const kind = NOTIFICATION_KIND[decision.send];
          const params = { title, startsAt: `${deadline}T00:00:00+07:00`, deadline };
          await tx.notification.createMany({ data: c.agency.accounts.map((a) => ({ accountId: a.id, kind, caseId: c.id, params })) });
          const mail = this.compose?.(kind, params, c.number);
          if (mail) await queueMail(tx, now, c.agency.accounts.flatMap((a) => (a.email ? [{ ...mail, to: a.email }] : [])));
          for (const a of c.agency.accounts) told.add(a.id);
        }
        const unread: Record<string, number> = {};
        for (const accountId of told) unread[accountId] = await tx.notification.count({ where: { accountId, readAt: null } });
        return { sent, passedOver, unread, lastId: cases.length === limit ? cases.at(-1)!.id : null };
      },
      { timeout: 60_000 },
    );
  }
}
