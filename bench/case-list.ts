// The host office's case list with 50 000 stored cases: the city's first page, the overdue filter and one
// agency's queue, through the service (access, the WHERE clause, the views with their legal deadlines),
// against a read of one case by its key in the same run.
import { CaseQuery } from '../protocol/index.ts';
import { personOf } from '../server/src/access/caller.ts';
import { AccountRepository } from '../server/src/auth/account.repository.ts';
import { HolidaysRepository } from '../server/src/calendar/holidays.repository.ts';
import { CasesRepository } from '../server/src/cases/cases.repository.ts';
import { CasesService } from '../server/src/cases/cases.service.ts';
import { CaseReminders } from '../server/src/cases/case-reminders.ts';
import { CaseDigest } from '../server/src/cases/case-digest.ts';
import { CaseDigestRepository } from '../server/src/cases/case-digest.repository.ts';
import { vietnamDay, vietnamInstant } from '../server/src/calendar/vietnam-clock.ts';
import { nextWorkingDay } from '../server/src/calendar/working-days.ts';
import { CaseRemindersRepository } from '../server/src/cases/case-reminders.repository.ts';
import { withBenchDatabase } from './bench-database.ts';
import { summary } from './common.ts';

const CASES = 50_000;

export async function caseList(runs = 500, warmup = 50): Promise<Record<string, unknown>> {
  return withBenchDatabase('cases', async (db) => {
    const host = (await db.site.findUniqueOrThrow({ where: { code: 'HN-TCD' } })).id;
    await db.$executeRawUnsafe(`INSERT INTO "Site" (id, code, name, kind, district) SELECT gen_random_uuid(), 'BP-' || i, 'Điểm cầu ' || i, 'BRIDGE_POINT', 'Ba Đình' FROM generate_series(1, 6) AS i`);
    await db.$executeRawUnsafe(`INSERT INTO "Agency" (id, code, name) SELECT gen_random_uuid(), 'AG-' || i, 'Sở số ' || i FROM generate_series(1, 5) AS i`);
    const moderatorId = (await db.account.create({ data: { username: 'dieuphoi', fullName: 'Lê Thị Điều', role: 'MODERATOR', siteId: host, passwordHash: '' } })).id;
    const agency = (await db.agency.findFirstOrThrow({ where: { code: 'AG-1' } })).id;
    const repId = (await db.account.create({ data: { username: 'coquan', fullName: 'Đỗ Minh Xây', role: 'AGENCY_REP', siteId: host, agencyId: agency, passwordHash: '' } })).id;
    const accounts = new AccountRepository(db);
    const moderator = personOf((await accounts.byId(moderatorId))!);
    const rep = personOf((await accounts.byId(repId))!);

    const started = performance.now();
    // Spread over two years: a third still open (some overdue), the rest resolved or closed.
    await db.$executeRawUnsafe(`
      INSERT INTO "Case" (id, number, origin, "siteId", "agencyId", kind, field, summary, "citizenName", "trackingCode", status, "noticeDeadline", "legalLimitDays", "legalDeadline", "acceptedDay", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), 'VV-B-' || lpad(i::text, 6, '0'), 'NOTICE',
             (SELECT id FROM "Site" WHERE kind = 'BRIDGE_POINT' ORDER BY code OFFSET (i % 6) LIMIT 1),
             (SELECT id FROM "Agency" ORDER BY code OFFSET (i % 5) LIMIT 1),
             (ARRAY['COMPLAINT','RECOMMENDATION','FEEDBACK','DENUNCIATION']::"IntakeType"[])[1 + i % 4],
             (ARRAY['LAND','COMPENSATION','ENVIRONMENT','OTHER'])[1 + i % 4], 'Vụ việc số ' || i, 'Công dân ' || i, 'TD-B-' || md5(i::text),
             (ARRAY['ASSIGNED','IN_PROGRESS','WAITING_CITIZEN','RESOLVED','INFORMED','INFORMED']::"CaseStatus"[])[1 + i % 6],
             (current_date - 700 + (i % 760))::date, 30, (current_date - 680 + (i % 760))::date,
             CASE WHEN i % 6 = 0 THEN NULL ELSE (current_date - 710 + (i % 760))::date END, now(), now()
      FROM generate_series(1, ${CASES}) AS i`);
    await db.$executeRawUnsafe('ANALYZE');
    const fillMs = performance.now() - started;

    const cases = new CasesService(new CasesRepository(db), () => new HolidaysRepository(db).lookup());
    const ids = (await db.case.findMany({ select: { id: true }, take: 2000 })).map((c) => c.id);
    const measure = async (run: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < warmup + runs; i++) {
        const t0 = performance.now();
        await run();
        if (i >= warmup) times.push(performance.now() - t0);
      }
      return summary(times);
    };
    const cityPage = await measure(() => cases.list(moderator, CaseQuery.parse({})));
    const overdue = await measure(() => cases.list(moderator, CaseQuery.parse({ overdue: 'true' })));
    const agencyQueue = await measure(() => cases.list(rep, CaseQuery.parse({ status: 'IN_PROGRESS' })));
    let k = 0;
    const primaryKeyRead = await measure(() => db.case.findUnique({ where: { id: ids[k++ % ids.length]! } }));
    const overdueCount = (await cases.list(moderator, CaseQuery.parse({ overdue: 'true' }))).total;
    // The reminder job over the same cases: the first run sends what is due, the second finds it all sent.
    const reminders = new CaseReminders(new CaseRemindersRepository(db), () => new HolidaysRepository(db).lookup());
    const r0 = performance.now();
    const first = await reminders.run(new Date());
    const r1 = performance.now();
    const second = await reminders.run(new Date());
    const r2 = performance.now();
    // The morning digest over the same cases (its counts are five indexed counts and the deciders' rows),
    // on the next working day at 07:30 in Hà Nội.
    const holiday = await new HolidaysRepository(db).lookup();
    const morning = vietnamInstant(nextWorkingDay(vietnamDay(new Date()), holiday), '07:30');
    const d0 = performance.now();
    const digest = await new CaseDigest(new CaseDigestRepository(db), async () => holiday).run(morning);
    const d1 = performance.now();
    return { cases: CASES, overdue: overdueCount, fillSeconds: Math.round(fillMs / 100) / 10, runs, pageSize: 50, cityFirstPageMs: cityPage, overdueFirstPageMs: overdue, agencyQueueMs: agencyQueue, primaryKeyReadMs: primaryKeyRead, reminderJob: { firstRunMs: Math.round(r1 - r0), sent: first.sent, passedOver: first.passedOver, secondRunMs: Math.round(r2 - r1), sentAgain: second.sent }, digest: { runMs: Math.round(d1 - d0), counts: digest.sent } };
  });
}
