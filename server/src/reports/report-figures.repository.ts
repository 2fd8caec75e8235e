// Every figure of the reports is one SQL aggregate over the stored records (never a counter kept on the
// side), so the page, the exports and the tests read the same definition. A period is half-open in
// instants ([since, until)) for visits and cases alike; the scope is a site, a district, or the city.
import { Prisma, type Db } from '../db/client.ts';

export interface ReportScope {
  since: Date;
  until: Date;
  siteId: string | null;
  district: string | null;
  /** "Today" for overdue: the day in Hà Nội as yyyy-mm-dd. */
  today: string;
}

export interface ReceptionRow {
  regular: boolean;
  delegated: boolean;
  visits: number;
  people: number;
  firstTime: number;
  repeated: number;
  delegations: number;
  delegationPeople: number;
  delegationsFirst: number;
  delegationsRepeated: number;
}

export interface HandlingRow {
  received: number;
  byOne: number;
  byMany: number;
  complaint: number;
  denunciation: number;
  recommendationFeedback: number;
  mixed: number;
  within: number;
  withinComplaint: number;
  withinDenunciation: number;
  withinRecommendationFeedback: number;
  withinMixed: number;
  accepted: number;
  guided: number;
  forwarded: number;
  undecided: number;
}

export interface FollowUpRow {
  agencyId: string;
  agencyName: string;
  assigned: number;
  resolved: number;
  resolvedOnTime: number;
  overdue: number;
  satisfied: number;
  partly: number;
  notSatisfied: number;
  notAnswered: number;
}

/** A delegation (đoàn đông người) is five people or more. */
export const DELEGATION_MIN = 5;

export class ReportFiguresRepository {
  constructor(private readonly db: Db) {}

  private scopeOf(alias: 'i' | 'c', s: ReportScope): Prisma.Sql {
    const site = s.siteId ? Prisma.sql`AND ${Prisma.raw(alias)}."siteId" = ${s.siteId}::uuid` : Prisma.empty;
    const district = s.district ? Prisma.sql`AND st.district = ${s.district}` : Prisma.empty;
    return Prisma.sql`${site} ${district}`;
  }

  /** Form 01/TCD: the period's visits, by regular reception or session, and by the leader in person or a deputy. */
  reception(s: ReportScope): Promise<ReceptionRow[]> {
    return this.db.$queryRaw<ReceptionRow[]>`
      SELECT (i."sessionId" IS NULL) AS "regular",
             (rs."standsInForId" IS NOT NULL) AS "delegated",
             count(*)::int AS "visits",
             coalesce(sum(i."delegationSize"), 0)::int AS "people",
             (count(*) FILTER (WHERE i."returningOfId" IS NULL))::int AS "firstTime",
             (count(*) FILTER (WHERE i."returningOfId" IS NOT NULL))::int AS "repeated",
             (count(*) FILTER (WHERE i."delegationSize" >= ${DELEGATION_MIN}))::int AS "delegations",
             coalesce(sum(i."delegationSize") FILTER (WHERE i."delegationSize" >= ${DELEGATION_MIN}), 0)::int AS "delegationPeople",
             (count(*) FILTER (WHERE i."delegationSize" >= ${DELEGATION_MIN} AND i."returningOfId" IS NULL))::int AS "delegationsFirst",
             (count(*) FILTER (WHERE i."delegationSize" >= ${DELEGATION_MIN} AND i."returningOfId" IS NOT NULL))::int AS "delegationsRepeated"
      FROM "Intake" i
      JOIN "Site" st ON st.id = i."siteId"
      LEFT JOIN "ReceptionSession" rs ON rs.id = i."sessionId"
      WHERE i."receivedAt" >= ${s.since} AND i."receivedAt" < ${s.until} ${this.scopeOf('i', s)}
      GROUP BY 1, 2`;
  }

  /**
   * The follow-up of the cases assigned in the period, per agency: resolved (a result recorded), on time (no
   * later than the nearer of the notice's and the legal deadline), overdue (open, a deadline before today),
   * and what the citizens said of the resolved ones.
   */
  followUp(s: ReportScope): Promise<FollowUpRow[]> {
    const today = new Date(`${s.today}T00:00:00Z`);
    return this.db.$queryRaw<FollowUpRow[]>`
      SELECT c."agencyId" AS "agencyId", a.name AS "agencyName",
             count(*)::int AS "assigned",
             (count(*) FILTER (WHERE c."resolvedDay" IS NOT NULL))::int AS "resolved",
             (count(*) FILTER (WHERE c."resolvedDay" IS NOT NULL
                AND c."resolvedDay" <= coalesce(least(c."noticeDeadline", c."legalDeadline"), c."resolvedDay")))::int AS "resolvedOnTime",
             (count(*) FILTER (WHERE c.status IN ('ASSIGNED', 'IN_PROGRESS')
                AND (c."noticeDeadline" < ${today}::date OR c."legalDeadline" < ${today}::date)))::int AS "overdue",
             (count(*) FILTER (WHERE c."resolvedDay" IS NOT NULL AND c.satisfaction = 'SATISFIED'))::int AS "satisfied",
             (count(*) FILTER (WHERE c."resolvedDay" IS NOT NULL AND c.satisfaction = 'PARTLY'))::int AS "partly",
             (count(*) FILTER (WHERE c."resolvedDay" IS NOT NULL AND c.satisfaction = 'NOT_SATISFIED'))::int AS "notSatisfied",
             (count(*) FILTER (WHERE c."resolvedDay" IS NOT NULL AND c.satisfaction IS NULL))::int AS "notAnswered"
      FROM "Case" c
      JOIN "Site" st ON st.id = c."siteId"
      JOIN "Agency" a ON a.id = c."agencyId"
      WHERE c."createdAt" >= ${s.since} AND c."createdAt" < ${s.until} ${this.scopeOf('c', s)}
      GROUP BY c."agencyId", a.name
      ORDER BY a.name`;
  }

  /** Form 01/XLD over the period's visits: one row of counts. */
  async handling(s: ReportScope): Promise<HandlingRow> {
    const [row] = await this.db.$queryRaw<HandlingRow[]>`
      SELECT count(*)::int AS "received",
             (count(*) FILTER (WHERE i."delegationSize" < ${DELEGATION_MIN}))::int AS "byOne",
             (count(*) FILTER (WHERE i."delegationSize" >= ${DELEGATION_MIN}))::int AS "byMany",
             (count(*) FILTER (WHERE i."petitionType" = 'COMPLAINT'))::int AS "complaint",
             (count(*) FILTER (WHERE i."petitionType" = 'DENUNCIATION'))::int AS "denunciation",
             (count(*) FILTER (WHERE i."petitionType" IN ('RECOMMENDATION', 'FEEDBACK')))::int AS "recommendationFeedback",
             (count(*) FILTER (WHERE i."petitionType" = 'MIXED'))::int AS "mixed",
             (count(*) FILTER (WHERE i.competent))::int AS "within",
             (count(*) FILTER (WHERE i.competent AND i."petitionType" = 'COMPLAINT'))::int AS "withinComplaint",
             (count(*) FILTER (WHERE i.competent AND i."petitionType" = 'DENUNCIATION'))::int AS "withinDenunciation",
             (count(*) FILTER (WHERE i.competent AND i."petitionType" IN ('RECOMMENDATION', 'FEEDBACK')))::int AS "withinRecommendationFeedback",
             (count(*) FILTER (WHERE i.competent AND i."petitionType" = 'MIXED'))::int AS "withinMixed",
             (count(*) FILTER (WHERE i.handling = 'ACCEPTED'))::int AS "accepted",
             (count(*) FILTER (WHERE i.handling = 'GUIDED'))::int AS "guided",
             (count(*) FILTER (WHERE i.handling = 'FORWARDED'))::int AS "forwarded",
             (count(*) FILTER (WHERE i.handling IS NULL))::int AS "undecided"
      FROM "Intake" i
      JOIN "Site" st ON st.id = i."siteId"
      WHERE i."receivedAt" >= ${s.since} AND i."receivedAt" < ${s.until} ${this.scopeOf('i', s)}`;
    return row!;
  }

  /** Visits per calendar month in Hà Nội (UTC+7, stored instants are UTC) and petition type. */
  monthly(s: ReportScope): Promise<{ month: string; petitionType: string; visits: number }[]> {
    return this.db.$queryRaw<{ month: string; petitionType: string; visits: number }[]>`
      SELECT to_char(i."receivedAt" + interval '7 hours', 'YYYY-MM') AS "month", i."petitionType"::text AS "petitionType", count(*)::int AS "visits"
      FROM "Intake" i
      JOIN "Site" st ON st.id = i."siteId"
      WHERE i."receivedAt" >= ${s.since} AND i."receivedAt" < ${s.until} ${this.scopeOf('i', s)}
      GROUP BY 1, 2
      ORDER BY 1`;
  }

  sites(onlyId: string | null): Promise<{ id: string; name: string; district: string | null }[]> {
    return this.db.site.findMany({ where: { active: true, ...(onlyId ? { id: onlyId } : {}) }, select: { id: true, name: true, district: true }, orderBy: [{ district: 'asc' }, { name: 'asc' }] });
  }
}
