// The digest's one transaction: the day's row (the proof it was sent), the city's counts, and the
// notifications (and e-mails) to the office's deciders, all or nothing, under a lock one instance holds.
import type { CaseDigestCounts } from '../../../protocol/index.ts';
import { dateOfDay } from '../calendar/vietnam-clock.ts';
import type { Db, Prisma } from '../db/client.ts';
import type { MailComposer } from '../mail/mail-words.ts';
import { pastDeadline, withinDeadlines } from './cases.repository.ts';
import { tellOfficeDeciders } from './office-deciders.repository.ts';

const OPEN: Prisma.CaseWhereInput = { status: { in: ['ASSIGNED', 'IN_PROGRESS'] } };

export class CaseDigestRepository {
  constructor(
    private readonly db: Db,
    private readonly compose?: MailComposer,
  ) {}

  /** Null when today's digest went out already (or another instance is sending it now). */
  sendOnce(now: Date, days: { today: string; dueBy: string; yesterday: string }): Promise<{ counts: CaseDigestCounts; unread: Record<string, number> } | null> {
    return this.db.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended('case-digest', 0)) AS locked`;
      if (!lock?.locked) return null;
      if (await tx.caseDigest.findUnique({ where: { day: dateOfDay(days.today) } })) return null;
      const [open, overdue, dueSoon, toDecide, resolvedYesterday] = await Promise.all([
        tx.case.count({ where: { status: { in: ['ASSIGNED', 'IN_PROGRESS', 'WAITING_CITIZEN'] } } }),
        tx.case.count({ where: { AND: [OPEN, pastDeadline(days.today)] } }),
        tx.case.count({ where: { AND: [OPEN, withinDeadlines(days.today), { OR: [{ noticeDeadline: { lte: dateOfDay(days.dueBy) } }, { legalDeadline: { lte: dateOfDay(days.dueBy) } }] }] } }),
        tx.case.count({ where: { OR: [{ extensionAsked: { not: null } }, { reopenAskedAt: { not: null } }] } }),
        tx.case.count({ where: { resolvedDay: dateOfDay(days.yesterday) } }),
      ]);
      const counts: CaseDigestCounts = { open, overdue, dueSoon, toDecide, resolvedYesterday };
      await tx.caseDigest.create({ data: { day: dateOfDay(days.today), at: now, cases: open } });
      const unread = await tellOfficeDeciders(tx, now, { kind: 'CASE_DIGEST', params: { title: '', startsAt: now.toISOString(), digest: counts }, caseId: null, caseNumber: null }, this.compose);
      return { counts, unread };
    });
  }
}
