// Scheduling: single sessions and recurring series, by a moderator (for their own host office) or an
// administrator. Every request is checked as a whole before anything is saved: the chair is a CHAIR, the
// host a host office, the sites active bridge points, the end after the start, the rule gives a date.
import type { z } from 'zod';
import {
  msg,
  type CalendarEntry,
  type ChangeSeriesRequest,
  type ChangeSessionRequest,
  type Occurrence,
  type PreviewAnswer,
  type PublicSession,
  type Recurrence,
  type ScheduledSession,
  type ScheduleOptions,
  type ScheduleSeriesFields,
  type ScheduleSessionFields,
  type SeriesView,
  type SiteChoice,
} from '../../../protocol/index.ts';
import type { Caller, Person } from '../access/caller.ts';
import { visibleSessions } from '../access/access.repository.ts';
import { hasPermission } from '../access/permissions.ts';
import { occurrencesOf, ruleText, type SeriesTiming } from '../calendar/recurrence.ts';
import type { HolidaysRepository } from '../calendar/holidays.repository.ts';
import { vietnamHolidays } from '../calendar/vietnam-holidays.ts';
import { clockOf, dayOfDate, minutesOf, vietnamDay, vietnamInstant, vietnamTime } from '../calendar/vietnam-clock.ts';
import { addDays } from '../calendar/working-days.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { OccurrenceRow, ScheduledRow, ScheduleRepository, SeriesRow, SessionPlan, Timing } from './schedule.repository.ts';

/** How far ahead a series' sessions exist as rows (invitations go out a week or so before). */
export const SERIES_HORIZON_DAYS = 42;
const dayOf = (d: Date | null): string | null => (d ? dayOfDate(d) : null);

type SessionChange = z.output<typeof ChangeSessionRequest>;
type SeriesChange = z.output<typeof ChangeSeriesRequest>;

export class ScheduleService {
  constructor(
    private readonly repo: ScheduleRepository,
    private readonly holidays: HolidaysRepository,
    private readonly now: () => Date = () => new Date(),
    private readonly events?: EventBus,
    /** The speaking time a new session starts with (the office's setting), for the form. */
    private readonly defaultTurnMinutes: () => Promise<number> = async () => 5,
  ) {}

  /** Vietnam's days off for this year and the next, seeded once per year (then editable). */
  async seedHolidays(): Promise<number> {
    const year = Number(vietnamDay(this.now()).slice(0, 4));
    return this.holidays.seedYears([year, year + 1], vietnamHolidays);
  }

  async options(caller: Caller): Promise<ScheduleOptions> {
    this.scheduler(caller);
    const [chairs, sites, districts, agencies] = await this.repo.options();
    const today = vietnamDay(this.now());
    return {
      chairs,
      hostSites: sites.filter((s) => s.kind === 'HOST_OFFICE').map(({ id, code, name }) => ({ id, code, name })),
      bridgeSites: sites.filter((s) => s.kind === 'BRIDGE_POINT').map(({ id, code, name, district }) => ({ id, code, name, district })),
      districts: districts.map((d) => d.name).sort((a, b) => a.localeCompare(b, 'vi')),
      agencies,
      holidays: await this.holidays.between(today, addDays(today, 400)),
      defaultTurnMinutes: await this.defaultTurnMinutes(),
    };
  }

  async preview(caller: Caller, timing: SeriesTiming, count: number): Promise<PreviewAnswer> {
    this.scheduler(caller);
    const occurrences = occurrencesOf(timing, { limit: count }, await this.holidays.lookup());
    if (occurrences.length === 0) throw noDates(timing);
    return { occurrences, rule: ruleText(timing) };
  }

  /** The sessions from a week ago to four months ahead that the caller schedules (cancelled ones included). */
  async sessions(caller: Caller): Promise<ScheduledSession[]> {
    const person = this.scheduler(caller);
    const now = this.now();
    const rows = await this.repo.sessionsBetween(this.scope(person), new Date(now.getTime() - 7 * 86_400_000), new Date(now.getTime() + 120 * 86_400_000));
    return rows.map(toScheduled);
  }

  async createSession(caller: Caller, req: ScheduleSessionFields): Promise<ScheduledSession> {
    const person = this.scheduler(caller);
    const plan = await this.checkPlan(person, req);
    const timing = this.checkTiming(req.date, req.startTime, req.endTime);
    const id = await this.repo.createSession(plan, timing, person.accountId);
    await this.events?.publish('schedule.changed', { sessionIds: [id] });
    return toScheduled((await this.repo.session(id))!);
  }

  /** Reschedules or changes one scheduled session; a series' occurrence then keeps its own settings. */
  async changeSession(caller: Caller, id: string, change: SessionChange): Promise<ScheduledSession> {
    const person = this.scheduler(caller);
    const row = await this.own(person, id);
    if (row.status !== 'SCHEDULED' || row.cancelledAt) throw notScheduled(row);
    const current = currentFields(row);
    const merged = { ...current, ...change };
    const plan = await this.checkPlan(person, merged, row);
    const timing = this.checkTiming(merged.date, merged.startTime, merged.endTime);
    const saved = await this.repo.changeSession(id, plan, timing);
    if (!saved.ok) throw saved.reason === 'notFound' ? notFound() : notScheduled(row);
    await this.events?.publish('schedule.changed', { sessionIds: [id] });
    return toScheduled((await this.repo.session(id))!);
  }

  async cancelSession(caller: Caller, id: string, reason: string): Promise<ScheduledSession> {
    const person = this.scheduler(caller);
    const row = await this.own(person, id);
    const done = await this.repo.cancelSession(id, reason, this.now());
    if (!done.ok) throw done.reason === 'notFound' ? notFound() : notScheduled(row);
    await this.events?.publish('schedule.cancelled', { sessionId: id });
    return toScheduled(done.value);
  }

  async allSeries(caller: Caller): Promise<SeriesView[]> {
    const person = this.scheduler(caller);
    const lookup = await this.holidays.lookup();
    const rows = await this.repo.allSeries(hasPermission(person, 'hub.administer') ? {} : { hostSiteId: person.siteId });
    return rows.map((r) => this.seriesView(r, lookup));
  }

  async createSeries(caller: Caller, req: ScheduleSeriesFields): Promise<SeriesView> {
    const person = this.scheduler(caller);
    const plan = await this.checkPlan(person, req);
    this.checkClock(req.startTime, req.endTime);
    const timing: SeriesTiming = { recurrence: req.recurrence, startDate: req.startDate, untilDate: req.untilDate, time: req.startTime };
    const lookup = await this.holidays.lookup();
    if (occurrencesOf(timing, { limit: 1, from: vietnamDay(this.now()) }, lookup).length === 0) throw noDates(timing);
    const id = await this.repo.createSeries(seriesData(plan, timing, req.startTime, req.endTime), person.accountId);
    await this.extendSeries(id);
    return this.seriesView((await this.repo.series(id))!, lookup);
  }

  /** A change of the series: its future scheduled sessions follow; held and individually changed ones stay. */
  async changeSeries(caller: Caller, id: string, change: SeriesChange): Promise<SeriesView> {
    const person = this.scheduler(caller);
    const row = await this.ownSeries(person, id);
    const current = seriesFields(row);
    const merged = { ...current, ...change };
    const plan = await this.checkPlan(person, merged);
    this.checkClock(merged.startTime, merged.endTime);
    const timing: SeriesTiming = { recurrence: merged.recurrence, startDate: merged.startDate, untilDate: merged.untilDate, time: merged.startTime };
    const lookup = await this.holidays.lookup();
    if (occurrencesOf(timing, { limit: 1, from: vietnamDay(this.now()) }, lookup).length === 0) throw noDates(timing);
    await this.repo.updateSeries(id, seriesData(plan, timing, merged.startTime, merged.endTime));
    await this.extendSeries(id);
    return this.seriesView((await this.repo.series(id))!, lookup);
  }

  async endSeries(caller: Caller, id: string): Promise<void> {
    const person = this.scheduler(caller);
    await this.ownSeries(person, id);
    await this.repo.endSeries(id, this.now());
  }

  /** Makes (and updates) a series' sessions for the coming weeks; run at every change and by the sweep. */
  async extendSeries(id: string): Promise<number> {
    const made = await this.syncSeries(id);
    await this.events?.publish('schedule.changed', { sessionIds: [] });
    return made;
  }

  /** Every running series, then one announcement (invitations that fell due go out once, not per series). */
  async extendAllSeries(): Promise<number> {
    let made = 0;
    for (const id of await this.repo.runningSeriesIds()) made += await this.syncSeries(id);
    await this.events?.publish('schedule.changed', { sessionIds: [] });
    return made;
  }

  private async syncSeries(id: string): Promise<number> {
    const row = await this.repo.series(id);
    if (!row || row.endedAt) return 0;
    const { plan, timing, durationMinutes } = planOfSeries(row);
    const today = vietnamDay(this.now());
    const lookup = await this.holidays.lookup();
    const skip = new Set(row.exceptions.map((e) => dayOf(e.ruleDate)!));
    const found = occurrencesOf(timing, { from: today, through: addDays(today, SERIES_HORIZON_DAYS), limit: 200, skip }, lookup);
    // At least the next one exists, even for a series whose next date is further away than the horizon.
    const wanted = found.length > 0 ? found : occurrencesOf(timing, { from: today, limit: 1, skip }, lookup);
    const rows: OccurrenceRow[] = wanted.map((o) => occurrenceRow(o, durationMinutes));
    return this.repo.syncSeries(id, plan, rows, vietnamInstant(today));
  }

  /** The sessions a person sees between two days (Vietnam's), for the calendar; cancelled ones marked. */
  async calendar(caller: Caller, from: string, to: string): Promise<CalendarEntry[]> {
    if (caller.kind !== 'person') throw new AppError('FORBIDDEN', msg('schedule.only'));
    const last = to < from ? from : to > addDays(from, 100) ? addDays(from, 100) : to;
    const rows = await this.repo.sessionsBetween(visibleSessions(caller), vietnamInstant(from, '00:00'), vietnamInstant(addDays(last, 1), '00:00'));
    return rows.map(toScheduled).map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      status: s.status,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      chair: s.chair,
      hostSite: { id: s.hostSite.id, name: s.hostSite.name },
      siteIds: s.sites.map((x) => x.id),
      sites: s.sites.length,
      cancelled: s.cancelledAt !== null,
      shiftedFrom: s.shiftedFrom,
    }));
  }

  /** The coming sessions as the law requires them posted: kind, leader, place, time, bridge points. */
  async publicSchedule(): Promise<PublicSession[]> {
    const now = this.now();
    const rows = await this.repo.publicSessions(new Date(now.getTime() - 12 * 3600_000), new Date(now.getTime() + 92 * 86_400_000));
    return rows.map((r) => ({
      date: vietnamDay(r.scheduledStart),
      startsAt: r.scheduledStart.toISOString(),
      endsAt: r.scheduledEnd?.toISOString() ?? null,
      kind: r.kind,
      title: r.title,
      leader: r.standsInFor ? `${r.chair.fullName} (chủ trì thay ${r.standsInFor.fullName})` : r.chair.fullName,
      place: r.hostSite.name,
      bridgePoints: r.sites.map((s) => s.site.name).sort((a, b) => a.localeCompare(b, 'vi')),
    }));
  }

  // -------------------------------------------------------------------------------------------

  private scheduler(caller: Caller): Person {
    if (caller.kind !== 'person' || !hasPermission(caller, 'schedule.manage')) throw new AppError('FORBIDDEN', msg('schedule.only'));
    return caller;
  }

  /** An administrator schedules for the whole city; a moderator for the host office they work at. */
  private scope(person: Person) {
    return hasPermission(person, 'hub.administer') ? visibleSessions(person) : { hostSiteId: person.siteId };
  }

  private async own(person: Person, id: string): Promise<ScheduledRow> {
    const row = await this.repo.session(id);
    if (!row || (!hasPermission(person, 'hub.administer') && row.hostSiteId !== person.siteId)) throw notFound();
    return row;
  }

  private async ownSeries(person: Person, id: string): Promise<SeriesRow> {
    const row = await this.repo.series(id);
    if (!row || (!hasPermission(person, 'hub.administer') && row.hostSiteId !== person.siteId)) throw new AppError('NOT_FOUND', msg('schedule.seriesNotFound'));
    return row;
  }

  private checkClock(start: string, end: string): number {
    const minutes = minutesOf(end) - minutesOf(start);
    if (minutes <= 0) throw new AppError('BAD_REQUEST', msg('schedule.endBeforeStart', { start, end }), { details: { endTime: msg('schedule.endBeforeStart', { start, end }) } });
    return minutes;
  }

  private checkTiming(date: string, start: string, end: string): Timing {
    this.checkClock(start, end);
    const scheduledStart = vietnamInstant(date, start);
    if (scheduledStart.getTime() < this.now().getTime() - 5 * 60_000) {
      throw new AppError('BAD_REQUEST', msg('schedule.inPast', { when: `${start} ${date.split('-').reverse().join('/')}` }));
    }
    return { scheduledStart, scheduledEnd: vietnamInstant(date, end) };
  }

  /** Who chairs, where, with whom: checked as a whole before anything is saved. */
  private async checkPlan(
    person: Person,
    req: { title: string; kind: ScheduleSessionFields['kind']; chairId: string; standsInForId: string | null; hostSiteId: string; sites: SiteChoice; agencyIds: string[]; topic: string | null; turnMinutes: number },
    existing?: ScheduledRow,
  ): Promise<SessionPlan> {
    if (!hasPermission(person, 'hub.administer') && req.hostSiteId !== person.siteId) throw new AppError('FORBIDDEN', msg('schedule.ownHostOnly'));
    const chair = await this.repo.account(req.chairId);
    if (!chair || !chair.active || chair.role !== 'CHAIR') throw new AppError('BAD_REQUEST', msg('schedule.chairNotChair', { name: chair?.fullName ?? req.chairId }), { details: { chairId: msg('schedule.chairNotChair', { name: chair?.fullName ?? '' }) } });
    if (req.standsInForId) {
      if (req.standsInForId === req.chairId) throw new AppError('BAD_REQUEST', msg('schedule.deputySameAsChair'));
      const leader = await this.repo.account(req.standsInForId);
      if (!leader) throw new AppError('BAD_REQUEST', msg('schedule.chairNotChair', { name: req.standsInForId }));
    }
    const [host] = await this.repo.sites([req.hostSiteId]);
    if (!host || host.kind !== 'HOST_OFFICE') throw new AppError('BAD_REQUEST', msg('schedule.hostNotHost', { name: host?.name ?? req.hostSiteId }));
    if (!host.active) throw new AppError('BAD_REQUEST', msg('admin.siteInactive', { name: host.name }));
    const siteIds = await this.resolveSites(req.sites, existing);
    const agencies = await this.repo.agencies(req.agencyIds);
    for (const a of agencies) if (!a.active && !existing?.agencies.some((x) => x.agency.id === a.id)) throw new AppError('BAD_REQUEST', msg('schedule.agencyInactive', { name: a.name }));
    if (agencies.length !== new Set(req.agencyIds).size) throw new AppError('BAD_REQUEST', msg('admin.agencyNotFound'));
    return { title: req.title, kind: req.kind, chairId: req.chairId, standsInForId: req.standsInForId, hostSiteId: req.hostSiteId, topic: req.topic, turnSeconds: req.turnMinutes * 60, siteIds, agencyIds: [...new Set(req.agencyIds)] };
  }

  private async resolveSites(choice: SiteChoice, existing?: ScheduledRow): Promise<string[]> {
    let ids: string[];
    if (choice.mode === 'picked') {
      const sites = await this.repo.sites([...new Set(choice.siteIds)]);
      if (sites.length !== new Set(choice.siteIds).size) throw new AppError('BAD_REQUEST', msg('admin.siteNotFound'));
      for (const s of sites) {
        if (s.kind !== 'BRIDGE_POINT') throw new AppError('BAD_REQUEST', msg('schedule.siteNotBridge', { name: s.name }));
        // A site that was deactivated after it was invited may stay; a new one must be active.
        if (!s.active && !existing?.sites.some((x) => x.site.id === s.id)) throw new AppError('BAD_REQUEST', msg('admin.siteInactive', { name: s.name }));
      }
      ids = sites.map((s) => s.id);
    } else {
      ids = (await this.repo.bridgePoints(choice.mode === 'districts' ? choice.districts : null)).map((s) => s.id);
    }
    if (ids.length === 0) throw new AppError('BAD_REQUEST', msg('schedule.noSites'));
    return ids;
  }

  private seriesView(row: SeriesRow, lookup: (day: string) => string | undefined): SeriesView {
    const { timing } = planOfSeries(row);
    const skip = new Set(row.exceptions.map((e) => dayOf(e.ruleDate)!));
    const end = minutesOf(row.startTime) + row.durationMinutes;
    return {
      id: row.id,
      title: row.title,
      kind: row.kind,
      recurrence: row.recurrence as Recurrence,
      rule: row.rule,
      startDate: dayOf(row.startDate)!,
      untilDate: dayOf(row.untilDate),
      startTime: row.startTime,
      endTime: clockOf(end),
      chair: row.chair,
      hostSite: row.hostSite,
      sites: row.sites.map((s) => s.site),
      agencies: row.agencies.map((a) => a.agency),
      topic: row.topic,
      turnMinutes: Math.round(row.turnSeconds / 60),
      endedAt: row.endedAt?.toISOString() ?? null,
      next: row.endedAt ? [] : occurrencesOf(timing, { from: vietnamDay(this.now()), limit: 12, skip }, lookup),
    };
  }
}

function planOfSeries(row: SeriesRow): { plan: SessionPlan; timing: SeriesTiming; durationMinutes: number } {
  return {
    plan: {
      title: row.title,
      kind: row.kind,
      chairId: row.chairId,
      standsInForId: null,
      hostSiteId: row.hostSiteId,
      topic: row.topic,
      turnSeconds: row.turnSeconds,
      siteIds: row.sites.map((s) => s.site.id),
      agencyIds: row.agencies.map((a) => a.agency.id),
    },
    timing: { recurrence: row.recurrence as Recurrence, startDate: dayOf(row.startDate)!, untilDate: dayOf(row.untilDate), time: row.startTime },
    durationMinutes: row.durationMinutes,
  };
}

function seriesData(plan: SessionPlan, timing: SeriesTiming, start: string, end: string) {
  return {
    title: plan.title,
    kind: plan.kind,
    recurrence: timing.recurrence,
    rule: ruleText(timing),
    startDate: timing.startDate,
    untilDate: timing.untilDate,
    startTime: start,
    durationMinutes: minutesOf(end) - minutesOf(start),
    chairId: plan.chairId,
    hostSiteId: plan.hostSiteId,
    turnSeconds: plan.turnSeconds,
    topic: plan.topic,
    siteIds: plan.siteIds,
    agencyIds: plan.agencyIds,
  };
}

function occurrenceRow(o: Occurrence, durationMinutes: number): OccurrenceRow {
  const start = new Date(o.startsAt);
  return { ruleDate: o.shiftedFrom ?? o.date, scheduledStart: start, scheduledEnd: new Date(start.getTime() + durationMinutes * 60_000), shiftedFrom: o.shiftedFrom, shiftHoliday: o.holiday };
}

/** A scheduled session's fields in the request's shape, so a change can send only what changes. */
function currentFields(row: ScheduledRow) {
  return {
    title: row.title,
    kind: row.kind,
    chairId: row.chairId,
    standsInForId: row.standsInForId,
    hostSiteId: row.hostSiteId,
    sites: { mode: 'picked', siteIds: row.sites.map((s) => s.site.id) } as SiteChoice,
    agencyIds: row.agencies.map((a) => a.agency.id),
    topic: row.topic,
    turnMinutes: Math.round(row.turnSeconds / 60),
    date: vietnamDay(row.scheduledStart),
    startTime: vietnamTime(row.scheduledStart),
    endTime: row.scheduledEnd ? vietnamTime(row.scheduledEnd) : vietnamTime(new Date(row.scheduledStart.getTime() + 3 * 3600_000)),
  };
}

function seriesFields(row: SeriesRow) {
  const end = minutesOf(row.startTime) + row.durationMinutes;
  return {
    title: row.title,
    kind: row.kind,
    chairId: row.chairId,
    standsInForId: null,
    hostSiteId: row.hostSiteId,
    sites: { mode: 'picked', siteIds: row.sites.map((s) => s.site.id) } as SiteChoice,
    agencyIds: row.agencies.map((a) => a.agency.id),
    topic: row.topic,
    turnMinutes: Math.round(row.turnSeconds / 60),
    recurrence: row.recurrence as Recurrence,
    startDate: dayOf(row.startDate)!,
    untilDate: dayOf(row.untilDate),
    startTime: row.startTime,
    endTime: clockOf(end),
  };
}

export function toScheduled(r: ScheduledRow): ScheduledSession {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    startsAt: r.scheduledStart.toISOString(),
    endsAt: r.scheduledEnd?.toISOString() ?? null,
    date: vietnamDay(r.scheduledStart),
    chair: r.chair,
    standsInFor: r.standsInFor,
    hostSite: r.hostSite,
    sites: r.sites.map((s) => s.site),
    agencies: r.agencies.map((a) => a.agency),
    topic: r.topic,
    turnMinutes: Math.round(r.turnSeconds / 60),
    series: r.series,
    shiftedFrom: dayOf(r.shiftedFrom),
    shiftHoliday: r.shiftHoliday,
    detached: r.detached,
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    cancelReason: r.cancelReason,
  };
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', msg('schedule.sessionNotFound'));
}

function notScheduled(row: { cancelledAt: Date | null }): AppError {
  return new AppError('CONFLICT', row.cancelledAt ? msg('schedule.cancelled') : msg('schedule.notScheduled'));
}

function noDates(t: SeriesTiming): AppError {
  const from = t.startDate.split('-').reverse().join('/');
  const until = t.untilDate ? msg('schedule.untilPart', { until: t.untilDate.split('-').reverse().join('/') }) : '';
  return new AppError('BAD_REQUEST', msg('schedule.noDates', { from, until }));
}
