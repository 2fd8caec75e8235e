// Invitations and the notification centre. A sweep (hourly, and right after a schedule change) invites
// each site and agency of a scheduled session when it is the office's number of working days away
// or closer, and reminds the sites the day before to run the connection test. A cancelled session tells
// everyone who was invited, with the reason. Each person has their own notifications and unread count.
import {
  INVITATION_LEAD_WORKING_DAYS,
  msg,
  type InvitationView,
  type NotificationsAnswer,
  type NotificationView,
  type SessionAttendance,
  type SiteReadiness,
} from '../../../protocol/index.ts';
import type { Caller, Person } from '../access/caller.ts';
import { hasPermission } from '../access/permissions.ts';
import type { HolidaysRepository } from '../calendar/holidays.repository.ts';
import { vietnamDay, vietnamInstant } from '../calendar/vietnam-clock.ts';
import { addDays, workingDaysBefore } from '../calendar/working-days.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { InvitationsRepository, NewNotification } from './invitations.repository.ts';


type ReadinessMap = Record<string, SiteReadiness | undefined>;
const readinessOf = (readiness: unknown, siteId: string): InvitationView['readiness'] => {
  const r = (readiness as ReadinessMap)[siteId];
  return r ? { quality: r.quality, checkedAt: r.checkedAt } : null;
};

export class InvitationsService {
  constructor(
    private readonly repo: InvitationsRepository,
    private readonly holidays: HolidaysRepository,
    private readonly events: EventBus,
    private readonly now: () => Date = () => new Date(),
    /** Working days ahead invitations go out (the office's setting). */
    private readonly leadDays: () => Promise<number> = async () => INVITATION_LEAD_WORKING_DAYS,
  ) {}

  /** Sends what is due: invitations, then the day-before reminders. Returns how many people were told. */
  async sweep(): Promise<number> {
    const now = this.now();
    const today = vietnamDay(now);
    const holiday = await this.holidays.lookup();
    const { sites, agencies } = await this.repo.uninvited(now, new Date(now.getTime() + 40 * 86_400_000));
    const lead = await this.leadDays();
    const due = (start: Date) => workingDaysBefore(vietnamDay(start), lead, holiday) <= today;
    const notes: NewNotification[] = [];
    const params = (s: { title: string; scheduledStart: Date }) => ({ title: s.title, startsAt: s.scheduledStart.toISOString() });
    const invitedSites: [string, string][] = [];
    for (const row of sites.filter((r) => due(r.session.scheduledStart))) {
      invitedSites.push([row.session.id, row.siteId]);
      for (const a of row.site.accounts) notes.push({ accountId: a.id, kind: 'INVITATION', sessionId: row.session.id, params: params(row.session) });
    }
    const invitedAgencies: [string, string][] = [];
    for (const row of agencies.filter((r) => due(r.session.scheduledStart))) {
      invitedAgencies.push([row.session.id, row.agencyId]);
      for (const a of row.agency.accounts) notes.push({ accountId: a.id, kind: 'INVITATION', sessionId: row.session.id, params: params(row.session) });
    }
    const invited = invitedSites.length + invitedAgencies.length > 0 ? await this.repo.send(notes, { invitedSites, invitedAgencies }, now) : [];
    // Then, the invitations committed: the day before (or the same day, for a session scheduled at short
    // notice) the invited sites are reminded to run the connection test.
    const tomorrow = addDays(today, 1);
    const reminders = (await this.repo.unreminded(now, vietnamInstant(addDays(today, 2)))).filter((r) => vietnamDay(r.session.scheduledStart) <= tomorrow);
    const remindedSites: [string, string][] = [];
    const reminderNotes: NewNotification[] = [];
    for (const row of reminders) {
      remindedSites.push([row.session.id, row.siteId]);
      for (const a of row.site.accounts) reminderNotes.push({ accountId: a.id, kind: 'READINESS_REMINDER', sessionId: row.session.id, params: params(row.session) });
    }
    const reminded = remindedSites.length > 0 ? await this.repo.send(reminderNotes, { remindedSites }, now) : [];
    const told = [...new Set([...invited, ...reminded])];
    await this.announce(told);
    return told.length;
  }

  /** A cancelled session: everyone who was invited is told, with the reason. */
  async sessionCancelled(sessionId: string): Promise<void> {
    const session = await this.repo.session(sessionId);
    if (!session?.cancelledAt) return;
    const people = await this.repo.invitedPeople(sessionId);
    const notes: NewNotification[] = people.map((accountId) => ({ accountId, kind: 'SESSION_CANCELLED', sessionId, params: { title: session.title, startsAt: session.scheduledStart.toISOString(), reason: session.cancelReason ?? '' } }));
    const told = await this.repo.send(notes, {}, this.now());
    await this.announce(told);
  }

  async notifications(caller: Caller): Promise<NotificationsAnswer> {
    const person = this.person(caller);
    const [rows, unread] = await Promise.all([this.repo.notifications(person.accountId), this.repo.unread([person.accountId])]);
    const items: NotificationView[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      sessionId: r.sessionId,
      caseId: r.caseId,
      params: r.params as unknown as NotificationView['params'],
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    }));
    return { items, unread: unread[person.accountId] ?? 0 };
  }

  async markRead(caller: Caller, ids: string[] | undefined): Promise<void> {
    const person = this.person(caller);
    await this.repo.markRead(person.accountId, ids, this.now());
    await this.announce([person.accountId]);
  }

  /** The coming sessions the caller's bridge point or agency is invited to. */
  async invitations(caller: Caller): Promise<InvitationView[]> {
    const person = this.person(caller);
    const from = new Date(this.now().getTime() - 6 * 3600_000);
    if (person.role === 'AGENCY_REP' && person.agencyId) {
      const rows = await this.repo.agencyInvitations(person.agencyId, from);
      return rows.map((r) => ({ ...view(r.session), invitee: { kind: 'agency', name: r.agency.name }, invitedAt: iso(r.invitedAt), confirmedAt: iso(r.confirmedAt), readiness: null }));
    }
    if (person.siteKind !== 'BRIDGE_POINT') return [];
    const rows = await this.repo.siteInvitations(person.siteId, from);
    return rows.map((r) => ({ ...view(r.session), invitee: { kind: 'site', name: r.site.name }, invitedAt: iso(r.invitedAt), confirmedAt: iso(r.confirmedAt), readiness: readinessOf(r.session.readiness, person.siteId) }));
  }

  /** The caller's bridge point (its operator or secretary) or agency (its representative) attends. */
  async confirm(caller: Caller, sessionId: string): Promise<void> {
    const person = this.person(caller);
    const now = this.now();
    let done: boolean;
    if (person.role === 'AGENCY_REP' && person.agencyId) done = await this.repo.confirmAgency(sessionId, person.agencyId, person.accountId, now);
    else if ((person.role === 'BRIDGE_OPERATOR' || person.role === 'SECRETARY') && person.siteKind === 'BRIDGE_POINT') done = await this.repo.confirmSite(sessionId, person.siteId, person.accountId, now);
    else throw new AppError('FORBIDDEN', msg('invite.onlyInvitees'));
    if (!done) throw new AppError('NOT_FOUND', msg('invite.notInvited'));
  }

  /** For the people who schedule: per session, who was invited, who confirmed, who passed the test. */
  async attendance(caller: Caller, sessionId: string): Promise<SessionAttendance> {
    const person = this.person(caller);
    if (!hasPermission(person, 'schedule.manage')) throw new AppError('FORBIDDEN', msg('schedule.only'));
    const row = await this.repo.attendance(sessionId);
    if (!row || (!hasPermission(person, 'hub.administer') && row.hostSiteId !== person.siteId)) throw new AppError('NOT_FOUND', msg('schedule.sessionNotFound'));
    return {
      sessionId,
      sites: row.sites.map((s) => ({ id: s.site.id, name: s.site.name, invitedAt: iso(s.invitedAt), confirmedAt: iso(s.confirmedAt), readiness: readinessOf(row.readiness, s.site.id) })),
      agencies: row.agencies.map((a) => ({ id: a.agency.id, name: a.agency.name, invitedAt: iso(a.invitedAt), confirmedAt: iso(a.confirmedAt) })),
    };
  }

  private person(caller: Caller): Person {
    if (caller.kind !== 'person') throw new AppError('FORBIDDEN', msg('invite.onlyInvitees'));
    return caller;
  }

  private async announce(accountIds: string[]): Promise<void> {
    if (accountIds.length === 0) return;
    await this.events.publish('notifications.changed', { unread: await this.repo.unread(accountIds) });
  }
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

function view(s: { id: string; title: string; kind: InvitationView['kind']; scheduledStart: Date; scheduledEnd: Date | null; chair: { fullName: string }; hostSite: { name: string } }) {
  return { sessionId: s.id, title: s.title, kind: s.kind, startsAt: s.scheduledStart.toISOString(), endsAt: iso(s.scheduledEnd), chair: s.chair.fullName, hostSite: s.hostSite.name };
}
