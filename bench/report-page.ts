// The report page at a city's scale: 200 000 stored visits (50 000 citizens, four visits each, a quarter of
// them repeated, one in fifty a delegation, at 126 sites in 30 districts, over two years), 50 000 cases and
// 2 400 sessions with their sites and turns (the leaders' duty, the dialogues), through the reports service as
// the route calls it: the year for the city, for one district, for one site; and the drill-down's first page.
// Beside it, in the same run and database, a read of one visit by its key.
import { ReportQuery, statutoryPeriod } from '../protocol/index.ts';
import { personOf } from '../server/src/access/caller.ts';
import { AccountRepository } from '../server/src/auth/account.repository.ts';
import { vietnamDay } from '../server/src/calendar/vietnam-clock.ts';
import { ReportFiguresRepository } from '../server/src/reports/report-figures.repository.ts';
import { ReportsService } from '../server/src/reports/reports.service.ts';
import { withBenchDatabase } from './bench-database.ts';
import { summary } from './common.ts';

const SITES = 126;
const CITIZENS = 50_000;
const VISITS_EACH = 4;
const CASES = 50_000;
/** Sessions over the two years (one in eight a dialogue conference), each joined by 20 sites, with 10 turns. */
const SESSIONS = 2_400;
const LEADERS = 10;

export async function reportPage(runs = 100, warmup = 10): Promise<Record<string, unknown>> {
  return withBenchDatabase('reports', async (db) => {
    const host = (await db.site.findUniqueOrThrow({ where: { code: 'HN-TCD' } })).id;
    await db.$executeRawUnsafe(`INSERT INTO "Site" (id, code, name, kind, district) SELECT gen_random_uuid(), 'BP-' || lpad(i::text, 3, '0'), 'Điểm cầu ' || i, 'BRIDGE_POINT', 'Quận ' || (i % 30) FROM generate_series(1, ${SITES}) AS i`);
    await db.$executeRawUnsafe(`INSERT INTO "Agency" (id, code, name) SELECT gen_random_uuid(), 'AG-' || i, 'Sở số ' || i FROM generate_series(1, 20) AS i`);
    const observerId = (await db.account.create({ data: { username: 'giamsat', fullName: 'Vũ Thị Giám', role: 'OBSERVER', siteId: host, passwordHash: '' } })).id;
    const observer = personOf((await new AccountRepository(db).byId(observerId))!);
    const started = performance.now();
    await db.$executeRawUnsafe(`
      INSERT INTO "Citizen" (id, "fullName", "lookupKey") SELECT gen_random_uuid(), 'Công dân ' || i, 'cong dan ' || i FROM generate_series(1, ${CITIZENS}) AS i`);
    await db.$executeRawUnsafe(`CREATE TEMP TABLE bench_sites AS SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM "Site" WHERE kind = 'BRIDGE_POINT'`);
    await db.$executeRawUnsafe(`
      INSERT INTO "Intake" (id, "citizenId", "siteId", "receivedAt", "receivedById", content, "petitionType", field, competent, "delegationSize", "trackingCode")
      SELECT gen_random_uuid(), c.id, s.id, now() - ((v * 53 + length(c.id::text) * 0 + abs(hashtext(c.id::text)) % 97) * 7 % 730) * interval '1 day', '${observerId}',
             'Nội dung ' || v, (ARRAY['COMPLAINT','RECOMMENDATION','FEEDBACK','DENUNCIATION']::"IntakeType"[])[1 + v % 4],
             (ARRAY['LAND','COMPENSATION','ENVIRONMENT','OTHER'])[1 + v % 4], v % 10 <> 0,
             CASE WHEN abs(hashtext(c.id::text || v)) % 50 = 0 THEN 5 + v ELSE 1 END, 'TD-' || md5(c.id::text || v)
      FROM "Citizen" c CROSS JOIN generate_series(1, ${VISITS_EACH}) AS v
      JOIN bench_sites s ON s.n = abs(hashtext(c.id::text)) % ${SITES}`);
    // A quarter of the visits return to an earlier one.
    await db.$executeRawUnsafe(`
      UPDATE "Intake" i SET "returningOfId" = e.id FROM (
        SELECT id, "citizenId", row_number() OVER (PARTITION BY "citizenId" ORDER BY "receivedAt") AS k FROM "Intake") e, (
        SELECT id, "citizenId", row_number() OVER (PARTITION BY "citizenId" ORDER BY "receivedAt") AS k FROM "Intake") l
      WHERE l.id = i.id AND e."citizenId" = l."citizenId" AND e.k = 1 AND l.k = 2`);
    await db.$executeRawUnsafe(`
      INSERT INTO "Case" (id, number, origin, "siteId", "agencyId", kind, field, summary, "citizenName", "trackingCode", status, "noticeDeadline", "legalLimitDays", "legalDeadline", "resolvedDay", satisfaction, "createdAt", "updatedAt")
      SELECT gen_random_uuid(), 'VV-R-' || lpad(i::text, 6, '0'), 'NOTICE',
             (SELECT id FROM bench_sites WHERE n = i % ${SITES}), (SELECT id FROM "Agency" ORDER BY code OFFSET (i % 20) LIMIT 1),
             'COMPLAINT', 'LAND', 'Vụ việc ' || i, 'Công dân ' || i, 'TD-R-' || md5(i::text),
             (ARRAY['ASSIGNED','IN_PROGRESS','RESOLVED','INFORMED','INFORMED']::"CaseStatus"[])[1 + i % 5],
             (current_date - 700 + (i % 760))::date, 30, (current_date - 690 + (i % 760))::date,
             CASE WHEN i % 5 >= 2 THEN (current_date - 705 + (i % 760))::date END,
             CASE WHEN i % 5 >= 2 THEN (ARRAY['SATISFIED','PARTLY','NOT_SATISFIED']::"CaseSatisfaction"[])[1 + i % 3] END,
             now() - (i % 730) * interval '1 day', now()
      FROM generate_series(1, ${CASES}) AS i`);
    // The leaders and their sessions: one in five held by a deputy standing in, one in eight a dialogue
    // (a third of those from the year's plan), each with 20 sites and 10 turns heard, a case from every fifth.
    await db.$executeRawUnsafe(`
      INSERT INTO "Account" (id, username, "passwordHash", "fullName", role, "siteId")
      SELECT gen_random_uuid(), 'lanhdao' || lpad(i::text, 2, '0'), '', 'Lãnh đạo ' || i, 'CHAIR', '${host}' FROM generate_series(1, ${LEADERS}) AS i`);
    await db.$executeRawUnsafe(`CREATE TEMP TABLE bench_leaders AS SELECT id, row_number() OVER (ORDER BY username) - 1 AS n FROM "Account" WHERE role = 'CHAIR'`);
    await db.$executeRawUnsafe(`
      INSERT INTO "ReceptionSession" (id, title, kind, status, "scheduledStart", "startedAt", "chairId", "standsInForId", "hostSiteId", "roomName")
      SELECT gen_random_uuid(), 'Phiên ' || i, (CASE WHEN i % 8 = 0 THEN 'DIALOGUE' ELSE 'PERIODIC' END)::"SessionKind", 'CLOSED',
             now() - (i % 730) * interval '1 day', now() - (i % 730) * interval '1 day',
             (SELECT id FROM bench_leaders WHERE n = i % ${LEADERS}), CASE WHEN i % 5 = 0 THEN (SELECT id FROM bench_leaders WHERE n = (i + 1) % ${LEADERS}) END,
             '${host}', 'bench-room-' || i
      FROM generate_series(1, ${SESSIONS}) AS i`);
    await db.$executeRawUnsafe(`
      INSERT INTO "SessionSite" ("sessionId", "siteId")
      SELECT rs.id, s.id FROM "ReceptionSession" rs JOIN bench_sites s ON (s.n + abs(hashtext(rs.id::text))) % ${SITES} < 20`);
    await db.$executeRawUnsafe(`
      INSERT INTO "PlannedSession" (id, year, kind, topic, "withGroup", district, "targetMonth", "sessionId", "createdById")
      SELECT gen_random_uuid(), 2026, 'DIALOGUE', 'Đối thoại ' || rs.title, (ARRAY['Đoàn Thanh niên', 'Hội Cựu chiến binh', 'Hội Phụ nữ'])[1 + abs(hashtext(rs.id::text)) % 3],
             'Quận ' || abs(hashtext(rs.id::text)) % 30, 6, rs.id, '${observerId}'
      FROM "ReceptionSession" rs WHERE rs.kind = 'DIALOGUE' AND abs(hashtext(rs.id::text)) % 3 = 0`);
    await db.$executeRawUnsafe(`
      INSERT INTO "Registration" (id, "sessionId", "siteId", "citizenName", "petitionType", field, "delegationSize", status, position, "registeredAt", "allottedSeconds")
      SELECT gen_random_uuid(), ss."sessionId", ss."siteId", 'Công dân', 'RECOMMENDATION', 'OTHER', 1 + (k % 3), 'DONE', k, now(), 300
      FROM (SELECT "sessionId", min("siteId"::text)::uuid AS "siteId" FROM "SessionSite" GROUP BY 1) ss CROSS JOIN generate_series(1, 10) AS k`);
    await db.$executeRawUnsafe(`
      UPDATE "Case" c SET "sessionId" = r."sessionId", "registrationId" = r.id FROM (
        SELECT id, "sessionId", row_number() OVER (ORDER BY id) AS k FROM "Registration" WHERE position % 5 = 0) r
      WHERE c.number = 'VV-R-' || lpad(r.k::text, 6, '0')`);
    await db.$executeRawUnsafe('ANALYZE');
    const fillMs = performance.now() - started;
    const visits = await db.intake.count();

    const reports = new ReportsService(new ReportFiguresRepository(db));
    const sessions = await db.receptionSession.count();
    const turns = await db.registration.count();
    const year = statutoryPeriod('YEAR', Number(vietnamDay(new Date()).slice(0, 4)));
    const aSite = (await db.site.findFirstOrThrow({ where: { code: 'BP-007' } })).id;
    const ids = (await db.intake.findMany({ select: { id: true }, take: 2000 })).map((i) => i.id);
    const measure = async (query: Record<string, string>) => {
      const times: number[] = [];
      let last = 0;
      for (let i = 0; i < warmup + runs; i++) {
        const t0 = performance.now();
        const s = await reports.summary(observer, ReportQuery.parse({ ...year, ...query }));
        if (i >= warmup) times.push(performance.now() - t0);
        last = s.reception.total.visits;
      }
      return { ...summary(times), visitsInScope: last };
    };
    const city = await measure({});
    // The drill-down's heaviest list: the first page of every visit of the city's year, with its count.
    const drill: number[] = [];
    const figures = new ReportFiguresRepository(db);
    const scope = { since: new Date(`${year.from}T00:00:00+07:00`), until: new Date(Date.parse(`${year.to}T00:00:00+07:00`) + 86_400_000), siteId: null, district: null, today: vietnamDay(new Date()) };
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = performance.now();
      await figures.visitIds(scope, 'reception.total.visits', 0, 50);
      if (i >= warmup) drill.push(performance.now() - t0);
    }
    // Where the city's time goes: each aggregate alone, as the service runs them (in parallel there).
    const breakdown: Record<string, number> = {};
    for (const part of ['reception', 'handling', 'followUp', 'monthly', 'leaders', 'dialogues', 'byField', 'rateByMonth'] as const) {
      const times: number[] = [];
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        await figures[part](scope);
        if (i >= 5) times.push(performance.now() - t0);
      }
      breakdown[part] = summary(times).p50;
    }
    const district = await measure({ district: 'Quận 7' });
    const site = await measure({ siteId: aSite });
    const baseline: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = performance.now();
      await db.intake.findUnique({ where: { id: ids[i % ids.length]! } });
      if (i >= warmup) baseline.push(performance.now() - t0);
    }
    return { visits, cases: CASES, sites: SITES, sessions, turns, fillSeconds: Math.round(fillMs / 100) / 10, runs, period: year, cityYearMs: city, cityPartsP50Ms: breakdown, districtYearMs: district, siteYearMs: site, drillDownFirstPageMs: summary(drill), primaryKeyReadMs: summary(baseline) };
  });
}
