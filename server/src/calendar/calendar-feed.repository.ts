// A person's secret iCalendar address (only its hash), and the sessions it lists.
import type { Db, Prisma } from '../db/client.ts';

export class CalendarFeedRepository {
  constructor(private readonly db: Db) {}

  /** A new address for the account; the old one (if any) stops working in the same statement. */
  async replace(accountId: string, id: string): Promise<void> {
    await this.db.calendarFeed.upsert({ where: { accountId }, create: { id, accountId }, update: { id, createdAt: new Date() } });
  }

  owner(id: string) {
    return this.db.calendarFeed.findUnique({ where: { id }, select: { account: { include: { site: true, agency: true } } } });
  }

  sessions(where: Prisma.ReceptionSessionWhereInput, from: Date, until: Date) {
    return this.db.receptionSession.findMany({
      where: { AND: [where, { scheduledStart: { gte: from, lt: until } }] },
      select: { id: true, title: true, kind: true, scheduledStart: true, scheduledEnd: true, cancelledAt: true, topic: true, chair: { select: { fullName: true } }, hostSite: { select: { name: true, address: true } }, _count: { select: { sites: true } } },
      orderBy: { scheduledStart: 'asc' },
      take: 500,
    });
  }
}
