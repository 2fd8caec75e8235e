// Invitations, confirmations and the notification centre in PostgreSQL. A notification is unique per
// person, kind and session, and the invitation's mark is set in the same transaction as its notifications:
// a sweep running on two instances at once tells each person once.
import type { Db, NotificationKind, Prisma } from '../db/client.ts';

/** Who is told for a site: the people who run it (operators, secretaries); for an agency: its representatives. */
const SITE_ROLES = ['BRIDGE_OPERATOR', 'SECRETARY'] as const;

const sessionFields = { id: true, title: true, scheduledStart: true, scheduledEnd: true, status: true, cancelledAt: true } satisfies Prisma.ReceptionSessionSelect;

export interface NewNotification {
  accountId: string;
  kind: NotificationKind;
  sessionId: string;
  params: { title: string; startsAt: string; reason?: string };
}

/**
 * A session still to be held: scheduled, not cancelled, starting before `until`, and not over. A session
 * scheduled at short notice for an hour that has just begun (the schedule allows five minutes back) still
 * invites its sites; one whose time is over does not.
 */
const stillAhead = (now: Date, until: Date) => ({
  status: 'SCHEDULED' as const,
  cancelledAt: null,
  scheduledStart: { lt: until },
  OR: [{ scheduledEnd: { gt: now } }, { scheduledEnd: null, scheduledStart: { gt: now } }],
});

export class InvitationsRepository {
  constructor(private readonly db: Db) {}

  /** Sites and agencies of sessions still ahead (see stillAhead) that are not invited yet. */
  async uninvited(now: Date, until: Date) {
    const where = { invitedAt: null, session: stillAhead(now, until) };
    const [sites, agencies] = await Promise.all([
      this.db.sessionSite.findMany({ where, select: { siteId: true, session: { select: sessionFields }, site: { select: { accounts: { where: { active: true, role: { in: [...SITE_ROLES] } }, select: { id: true } } } } } }),
      this.db.sessionAgency.findMany({ where, select: { agencyId: true, session: { select: sessionFields }, agency: { select: { accounts: { where: { active: true, role: 'AGENCY_REP' }, select: { id: true } } } } } }),
    ]);
    return { sites, agencies };
  }

  /** Invited sites of sessions still ahead not yet reminded to run the connection test. */
  unreminded(now: Date, until: Date) {
    return this.db.sessionSite.findMany({
      where: { invitedAt: { not: null }, remindedAt: null, session: stillAhead(now, until) },
      select: { siteId: true, session: { select: sessionFields }, site: { select: { accounts: { where: { active: true, role: { in: [...SITE_ROLES] } }, select: { id: true } } } } },
    });
  }

  /** Marks what was sent and stores its notifications, together. */
  async send(notifications: NewNotification[], mark: { invitedSites?: [string, string][]; invitedAgencies?: [string, string][]; remindedSites?: [string, string][] }, now: Date): Promise<string[]> {
    return this.db.$transaction(async (tx) => {
      for (const [sessionId, siteId] of mark.invitedSites ?? []) await tx.sessionSite.updateMany({ where: { sessionId, siteId, invitedAt: null }, data: { invitedAt: now } });
      for (const [sessionId, agencyId] of mark.invitedAgencies ?? []) await tx.sessionAgency.updateMany({ where: { sessionId, agencyId, invitedAt: null }, data: { invitedAt: now } });
      for (const [sessionId, siteId] of mark.remindedSites ?? []) await tx.sessionSite.updateMany({ where: { sessionId, siteId, remindedAt: null }, data: { remindedAt: now } });
      if (notifications.length > 0) await tx.notification.createMany({ data: notifications, skipDuplicates: true });
      return [...new Set(notifications.map((n) => n.accountId))];
    });
  }

  /** The people told of a session (invited sites' and agencies' people), for a cancellation. */
  async invitedPeople(sessionId: string): Promise<string[]> {
    const [sites, agencies] = await Promise.all([
      this.db.sessionSite.findMany({ where: { sessionId, invitedAt: { not: null } }, select: { site: { select: { accounts: { where: { active: true, role: { in: [...SITE_ROLES] } }, select: { id: true } } } } } }),
      this.db.sessionAgency.findMany({ where: { sessionId, invitedAt: { not: null } }, select: { agency: { select: { accounts: { where: { active: true, role: 'AGENCY_REP' }, select: { id: true } } } } } }),
    ]);
    return [...new Set([...sites.flatMap((s) => s.site.accounts.map((a) => a.id)), ...agencies.flatMap((a) => a.agency.accounts.map((x) => x.id))])];
  }

  session(id: string) {
    return this.db.receptionSession.findUnique({ where: { id }, select: { ...sessionFields, cancelReason: true } });
  }

  notifications(accountId: string) {
    return this.db.notification.findMany({ where: { accountId }, orderBy: { createdAt: 'desc' }, take: 50 });
  }

  async unread(accountIds: string[]): Promise<Record<string, number>> {
    const rows = await this.db.notification.groupBy({ by: ['accountId'], where: { accountId: { in: accountIds }, readAt: null }, _count: { _all: true } });
    const counts: Record<string, number> = Object.fromEntries(accountIds.map((id) => [id, 0]));
    for (const r of rows) counts[r.accountId] = r._count._all;
    return counts;
  }

  async markRead(accountId: string, ids: string[] | undefined, now: Date): Promise<void> {
    await this.db.notification.updateMany({ where: { accountId, readAt: null, ...(ids ? { id: { in: ids } } : {}) }, data: { readAt: now } });
  }

  /** The coming sessions a site is invited to (invited already, or within the lead), soonest first. */
  siteInvitations(siteId: string, from: Date) {
    return this.db.sessionSite.findMany({
      where: { siteId, session: { cancelledAt: null, status: { not: 'CLOSED' }, scheduledStart: { gte: from } } },
      select: { invitedAt: true, confirmedAt: true, site: { select: { name: true } }, session: { select: { ...sessionFields, kind: true, readiness: true, chair: { select: { fullName: true } }, hostSite: { select: { name: true } } } } },
      orderBy: { session: { scheduledStart: 'asc' } },
      take: 50,
    });
  }

  agencyInvitations(agencyId: string, from: Date) {
    return this.db.sessionAgency.findMany({
      where: { agencyId, session: { cancelledAt: null, status: { not: 'CLOSED' }, scheduledStart: { gte: from } } },
      select: { invitedAt: true, confirmedAt: true, agency: { select: { name: true } }, session: { select: { ...sessionFields, kind: true, readiness: true, chair: { select: { fullName: true } }, hostSite: { select: { name: true } } } } },
      orderBy: { session: { scheduledStart: 'asc' } },
      take: 50,
    });
  }

  async confirmSite(sessionId: string, siteId: string, accountId: string, now: Date): Promise<boolean> {
    const res = await this.db.sessionSite.updateMany({ where: { sessionId, siteId, session: { cancelledAt: null } }, data: { confirmedAt: now, confirmedById: accountId } });
    return res.count === 1;
  }

  async confirmAgency(sessionId: string, agencyId: string, accountId: string, now: Date): Promise<boolean> {
    const res = await this.db.sessionAgency.updateMany({ where: { sessionId, agencyId, session: { cancelledAt: null } }, data: { confirmedAt: now, confirmedById: accountId } });
    return res.count === 1;
  }

  attendance(sessionId: string) {
    return this.db.receptionSession.findUnique({
      where: { id: sessionId },
      select: {
        hostSiteId: true,
        readiness: true,
        sites: { select: { invitedAt: true, confirmedAt: true, site: { select: { id: true, name: true } } } },
        agencies: { select: { invitedAt: true, confirmedAt: true, agency: { select: { id: true, name: true } } } },
      },
    });
  }
}
