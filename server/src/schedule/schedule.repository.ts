// Scheduled sessions and series in PostgreSQL. A change to a scheduled session is conditional on its
// status, in the same statement, so a session opened a moment ago is never rescheduled. A series' sessions
// are made and changed under a transaction-level lock on the series: two instances extending the same
// series make each occurrence once (and the (series, rule day) key would refuse a second anyway).
import { randomUUID } from 'node:crypto';
import type { Db, Prisma, SessionKind } from '../db/client.ts';
import { dateOfDay as dateOf, dayOfDate as asDay } from '../calendar/vietnam-clock.ts';


export const scheduledInclude = {
  chair: { select: { id: true, fullName: true } },
  standsInFor: { select: { id: true, fullName: true } },
  hostSite: { select: { id: true, code: true, name: true } },
  sites: { include: { site: { select: { id: true, code: true, name: true, district: true } } } },
  agencies: { include: { agency: { select: { id: true, name: true } } } },
  series: { select: { id: true, title: true } },
} satisfies Prisma.ReceptionSessionInclude;
export type ScheduledRow = Prisma.ReceptionSessionGetPayload<{ include: typeof scheduledInclude }>;

export const seriesInclude = {
  chair: { select: { id: true, fullName: true } },
  hostSite: { select: { id: true, code: true, name: true } },
  sites: { include: { site: { select: { id: true, code: true, name: true, district: true } } } },
  agencies: { include: { agency: { select: { id: true, name: true } } } },
  exceptions: { select: { ruleDate: true } },
} satisfies Prisma.SessionSeriesInclude;
export type SeriesRow = Prisma.SessionSeriesGetPayload<{ include: typeof seriesInclude }>;

/** What a session is given when scheduled, alone or as an occurrence. */
export interface SessionPlan {
  title: string;
  kind: SessionKind;
  chairId: string;
  standsInForId: string | null;
  hostSiteId: string;
  topic: string | null;
  turnSeconds: number;
  siteIds: string[];
  agencyIds: string[];
}

export interface Timing {
  scheduledStart: Date;
  scheduledEnd: Date;
}

/** One occurrence of a series to exist as a session. */
export interface OccurrenceRow extends Timing {
  ruleDate: string;
  shiftedFrom: string | null;
  shiftHoliday: string | null;
}

export interface SeriesData {
  title: string;
  kind: SessionKind;
  recurrence: Prisma.InputJsonValue;
  rule: string;
  startDate: string;
  untilDate: string | null;
  startTime: string;
  durationMinutes: number;
  chairId: string;
  hostSiteId: string;
  turnSeconds: number;
  topic: string | null;
  siteIds: string[];
  agencyIds: string[];
}

type Tx = Prisma.TransactionClient;

function sessionData(plan: SessionPlan, timing: Timing) {
  return {
    title: plan.title,
    kind: plan.kind,
    chairId: plan.chairId,
    standsInForId: plan.standsInForId,
    hostSiteId: plan.hostSiteId,
    topic: plan.topic,
    turnSeconds: plan.turnSeconds,
    scheduledStart: timing.scheduledStart,
    scheduledEnd: timing.scheduledEnd,
  };
}

async function replaceSitesAndAgencies(tx: Tx, sessionId: string, plan: Pick<SessionPlan, 'siteIds' | 'agencyIds'>): Promise<void> {
  await tx.sessionSite.deleteMany({ where: { sessionId } });
  await tx.sessionAgency.deleteMany({ where: { sessionId } });
  await tx.sessionSite.createMany({ data: plan.siteIds.map((siteId) => ({ sessionId, siteId })) });
  await tx.sessionAgency.createMany({ data: plan.agencyIds.map((agencyId) => ({ sessionId, agencyId })) });
}

export type Guarded<T> = { ok: true; value: T } | { ok: false; reason: 'notFound' | 'notScheduled' };

export class ScheduleRepository {
  constructor(private readonly db: Db) {}

  options() {
    return Promise.all([
      this.db.account.findMany({ where: { role: 'CHAIR', active: true }, select: { id: true, fullName: true }, orderBy: { fullName: 'asc' } }),
      this.db.site.findMany({ where: { active: true }, select: { id: true, code: true, name: true, kind: true, district: true }, orderBy: { code: 'asc' } }),
      this.db.district.findMany({ where: { active: true }, select: { name: true } }),
      this.db.agency.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    ]);
  }

  account(id: string) {
    return this.db.account.findUnique({ where: { id }, select: { id: true, fullName: true, role: true, active: true } });
  }

  sites(ids: string[]) {
    return this.db.site.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, kind: true, active: true, district: true } });
  }

  /** Active bridge points, all of them or those of some districts. */
  bridgePoints(districts: string[] | null) {
    return this.db.site.findMany({ where: { kind: 'BRIDGE_POINT', active: true, ...(districts ? { district: { in: districts } } : {}) }, select: { id: true } });
  }

  agencies(ids: string[]) {
    return this.db.agency.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, active: true } });
  }

  session(id: string): Promise<ScheduledRow | null> {
    return this.db.receptionSession.findUnique({ where: { id }, include: scheduledInclude });
  }

  /** Sessions starting in a window, cancelled ones included, for the people who schedule them. */
  sessionsBetween(where: Prisma.ReceptionSessionWhereInput, from: Date, until: Date): Promise<ScheduledRow[]> {
    return this.db.receptionSession.findMany({ where: { AND: [where, { scheduledStart: { gte: from, lt: until } }] }, include: scheduledInclude, orderBy: { scheduledStart: 'asc' }, take: 500 });
  }

  /** The coming sessions, not cancelled, for the public schedule. */
  publicSessions(from: Date, until: Date): Promise<ScheduledRow[]> {
    return this.db.receptionSession.findMany({ where: { cancelledAt: null, status: { not: 'CLOSED' }, scheduledStart: { gte: from, lt: until } }, include: scheduledInclude, orderBy: { scheduledStart: 'asc' }, take: 300 });
  }

  async createSession(plan: SessionPlan, timing: Timing, createdById: string): Promise<string> {
    const id = randomUUID();
    await this.db.$transaction(async (tx) => {
      await tx.receptionSession.create({ data: { id, ...sessionData(plan, timing), roomName: `tiepdan-${id}`, createdById } });
      await replaceSitesAndAgencies(tx, id, plan);
    });
    return id;
  }

  /** Changes a session that is still scheduled (checked in the update itself) and detaches it from its series. */
  changeSession(id: string, plan: SessionPlan, timing: Timing): Promise<Guarded<void>> {
    return this.db.$transaction(async (tx) => {
      const changed = await tx.receptionSession.updateMany({ where: { id, status: 'SCHEDULED', cancelledAt: null }, data: { ...sessionData(plan, timing), detached: true } });
      if (changed.count === 0) return { ok: false, reason: (await tx.receptionSession.count({ where: { id } })) ? 'notScheduled' : 'notFound' } as const;
      await replaceSitesAndAgencies(tx, id, plan);
      return { ok: true, value: undefined } as const;
    });
  }

  /** Cancels a scheduled session; a series' occurrence also becomes an exception, so it is not made again. */
  cancelSession(id: string, reason: string, now: Date): Promise<Guarded<ScheduledRow>> {
    return this.db.$transaction(async (tx) => {
      const changed = await tx.receptionSession.updateMany({ where: { id, status: 'SCHEDULED', cancelledAt: null }, data: { cancelledAt: now, cancelReason: reason } });
      if (changed.count === 0) return { ok: false, reason: (await tx.receptionSession.count({ where: { id } })) ? 'notScheduled' : 'notFound' } as const;
      const row = await tx.receptionSession.findUniqueOrThrow({ where: { id }, include: scheduledInclude });
      if (row.seriesId && row.ruleDate) {
        await tx.seriesException.upsert({ where: { seriesId_ruleDate: { seriesId: row.seriesId, ruleDate: row.ruleDate } }, create: { seriesId: row.seriesId, ruleDate: row.ruleDate, reason }, update: { reason } });
      }
      return { ok: true, value: row } as const;
    });
  }

  series(id: string): Promise<SeriesRow | null> {
    return this.db.sessionSeries.findUnique({ where: { id }, include: seriesInclude });
  }

  allSeries(where: Prisma.SessionSeriesWhereInput): Promise<SeriesRow[]> {
    return this.db.sessionSeries.findMany({ where, include: seriesInclude, orderBy: { createdAt: 'desc' }, take: 200 });
  }

  /** Series still running (not ended), for the sweep that makes their coming sessions. */
  async runningSeriesIds(): Promise<string[]> {
    return (await this.db.sessionSeries.findMany({ where: { endedAt: null }, select: { id: true } })).map((s) => s.id);
  }

  async createSeries(data: SeriesData, createdById: string): Promise<string> {
    const id = randomUUID();
    const { siteIds, agencyIds, startDate, untilDate, ...rest } = data;
    await this.db.sessionSeries.create({
      data: {
        id,
        ...rest,
        startDate: dateOf(startDate),
        untilDate: untilDate ? dateOf(untilDate) : null,
        createdById,
        sites: { createMany: { data: siteIds.map((siteId) => ({ siteId })) } },
        agencies: { createMany: { data: agencyIds.map((agencyId) => ({ agencyId })) } },
      },
    });
    return id;
  }

  async updateSeries(id: string, data: SeriesData): Promise<void> {
    const { siteIds, agencyIds, startDate, untilDate, ...rest } = data;
    await this.db.$transaction(async (tx) => {
      await tx.sessionSeries.update({ where: { id }, data: { ...rest, startDate: dateOf(startDate), untilDate: untilDate ? dateOf(untilDate) : null } });
      await tx.seriesSite.deleteMany({ where: { seriesId: id } });
      await tx.seriesAgency.deleteMany({ where: { seriesId: id } });
      await tx.seriesSite.createMany({ data: siteIds.map((siteId) => ({ seriesId: id, siteId })) });
      await tx.seriesAgency.createMany({ data: agencyIds.map((agencyId) => ({ seriesId: id, agencyId })) });
    });
  }

  async endSeries(id: string, now: Date): Promise<void> {
    await this.db.sessionSeries.update({ where: { id }, data: { endedAt: now } });
  }

  /**
   * Brings a series' coming sessions in line with its occurrences (`wanted`, from `from` on): the missing
   * ones are made; the scheduled, not individually changed ones are updated or, when the rule no longer
   * gives their day, removed (cancelled instead if citizens registered for them). Sessions that are open,
   * live, closed, cancelled or changed on their own are never touched. Returns the sessions made.
   */
  syncSeries(seriesId: string, plan: SessionPlan, wanted: OccurrenceRow[], from: Date): Promise<number> {
    return this.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`tiepdan:series:${seriesId}`}))::text AS locked`;
      const existing = await tx.receptionSession.findMany({
        where: { seriesId, scheduledStart: { gte: from } },
        select: { id: true, ruleDate: true, status: true, detached: true, cancelledAt: true, _count: { select: { registrations: true } } },
      });
      const all = await tx.receptionSession.findMany({ where: { seriesId }, select: { ruleDate: true } });
      const known = new Set(all.map((s) => (s.ruleDate ? asDay(s.ruleDate) : '')));
      const byDay = new Map(wanted.map((w) => [w.ruleDate, w]));
      for (const s of existing) {
        if (s.status !== 'SCHEDULED' || s.detached || s.cancelledAt || !s.ruleDate) continue;
        const w = byDay.get(asDay(s.ruleDate));
        if (w) {
          await tx.receptionSession.update({ where: { id: s.id }, data: { ...sessionData(plan, w), shiftedFrom: w.shiftedFrom ? dateOf(w.shiftedFrom) : null, shiftHoliday: w.shiftHoliday } });
          await replaceSitesAndAgencies(tx, s.id, plan);
        } else if (s._count.registrations === 0) {
          await tx.receptionSession.delete({ where: { id: s.id } });
          known.delete(asDay(s.ruleDate));
        } else {
          await tx.receptionSession.update({ where: { id: s.id }, data: { cancelledAt: new Date(), cancelReason: 'Lịch lặp đã thay đổi; ngày này không còn trong lịch.' } });
        }
      }
      let made = 0;
      for (const w of wanted) {
        if (known.has(w.ruleDate)) continue;
        const id = randomUUID();
        await tx.receptionSession.create({
          data: { id, ...sessionData(plan, w), roomName: `tiepdan-${id}`, seriesId, ruleDate: dateOf(w.ruleDate), shiftedFrom: w.shiftedFrom ? dateOf(w.shiftedFrom) : null, shiftHoliday: w.shiftHoliday },
        });
        await replaceSitesAndAgencies(tx, id, plan);
        made++;
      }
      return made;
    });
  }
}
