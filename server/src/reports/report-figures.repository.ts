// Every figure of the reports is one SQL aggregate over the stored records (never a counter kept on the
// side), so the page, the exports and the tests read the same definition. A period is half-open in
// instants ([since, until)) for visits and cases alike; the scope is a site, a district, or the city.
import { CASE_FIGURES, HANDLING_FIGURES, VISIT_MEASURES, VISIT_PARTS, type CaseFigure, type HandlingFigure, type SessionFigure, type VisitMeasure, type VisitPart } from '../../../protocol/index.ts';
import { Prisma, type Db } from '../db/client.ts';

export interface ReportScope {
  since: Date;
  until: Date;
  siteId: string | null;
  district: string | null;
  /** "Today" for overdue: the day in Hà Nội as yyyy-mm-dd. */
  today: string;
}

/** Form 01/TCD's counts, keyed "part.measure", and the people of each part ("part.people", "part.delegationPeople"). */
export type ReceptionRow = Record<string, number>;

export type HandlingRow = Record<HandlingFigure, number>;

export interface LeaderRow {
  id: string;
  fullName: string;
  siteName: string;
  inPerson: number;
  delegated: number;
  days: number;
  matters: number;
  people: number;
}

export interface DialogueRow {
  area: string | null;
  withGroup: string | null;
  conferences: number;
  opinions: number;
  answered: number;
  assigned: number;
  resolved: number;
}

export interface SessionRecordRow {
  id: string;
  title: string;
  startedAt: Date;
  chair: string;
  standsInFor: string | null;
  turns: number;
  people: number;
  assigned: number;
}

export type FollowUpRow = { agencyId: string; agencyName: string } & Record<CaseFigure, number>;

/** A delegation (đoàn đông người) is five people or more. */
export const DELEGATION_MIN = 5;

// One definition of each figure: a condition on a visit (alias i, its session rs) or a case (alias c). The
// aggregates count the rows that meet it; the drill-down lists the same rows. Never a counter kept aside.
const delegation = Prisma.sql`i."delegationSize" >= ${DELEGATION_MIN}`;
export const VISIT_PART_SQL: Record<VisitPart, Prisma.Sql> = {
  regular: Prisma.sql`i."sessionId" IS NULL`,
  byHead: Prisma.sql`(i."sessionId" IS NOT NULL AND rs."standsInForId" IS NULL)`,
  delegated: Prisma.sql`rs."standsInForId" IS NOT NULL`,
  total: Prisma.sql`TRUE`,
};
export const VISIT_MEASURE_SQL: Record<VisitMeasure, Prisma.Sql> = {
  visits: Prisma.sql`TRUE`,
  firstTime: Prisma.sql`i."returningOfId" IS NULL`,
  repeated: Prisma.sql`i."returningOfId" IS NOT NULL`,
  delegations: delegation,
  delegationsFirst: Prisma.sql`(${delegation} AND i."returningOfId" IS NULL)`,
  delegationsRepeated: Prisma.sql`(${delegation} AND i."returningOfId" IS NOT NULL)`,
};
/** A condition on the case made of the visit (one at most). */
const itsCase = (condition: Prisma.Sql) => Prisma.sql`EXISTS (SELECT 1 FROM "Case" k WHERE k."intakeId" = i.id AND ${condition})`;
const type = (...types: string[]) => Prisma.sql`i."petitionType"::text IN (${Prisma.join(types)})`;
const within = (condition: Prisma.Sql) => Prisma.sql`(i.competent AND ${condition})`;
export const HANDLING_SQL: Record<Exclude<HandlingFigure, 'carriedOver'>, Prisma.Sql> = {
  received: Prisma.sql`TRUE`,
  byOne: Prisma.sql`i."delegationSize" < ${DELEGATION_MIN}`,
  byMany: delegation,
  complaint: type('COMPLAINT'),
  denunciation: type('DENUNCIATION'),
  recommendationFeedback: type('RECOMMENDATION', 'FEEDBACK'),
  mixed: type('MIXED'),
  within: Prisma.sql`i.competent`,
  withinComplaint: within(type('COMPLAINT')),
  withinDenunciation: within(type('DENUNCIATION')),
  withinRecommendationFeedback: within(type('RECOMMENDATION', 'FEEDBACK')),
  withinMixed: within(type('MIXED')),
  outside: Prisma.sql`NOT i.competent`,
  accepted: Prisma.sql`i.handling = 'ACCEPTED'`,
  guided: Prisma.sql`i.handling = 'GUIDED'`,
  forwarded: Prisma.sql`i.handling = 'FORWARDED'`,
  undecided: Prisma.sql`i.handling IS NULL`,
  admissible: Prisma.sql`i.admissible`,
  resolvedFirstTime: within(Prisma.sql`i."returningOfId" IS NULL AND ${itsCase(Prisma.sql`k."resolvedDay" IS NOT NULL`)}`),
  resolvedRepeated: within(Prisma.sql`i."returningOfId" IS NOT NULL AND ${itsCase(Prisma.sql`k."resolvedDay" IS NOT NULL`)}`),
  resolving: within(itsCase(Prisma.sql`k."resolvedDay" IS NULL`)),
  notResolved: within(Prisma.sql`NOT ${itsCase(Prisma.sql`TRUE`)}`),
  repliesReceived: Prisma.sql`(i.handling IN ('GUIDED', 'FORWARDED') AND i."replyReceivedOn" IS NOT NULL)`,
};
/**
 * The follow-up on `today` (Hà Nội's day): resolved (a result recorded), on time (no later than the nearer of
 * the notice's and the legal deadline), overdue (open, a deadline before today: null-safe, a case with no
 * deadline yet is not overdue), in progress (neither), and the citizens' word on the resolved ones.
 */
export function caseFigureSql(today: string): Record<CaseFigure, Prisma.Sql> {
  const day = Prisma.sql`${new Date(`${today}T00:00:00Z`)}::date`;
  const resolved = Prisma.sql`c."resolvedDay" IS NOT NULL`;
  const overdue = Prisma.sql`(c.status IN ('ASSIGNED', 'IN_PROGRESS') AND coalesce(c."noticeDeadline" < ${day} OR c."legalDeadline" < ${day}, false))`;
  return {
    assigned: Prisma.sql`TRUE`,
    resolved,
    resolvedOnTime: Prisma.sql`(${resolved} AND c."resolvedDay" <= coalesce(least(c."noticeDeadline", c."legalDeadline"), c."resolvedDay"))`,
    overdue,
    inProgress: Prisma.sql`(c."resolvedDay" IS NULL AND NOT ${overdue})`,
    satisfied: Prisma.sql`(${resolved} AND c.satisfaction = 'SATISFIED')`,
    partly: Prisma.sql`(${resolved} AND c.satisfaction = 'PARTLY')`,
    notSatisfied: Prisma.sql`(${resolved} AND c.satisfaction = 'NOT_SATISFIED')`,
    notAnswered: Prisma.sql`(${resolved} AND c.satisfaction IS NULL)`,
  };
}

/** A session's (alias rs) turns heard, and the people who brought them: a matter, or a dialogue's opinion. */
const TURNS_HEARD = Prisma.sql`(SELECT count(*) FROM "Registration" r WHERE r."sessionId" = rs.id AND r.status = 'DONE')`;
const PEOPLE_HEARD = Prisma.sql`(SELECT coalesce(sum(r."delegationSize"), 0) FROM "Registration" r WHERE r."sessionId" = rs.id AND r.status = 'DONE')`;

const counted = (name: string, condition: Prisma.Sql) => Prisma.sql`(count(*) FILTER (WHERE ${condition}))::int AS ${Prisma.raw(`"${name}"`)}`;

export class ReportFiguresRepository {
  constructor(private readonly db: Db) {}

  private scopeOf(alias: 'i' | 'c', s: ReportScope): Prisma.Sql {
    const site = s.siteId ? Prisma.sql`AND ${Prisma.raw(alias)}."siteId" = ${s.siteId}::uuid` : Prisma.empty;
    const district = s.district ? Prisma.sql`AND st.district = ${s.district}` : Prisma.empty;
    return Prisma.sql`${site} ${district}`;
  }

  /** The scope on a site aliased st itself (a leader's, a session's). */
  private siteIs(s: ReportScope): Prisma.Sql {
    if (s.siteId) return Prisma.sql`AND st.id = ${s.siteId}::uuid`;
    return s.district ? Prisma.sql`AND st.district = ${s.district}` : Prisma.empty;
  }

  /** The scope's visits (with their site st and session rs) that meet `when`. */
  private visitsWhere(s: ReportScope, when: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`FROM "Intake" i
      JOIN "Site" st ON st.id = i."siteId"
      LEFT JOIN "ReceptionSession" rs ON rs.id = i."sessionId"
      WHERE ${when} ${this.scopeOf('i', s)}`;
  }

  private visitsIn(s: ReportScope): Prisma.Sql {
    return this.visitsWhere(s, Prisma.sql`i."receivedAt" >= ${s.since} AND i."receivedAt" < ${s.until}`);
  }

  /**
   * The petitions carried over into the period (kỳ trước chuyển sang): received before it began and not yet
   * handled then (no handling, or handled on or after its first day).
   */
  private carriedIn(s: ReportScope): Prisma.Sql {
    return this.visitsWhere(s, Prisma.sql`i."receivedAt" < ${s.since} AND (i."handledAt" IS NULL OR i."handledAt" >= ${s.since})`);
  }

  private casesIn(s: ReportScope, agencyId: string | null = null): Prisma.Sql {
    return Prisma.sql`FROM "Case" c
      JOIN "Site" st ON st.id = c."siteId"
      JOIN "Agency" a ON a.id = c."agencyId"
      WHERE c."createdAt" >= ${s.since} AND c."createdAt" < ${s.until} ${this.scopeOf('c', s)} ${agencyId ? Prisma.sql`AND c."agencyId" = ${agencyId}::uuid` : Prisma.empty}`;
  }

  /** Form 01/TCD: every part's counts in one pass over the period's visits, and the people they brought. */
  async reception(s: ReportScope): Promise<ReceptionRow> {
    const columns = VISIT_PARTS.flatMap((p) => [
      ...VISIT_MEASURES.map((m) => counted(`${p}.${m}`, Prisma.sql`${VISIT_PART_SQL[p]} AND ${VISIT_MEASURE_SQL[m]}`)),
      Prisma.sql`coalesce(sum(i."delegationSize") FILTER (WHERE ${VISIT_PART_SQL[p]}), 0)::int AS ${Prisma.raw(`"${p}.people"`)}`,
      Prisma.sql`coalesce(sum(i."delegationSize") FILTER (WHERE ${VISIT_PART_SQL[p]} AND ${delegation}), 0)::int AS ${Prisma.raw(`"${p}.delegationPeople"`)}`,
    ]);
    const [row] = await this.db.$queryRaw<ReceptionRow[]>`SELECT ${Prisma.join(columns)} ${this.visitsIn(s)}`;
    return row!;
  }

  /** The follow-up of the cases assigned in the period, per agency (`caseFigureSql` defines each count). */
  followUp(s: ReportScope): Promise<FollowUpRow[]> {
    const figures = caseFigureSql(s.today);
    return this.db.$queryRaw<FollowUpRow[]>`
      SELECT c."agencyId" AS "agencyId", a.name AS "agencyName", ${Prisma.join(CASE_FIGURES.map((f) => counted(f, figures[f])))}
      ${this.casesIn(s)}
      GROUP BY c."agencyId", a.name
      ORDER BY a.name`;
  }

  /** Form 01/XLD over the period's visits: one row of counts. */
  async handling(s: ReportScope): Promise<HandlingRow> {
    const own = HANDLING_FIGURES.filter((h) => h !== 'carriedOver');
    const [row] = await this.db.$queryRaw<HandlingRow[]>`
      SELECT ${Prisma.join(own.map((h) => counted(h, HANDLING_SQL[h])))}, (SELECT count(*)::int ${this.carriedIn(s)}) AS "carriedOver"
      ${this.visitsIn(s)}`;
    return row!;
  }

  /** The visits a figure counts, a page at a time in the order received, and how many there are. */
  async visitIds(s: ReportScope, figure: `reception.${VisitPart}.${VisitMeasure}` | `handling.${HandlingFigure}`, skip: number, take: number): Promise<{ ids: string[]; total: number }> {
    const [table, first, second] = figure.split('.') as [string, string, string | undefined];
    if (figure === 'handling.carriedOver') return this.visitPage(this.carriedIn(s), skip, take);
    const condition = table === 'reception' ? Prisma.sql`${VISIT_PART_SQL[first as VisitPart]} AND ${VISIT_MEASURE_SQL[second as VisitMeasure]}` : HANDLING_SQL[first as Exclude<HandlingFigure, 'carriedOver'>];
    return this.visitPage(Prisma.sql`${this.visitsIn(s)} AND ${condition}`, skip, take);
  }

  /** A page of rows (SELECT … FROM … WHERE … ORDER BY), and how many rows the FROM … WHERE clause holds. */
  private async page<T>(select: Prisma.Sql, from: Prisma.Sql, order: Prisma.Sql, skip: number, take: number): Promise<{ rows: T[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      this.db.$queryRaw<T[]>`SELECT ${select} ${from} ORDER BY ${order} OFFSET ${skip} LIMIT ${take}`,
      this.db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${from}`,
    ]);
    return { rows, total: count!.total };
  }

  /** A page of visits, in the order received. */
  private async visitPage(from: Prisma.Sql, skip: number, take: number): Promise<{ ids: string[]; total: number }> {
    const { rows, total } = await this.page<{ id: string }>(Prisma.sql`i.id`, from, Prisma.sql`i."receivedAt", i.id`, skip, take);
    return { ids: rows.map((r) => r.id), total };
  }

  /** The cases a figure counts (of one agency, if given), by number, and how many there are. */
  async caseIds(s: ReportScope, figure: `followUp.${CaseFigure}`, agencyId: string | null, skip: number, take: number): Promise<{ ids: string[]; total: number }> {
    const condition = caseFigureSql(s.today)[figure.slice('followUp.'.length) as CaseFigure];
    const { rows, total } = await this.page<{ id: string }>(Prisma.sql`c.id`, Prisma.sql`${this.casesIn(s, agencyId)} AND ${condition}`, Prisma.sql`c.number, c.id`, skip, take);
    return { ids: rows.map((r) => r.id), total };
  }

  /**
   * Sessions (alias rs) held in the period: started in it and not cancelled; in a district's or a site's
   * report, those one of its sites took part in.
   */
  private heldIn(s: ReportScope): Prisma.Sql {
    const inScope = s.siteId || s.district ? Prisma.sql`AND EXISTS (SELECT 1 FROM "SessionSite" ss JOIN "Site" st ON st.id = ss."siteId" WHERE ss."sessionId" = rs.id ${this.siteIs(s)})` : Prisma.empty;
    return Prisma.sql`rs."cancelledAt" IS NULL AND rs."startedAt" >= ${s.since} AND rs."startedAt" < ${s.until} ${inScope}`;
  }

  /**
   * Sessions held in the period (started, not cancelled), other than dialogues, under the name of the leader
   * they were held for: the chair, or the leader a deputy stood in for. For the city every active leader
   * (CHAIR) is listed, with none held too: a leader who received nobody is what this table is for; for a
   * district or a site, the leaders who held its sessions. A matter is a turn taken (DONE); its people, the
   * delegation's size.
   */
  leaders(s: ReportScope): Promise<LeaderRow[]> {
    const listed = s.siteId || s.district ? Prisma.sql`h.id IS NOT NULL` : Prisma.sql`((a.role = 'CHAIR' AND a.active) OR h.id IS NOT NULL)`;
    return this.db.$queryRaw<LeaderRow[]>`
      WITH held AS (
        SELECT rs.id, coalesce(rs."standsInForId", rs."chairId") AS leader, (rs."standsInForId" IS NOT NULL) AS delegated,
               (rs."startedAt" + interval '7 hours')::date AS day,
               ${TURNS_HEARD} AS matters,
               ${PEOPLE_HEARD} AS people
        FROM "ReceptionSession" rs
        WHERE rs.kind <> 'DIALOGUE' AND ${this.heldIn(s)}
      )
      SELECT a.id, a."fullName" AS "fullName", ls.name AS "siteName",
             (count(h.id) FILTER (WHERE NOT h.delegated))::int AS "inPerson",
             (count(h.id) FILTER (WHERE h.delegated))::int AS "delegated",
             (count(DISTINCT h.day) FILTER (WHERE NOT h.delegated))::int AS "days",
             coalesce(sum(h.matters), 0)::int AS "matters",
             coalesce(sum(h.people), 0)::int AS "people"
      FROM "Account" a
      JOIN "Site" ls ON ls.id = a."siteId"
      LEFT JOIN held h ON h.leader = a.id
      WHERE ${listed}
      GROUP BY a.id, a."fullName", ls.name
      ORDER BY a."fullName"`;
  }

  /**
   * Dialogue conferences held in the period, by the area the year's plan held them for (none: the whole
   * city) and the group: opinions heard (turns taken), answered there (no case made of them), assigned
   * (cases made from the conference) and resolved since. A district or site keeps the conferences one of
   * its sites took part in.
   */
  dialogues(s: ReportScope): Promise<DialogueRow[]> {
    return this.db.$queryRaw<DialogueRow[]>`
      WITH held AS (
        SELECT rs.id, p.district AS "area", p."withGroup" AS "withGroup",
               ${TURNS_HEARD} AS opinions,
               (SELECT count(*) FROM "Registration" r WHERE r."sessionId" = rs.id AND r.status = 'DONE'
                  AND NOT EXISTS (SELECT 1 FROM "Case" c WHERE c."registrationId" = r.id)) AS answered,
               (SELECT count(*) FROM "Case" c WHERE c."sessionId" = rs.id) AS assigned,
               (SELECT count(*) FROM "Case" c WHERE c."sessionId" = rs.id AND c."resolvedDay" IS NOT NULL) AS resolved
        FROM "ReceptionSession" rs
        LEFT JOIN "PlannedSession" p ON p."sessionId" = rs.id
        WHERE rs.kind = 'DIALOGUE' AND ${this.heldIn(s)}
      )
      SELECT "area", "withGroup", count(*)::int AS "conferences", sum(opinions)::int AS "opinions", sum(answered)::int AS "answered",
             sum(assigned)::int AS "assigned", sum(resolved)::int AS "resolved"
      FROM held
      GROUP BY 1, 2
      ORDER BY "area" NULLS FIRST, "withGroup" NULLS LAST`;
  }

  /**
   * The sessions behind a leader's or a dialogue's figure, by the same conditions as their tables: held in
   * the period, not cancelled, in the scope; for a leader in person or by a deputy (all leaders without
   * one); for a conference of one area and group (null: none), or every conference.
   */
  async sessionRecords(
    s: ReportScope,
    figure: SessionFigure,
    row: { leaderId: string | null; area?: string | null; group?: string | null },
    skip: number,
    take: number,
  ): Promise<{ rows: SessionRecordRow[]; total: number }> {
    const dialogue = figure === 'dialogues.conferences';
    const leader = Prisma.sql`coalesce(rs."standsInForId", rs."chairId")`;
    const which = dialogue
      ? Prisma.sql`rs.kind = 'DIALOGUE' ${row.area !== undefined ? Prisma.sql`AND p.district IS NOT DISTINCT FROM ${row.area}` : Prisma.empty} ${row.group !== undefined ? Prisma.sql`AND p."withGroup" IS NOT DISTINCT FROM ${row.group}` : Prisma.empty}`
      : Prisma.sql`rs.kind <> 'DIALOGUE' AND rs."standsInForId" IS ${figure === 'leaders.delegated' ? Prisma.sql`NOT NULL` : Prisma.sql`NULL`} ${row.leaderId ? Prisma.sql`AND ${leader} = ${row.leaderId}::uuid` : Prisma.empty}`;
    const from = Prisma.sql`FROM "ReceptionSession" rs
      LEFT JOIN "PlannedSession" p ON p."sessionId" = rs.id
      WHERE ${this.heldIn(s)} AND ${which}`;
    const select = Prisma.sql`rs.id, rs.title, rs."startedAt" AS "startedAt",
      (SELECT a."fullName" FROM "Account" a WHERE a.id = rs."chairId") AS "chair",
      (SELECT a."fullName" FROM "Account" a WHERE a.id = rs."standsInForId") AS "standsInFor",
      ${TURNS_HEARD}::int AS "turns",
      ${PEOPLE_HEARD}::int AS "people",
      (SELECT count(*)::int FROM "Case" c WHERE c."sessionId" = rs.id) AS "assigned"`;
    return this.page<SessionRecordRow>(select, from, Prisma.sql`rs."startedAt", rs.id`, skip, take);
  }

  /** Visits per field, most first. */
  byField(s: ReportScope): Promise<{ field: string; visits: number }[]> {
    return this.db.$queryRaw<{ field: string; visits: number }[]>`
      SELECT i.field AS "field", count(*)::int AS "visits" ${this.visitsIn(s)}
      GROUP BY 1
      ORDER BY 2 DESC, 1`;
  }

  /** Cases assigned per calendar month in Hà Nội, and how many of them are resolved (the follow-up's definition). */
  rateByMonth(s: ReportScope): Promise<{ month: string; assigned: number; resolved: number }[]> {
    const figures = caseFigureSql(s.today);
    return this.db.$queryRaw<{ month: string; assigned: number; resolved: number }[]>`
      SELECT to_char(c."createdAt" + interval '7 hours', 'YYYY-MM') AS "month", ${counted('assigned', figures.assigned)}, ${counted('resolved', figures.resolved)}
      ${this.casesIn(s)}
      GROUP BY 1
      ORDER BY 1`;
  }

  /** Visits per calendar month in Hà Nội (UTC+7, stored instants are UTC) and petition type. */
  monthly(s: ReportScope): Promise<{ month: string; petitionType: string; visits: number }[]> {
    return this.db.$queryRaw<{ month: string; petitionType: string; visits: number }[]>`
      SELECT to_char(i."receivedAt" + interval '7 hours', 'YYYY-MM') AS "month", i."petitionType"::text AS "petitionType", count(*)::int AS "visits"
      ${this.visitsIn(s)}
      GROUP BY 1, 2
      ORDER BY 1`;
  }

  sites(onlyId: string | null): Promise<{ id: string; name: string; district: string | null }[]> {
    return this.db.site.findMany({ where: { active: true, ...(onlyId ? { id: onlyId } : {}) }, select: { id: true, name: true, district: true }, orderBy: [{ district: 'asc' }, { name: 'asc' }] });
  }
}
