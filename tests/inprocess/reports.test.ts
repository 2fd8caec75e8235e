// The statutory figures against a data set with known answers, on a hub set up through the product: every
// figure of the reception summary (form 01/TCD) and of the follow-up checked exactly, with the edges that
// decide them: a visit on the 14th and on the 15th at midnight in Hà Nội, a repeated matter, a delegation of
// exactly five, a case resolved a day after its deadline, a site of another district.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { REPORT_FIGURES, ReportExportQuery, ReportQuery, ReportRecordsQuery, statutoryPeriod, type ReportFigure, type ReportSummary } from '../../protocol/index.ts';
import { personOf, type Person } from '../../server/src/access/caller.ts';
import { AdministrationServices } from '../../server/src/administration.ts';
import { AccountRepository } from '../../server/src/auth/account.repository.ts';
import type { Db } from '../../server/src/db/client.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { ReportFiguresRepository } from '../../server/src/reports/report-figures.repository.ts';
import { ReportsService } from '../../server/src/reports/reports.service.ts';
import { ReportFilingsRepository } from '../../server/src/reports/report-filings.repository.ts';
import { CasesRepository } from '../../server/src/cases/cases.repository.ts';
import { CasesService } from '../../server/src/cases/cases.service.ts';
import { ReceptionBookService } from '../../server/src/intake/book/reception-book.service.ts';
import { IntakeRepository } from '../../server/src/intake/intake.repository.ts';
import { ownDatabase } from '../support/own-database.ts';
import { pdfText } from '../support/documents.ts';

let db: Db;
let drop: () => Promise<void>;
let reports: ReportsService;
const people: Record<'admin' | 'observer' | 'baDinh' | 'agencyRep' | 'chair' | 'secretary', Person> = {} as never;
const site = { host: '', baDinh: '', dongAnh: '' };
const agency = { a: '', b: '' };
/** A moment on Hà Nội's clock. */
const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+07:00`);
const Q4 = statutoryPeriod('Q4', 2026);

async function visit(o: { siteId: string; at: Date; size?: number; returningOf?: string; sessionId?: string }): Promise<string> {
  const id = randomUUID();
  const citizen = await db.citizen.create({ data: { id: randomUUID(), fullName: `Công dân ${id.slice(0, 4)}`, lookupKey: id } });
  await db.intake.create({
    data: {
      id,
      citizenId: citizen.id,
      siteId: o.siteId,
      sessionId: o.sessionId ?? null,
      receivedAt: o.at,
      receivedById: people.baDinh.accountId,
      content: 'Kiến nghị',
      petitionType: 'RECOMMENDATION',
      field: 'OTHER',
      competent: true,
      delegationSize: o.size ?? 1,
      trackingCode: `TD-R-${id}`,
      returningOfId: o.returningOf ?? null,
    },
  });
  return id;
}

async function session(standsIn: boolean): Promise<string> {
  const chair = (await db.account.findUniqueOrThrow({ where: { username: 'chutri.r' } })).id;
  return (
    await db.receptionSession.create({
      data: { title: 'Kỳ tiếp định kỳ', kind: 'PERIODIC', scheduledStart: at('2026-11-01', '08:00'), chairId: chair, hostSiteId: site.host, roomName: `room-${randomUUID()}`, standsInForId: standsIn ? people.admin.accountId : null },
    })
  ).id;
}

async function makeCase(o: {
  agencyId: string;
  createdAt: Date;
  status: 'ASSIGNED' | 'IN_PROGRESS' | 'RESOLVED' | 'INFORMED';
  noticeDeadline?: string;
  legalDeadline?: string;
  resolvedDay?: string;
  satisfaction?: 'SATISFIED' | 'PARTLY' | 'NOT_SATISFIED';
  siteId?: string;
  sessionId?: string;
  registrationId?: string;
  intakeId?: string;
}): Promise<void> {
  const id = randomUUID();
  const d = (day?: string) => (day ? new Date(`${day}T00:00:00Z`) : null);
  await db.case.create({
    data: {
      id,
      number: `VV-R-${id.slice(0, 8)}`,
      origin: o.sessionId ? 'NOTICE' : 'INTAKE',
      sessionId: o.sessionId ?? null,
      registrationId: o.registrationId ?? null,
      intakeId: o.intakeId ?? null,
      siteId: o.siteId ?? site.baDinh,
      agencyId: o.agencyId,
      kind: 'RECOMMENDATION',
      field: 'OTHER',
      summary: 'Kiến nghị',
      citizenName: 'Công dân',
      trackingCode: `TD-RC-${id}`,
      legalLimitDays: 15,
      status: o.status,
      noticeDeadline: d(o.noticeDeadline),
      legalDeadline: d(o.legalDeadline),
      resolvedDay: d(o.resolvedDay),
      result: o.resolvedDay ? 'FULL' : null,
      satisfaction: o.satisfaction ?? null,
      createdAt: o.createdAt,
      updatedAt: o.createdAt,
    },
  });
}

beforeAll(async () => {
  ({ db, drop } = await ownDatabase('reports'));
  const accounts = new AccountRepository(db);
  const root = personOf((await accounts.byUsername('quantri'))!);
  people.admin = root;
  const admin = new AdministrationServices(db, new EventBus(() => {}));
  await admin.sites.importFile(root, Buffer.from('Mã,Tên,Loại,Quận/huyện\nBD-01,Điểm cầu phường Ba Đình,Điểm cầu,Ba Đình\nDA-01,Điểm cầu xã Đông Anh,Điểm cầu,Đông Anh'), 'csv', false);
  const idOf = async (code: string) => (await db.site.findUniqueOrThrow({ where: { code } })).id;
  site.host = await idOf('HN-TCD');
  site.baDinh = await idOf('BD-01');
  site.dongAnh = await idOf('DA-01');
  agency.a = (await admin.agencies.create(root, { code: 'SO-XD', name: 'Sở Xây dựng', field: null })).id;
  agency.b = (await admin.agencies.create(root, { code: 'SO-TC', name: 'Sở Tài chính', field: null })).id;
  const make = async (username: string, role: 'OBSERVER' | 'BRIDGE_OPERATOR' | 'AGENCY_REP' | 'CHAIR' | 'SECRETARY', siteId: string, agencyId: string | null = null) =>
    personOf((await accounts.byId((await admin.accounts.create(root, { username, fullName: `Người ${username}`, role, siteId, agencyId })).account.id))!);
  people.observer = await make('giamsat.r', 'OBSERVER', site.host);
  people.baDinh = await make('diemcau.r', 'BRIDGE_OPERATOR', site.baDinh);
  people.agencyRep = await make('coquan.r', 'AGENCY_REP', site.host, agency.a);
  people.chair = await make('chutri.r', 'CHAIR', site.host);
  people.secretary = await make('thuky.r', 'SECRETARY', site.host);

  // The visits: the two around each edge of the fourth quarter (15 September – 14 December 2026).
  await visit({ siteId: site.baDinh, at: at('2026-09-14', '23:59') }); // the third quarter's last minute
  const first = await visit({ siteId: site.baDinh, at: at('2026-09-15', '00:00') });
  await visit({ siteId: site.baDinh, at: at('2026-10-01'), returningOf: first }); // a repeated matter
  const byHead = await visit({ siteId: site.baDinh, at: at('2026-11-01'), size: 5, sessionId: await session(false) }); // exactly five: a delegation
  await visit({ siteId: site.baDinh, at: at('2026-12-14', '23:59'), size: 7, sessionId: await session(true), returningOf: byHead }); // a deputy's session
  await visit({ siteId: site.baDinh, at: at('2026-12-15', '00:00') }); // the next quarter's first minute
  await visit({ siteId: site.dongAnh, at: at('2026-10-10') }); // another district
  await visit({ siteId: site.baDinh, at: at('2026-10-11'), size: 4 }); // four people: not a delegation

  // The cases assigned in the quarter, and one before it.
  await makeCase({ agencyId: agency.a, createdAt: at('2026-09-20'), status: 'INFORMED', noticeDeadline: '2026-10-20', resolvedDay: '2026-10-20', satisfaction: 'SATISFIED' }); // on the day: on time
  await makeCase({ agencyId: agency.a, createdAt: at('2026-09-21'), status: 'RESOLVED', noticeDeadline: '2026-10-20', legalDeadline: '2026-11-05', resolvedDay: '2026-10-21' }); // a day late
  await makeCase({ agencyId: agency.a, createdAt: at('2026-10-02'), status: 'RESOLVED', legalDeadline: '2026-10-30', resolvedDay: '2026-10-29', satisfaction: 'PARTLY' }); // the legal clock only
  await makeCase({ agencyId: agency.b, createdAt: at('2026-10-03'), status: 'IN_PROGRESS', noticeDeadline: '2026-12-01' }); // overdue on 20 December
  await makeCase({ agencyId: agency.b, createdAt: at('2026-12-14', '23:00'), status: 'ASSIGNED', noticeDeadline: '2027-01-30' }); // within its deadline
  await makeCase({ agencyId: agency.b, createdAt: at('2026-09-14', '12:00'), status: 'IN_PROGRESS', noticeDeadline: '2026-09-30' }); // the quarter before
  await makeCase({ agencyId: agency.b, createdAt: at('2026-10-05'), status: 'ASSIGNED', noticeDeadline: '2026-11-30', siteId: site.dongAnh }); // another district, overdue
  const now = () => at('2026-12-20');
  const issuer = { parent: 'UBND THÀNH PHỐ HÀ NỘI', name: 'Ban Tiếp công dân thành phố', symbol: 'BTCD', place: 'Hà Nội' };
  const book = new ReceptionBookService(new IntakeRepository(db), issuer);
  const cases = new CasesService(new CasesRepository(db), async () => () => undefined, now);
  reports = new ReportsService(new ReportFiguresRepository(db), now, issuer, { visits: (c, ids, first, period) => book.rowsOf(c, ids, first, period), cases: (c, ids) => cases.views(c, ids) }, new ReportFilingsRepository(db));
}, 120_000);
afterAll(async () => drop?.());

const fig = (visits: number, people: number, firstTime: number, repeated: number, d: [number, number, number, number] = [0, 0, 0, 0]) => ({ visits, people, firstTime, repeated, delegations: { count: d[0], people: d[1], firstTime: d[2], repeated: d[3] } });

describe('the reception summary (form 01/TCD)', () => {
  it('counts the quarter’s visits, people, first and repeated matters and delegations, by regular reception, the leader in person and a deputy', async () => {
    const city = await reports.summary(people.observer, ReportQuery.parse(Q4));
    expect(city.reception).toEqual({
      regular: fig(4, 7, 3, 1),
      byHead: fig(1, 5, 1, 0, [1, 5, 1, 0]),
      delegated: fig(1, 7, 0, 1, [1, 7, 0, 1]),
      total: fig(6, 19, 4, 2, [2, 12, 1, 1]),
    });
    // One district: Đông Anh's visit is not Ba Đình's.
    const baDinh = await reports.summary(people.observer, ReportQuery.parse({ ...Q4, district: 'Ba Đình' }));
    expect(baDinh.reception.regular).toEqual(fig(3, 6, 2, 1));
    expect(baDinh.scope).toEqual({ district: 'Ba Đình', site: null });
    // The trend: every month the quarter touches, by petition type, a month in Hà Nội's calendar.
    expect(city.monthly.map((m) => [m.month, m.byType.RECOMMENDATION, m.byType.COMPLAINT])).toEqual([
      ['2026-09', 1, 0],
      ['2026-10', 3, 0],
      ['2026-11', 1, 0],
      ['2026-12', 1, 0],
    ]);
    // The 15th of September belongs to the fourth quarter, the 14th to the third.
    const q3end = await reports.summary(people.observer, ReportQuery.parse({ from: '2026-09-14', to: '2026-09-14' }));
    expect(q3end.reception.total.visits).toBe(1);
  });
});

describe('the follow-up of the quarter’s cases', () => {
  it('counts assigned, resolved, on time, overdue and in progress, per agency, with the rate as its two numbers, and the citizens’ satisfaction', async () => {
    const city = await reports.summary(people.observer, ReportQuery.parse(Q4));
    const { byAgency, ...total } = city.followUp;
    expect(total).toEqual({ assigned: 6, resolved: 3, resolvedOnTime: 2, overdue: 2, inProgress: 1, resolutionRate: { numerator: 3, denominator: 6 } });
    expect(byAgency.map((a) => [a.agency.name, a.assigned, a.resolved, a.resolvedOnTime, a.overdue, a.inProgress])).toEqual([
      ['Sở Tài chính', 3, 0, 0, 2, 1],
      ['Sở Xây dựng', 3, 3, 2, 0, 0],
    ]);
    expect(city.satisfaction).toEqual({ satisfied: 1, partly: 1, notSatisfied: 0, notAnswered: 1 });
    const baDinh = await reports.summary(people.observer, ReportQuery.parse({ ...Q4, district: 'Ba Đình' }));
    expect(baDinh.followUp.resolutionRate).toEqual({ numerator: 3, denominator: 5 });
  });
});

describe('the exports offices file', () => {
  it('writes form 01/TCD and the follow-up as XLSX whose totals are SUM formulas that hold, and each table as CSV', async () => {
    const file = await reports.export(people.observer, ReportExportQuery.parse({ ...Q4, format: 'xlsx' }));
    expect(file).toMatchObject({ fileName: 'bao-cao-2026-09-15-2026-12-14.xlsx', mimeType: expect.stringContaining('spreadsheetml') });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const tcd = book.getWorksheet('01-TCD')!;
    expect(tcd.getCell('A4').value).toBe('TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN (Mẫu 01/TCD)');
    expect(tcd.getCell('A5').value).toBe('Kỳ báo cáo: từ ngày 15/09/2026 đến ngày 14/12/2026 · Phạm vi: toàn thành phố');
    expect(tcd.getCell('F7').value).toBe('Đoàn đông người');
    expect(tcd.getCell('F7').isMerged && tcd.getCell('I7').isMerged).toBe(true);
    const row = (r: number) => [2, 3, 4, 5, 6, 7, 8, 9].map((c) => tcd.getCell(r, c).value);
    expect(tcd.getCell('A10').value).toBe('Tiếp thường xuyên');
    expect([row(10), row(11), row(12)]).toEqual([
      [4, 7, 3, 1, 0, 0, 0, 0],
      [1, 5, 1, 0, 1, 5, 1, 0],
      [1, 7, 0, 1, 1, 7, 0, 1],
    ]);
    // The total row: a formula over the rows above, whose value is their sum (the form's check).
    for (let c = 2; c <= 9; c++) {
      const total = tcd.getCell(13, c).value as { formula: string; result: number };
      const col = String.fromCharCode(64 + c);
      expect(total.formula).toBe(`SUM(${col}10:${col}12)`);
      expect(total.result).toBe([10, 11, 12].reduce((n, r) => n + (tcd.getCell(r, c).value as number), 0));
    }
    const fu = book.getWorksheet('Theo-doi-giai-quyet')!;
    expect([9, 10, 11].map((r) => [fu.getCell(r, 1).value, fu.getCell(r, 2).value, fu.getCell(r, 3).value, fu.getCell(r, 7).value])).toEqual([
      ['Sở Tài chính', 3, 0, '0/3 = 0,00%'],
      ['Sở Xây dựng', 3, 3, '3/3 = 100,00%'],
      ['Tổng cộng', { formula: 'SUM(B9:B10)', result: 6 }, { formula: 'SUM(C9:C10)', result: 3 }, '3/6 = 50,00%'],
    ]);

    const csv = await reports.export(people.observer, ReportExportQuery.parse({ ...Q4, format: 'csv', table: 'followUp' }));
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n').map((l) => l.split(',').map((f) => JSON.parse(f) as string));
    expect(lines[0]![0]).toBe('Cơ quan giải quyết');
    expect(lines.slice(1)).toEqual([
      ['Sở Tài chính', '3', '0', '0', '2', '1', '0', '3'],
      ['Sở Xây dựng', '3', '3', '2', '0', '0', '3', '3'],
      ['Tổng cộng', '6', '3', '2', '2', '1', '3', '6'],
    ]);
    const reception = (await reports.export(people.observer, ReportExportQuery.parse({ ...Q4, format: 'csv' }))).bytes.toString('utf8');
    expect(reception).toContain('"Tổng cộng","6","19","4","2","2","12","1","1"');
    expect(ReportExportQuery.safeParse({ ...Q4, format: 'docx' }).success).toBe(false);
  });
});

describe('who reads the reports', () => {
  it('lets a bridge point read its own site only, and refuses an agency, in Vietnamese', async () => {
    const own = await reports.summary(people.baDinh, ReportQuery.parse(Q4));
    expect(own.scope.site).toEqual({ id: site.baDinh, name: 'Điểm cầu phường Ba Đình' });
    expect(own.reception.total.visits).toBe(5);
    expect(own.sites.map((s) => s.id)).toEqual([site.baDinh]);
    await expect(reports.summary(people.baDinh, ReportQuery.parse({ ...Q4, siteId: site.dongAnh }))).rejects.toMatchObject({ key: 'report.ownSite', message: expect.stringContaining('điểm cầu mình') });
    await expect(reports.summary(people.baDinh, ReportQuery.parse({ ...Q4, district: 'Đông Anh' }))).rejects.toMatchObject({ key: 'report.ownSite' });
    await expect(reports.summary(people.agencyRep, ReportQuery.parse(Q4))).rejects.toMatchObject({ key: 'report.readOnly' });
  });
});

describe('the petition-handling summary (form 01/XLD)', () => {
  it('counts the period’s petitions by signers and content, within competence or not, and how each was handled', async () => {
    // Give the quarter's visits their handling: Đông Anh's a complaint outside competence, guided elsewhere;
    // the four people's a denunciation forwarded; the delegation of five accepted; the deputy's session mixed.
    const received = (day: string, time = '09:00') => ({ receivedAt: at(day, time) });
    await db.intake.updateMany({ where: received('2026-10-10'), data: { petitionType: 'COMPLAINT', competent: false, admissible: false, handling: 'GUIDED', handledBy: 'UBND huyện Đông Anh' } });
    await db.intake.updateMany({ where: received('2026-10-11'), data: { petitionType: 'DENUNCIATION', competent: false, handling: 'FORWARDED', handledBy: 'Công an thành phố', replyReceivedOn: new Date('2026-11-02T00:00:00Z') } });
    await db.intake.updateMany({ where: received('2026-11-01'), data: { handling: 'ACCEPTED' } });
    await db.intake.updateMany({ where: received('2026-12-14', '23:59'), data: { petitionType: 'MIXED' } });
    // The delegation's first-time matter became a case now resolved; the deputy's repeated one a case still open.
    const intakeAt = async (day: string, time = '09:00') => (await db.intake.findFirstOrThrow({ where: received(day, time) })).id;
    await makeCase({ agencyId: agency.a, createdAt: at('2026-11-02'), status: 'RESOLVED', legalDeadline: '2026-12-01', resolvedDay: '2026-11-20', intakeId: await intakeAt('2026-11-01') });
    await makeCase({ agencyId: agency.b, createdAt: at('2026-12-14', '23:59'), status: 'ASSIGNED', noticeDeadline: '2027-01-30', intakeId: await intakeAt('2026-12-14', '23:59') });
    const { handling } = await reports.summary(people.observer, ReportQuery.parse(Q4));
    expect(handling).toEqual({
      received: 6,
      bySigners: { one: 4, many: 2 },
      byContent: { complaint: 1, denunciation: 1, recommendationFeedback: 3, mixed: 1 },
      withinCompetence: { total: 4, complaint: 0, denunciation: 0, recommendationFeedback: 3, mixed: 1 },
      outsideCompetence: 2,
      accepted: 1,
      guided: 1,
      forwarded: 1,
      undecided: 3,
      // The third quarter's last visit, never handled, is carried into the fourth.
      carriedOver: 1,
      admissible: 5,
      resolution: { firstTime: 1, repeated: 0, inProgress: 1, notYet: 2 },
      // The police's reply to the forwarded denunciation came.
      repliesReceived: 1,
    });
  });
});

/** The figure a drill-down key names, read from the summary the page shows. */
function figureIn(summary: ReportSummary, figure: ReportFigure): number {
  const [table, first, second] = figure.split('.') as [string, string, string | undefined];
  if (table === 'reception') {
    const row = summary.reception[first as keyof ReportSummary['reception']];
    const byMeasure = { visits: row.visits, firstTime: row.firstTime, repeated: row.repeated, delegations: row.delegations.count, delegationsFirst: row.delegations.firstTime, delegationsRepeated: row.delegations.repeated };
    return byMeasure[second as keyof typeof byMeasure];
  }
  if (table === 'handling') {
    const h = summary.handling;
    const byKey: Record<string, number> = {
      received: h.received,
      byOne: h.bySigners.one,
      byMany: h.bySigners.many,
      ...h.byContent,
      within: h.withinCompetence.total,
      withinComplaint: h.withinCompetence.complaint,
      withinDenunciation: h.withinCompetence.denunciation,
      withinRecommendationFeedback: h.withinCompetence.recommendationFeedback,
      withinMixed: h.withinCompetence.mixed,
      outside: h.outsideCompetence,
      accepted: h.accepted,
      guided: h.guided,
      forwarded: h.forwarded,
      undecided: h.undecided,
      carriedOver: h.carriedOver,
      admissible: h.admissible,
      resolvedFirstTime: h.resolution.firstTime,
      resolvedRepeated: h.resolution.repeated,
      resolving: h.resolution.inProgress,
      notResolved: h.resolution.notYet,
      repliesReceived: h.repliesReceived,
    };
    return byKey[first]!;
  }
  if (table === 'leaders') return summary.leaders.reduce((n, l) => n + (first === 'inPerson' ? l.inPerson : l.delegated), 0);
  if (table === 'dialogues') return summary.dialogues.total.conferences;
  const { resolutionRate: _rate, byAgency: _byAgency, ...followUp } = summary.followUp;
  return ({ ...followUp, ...summary.satisfaction } as Record<string, number>)[first]!;
}

describe('the records behind each figure', () => {
  const records = (who: Person, query: object) => reports.records(who, ReportRecordsQuery.parse({ ...Q4, ...query }));

  it('lists, for every figure of both forms and the follow-up, exactly as many records as the figure counts', async () => {
    const summary = await reports.summary(people.observer, ReportQuery.parse(Q4));
    const seen: Record<string, [number, number]> = {};
    for (const figure of REPORT_FIGURES) {
      const got = await records(people.chair, { figure });
      const rows = got.kind === 'visits' ? got.visits : got.kind === 'cases' ? got.cases : got.sessions;
      seen[figure] = [got.total, rows.length];
    }
    const expected = Object.fromEntries(REPORT_FIGURES.map((f) => [f, [figureIn(summary, f), figureIn(summary, f)]]));
    expect(seen).toEqual(expected);
    // Not every figure is zero: the check above compares real counts.
    expect(Object.values(seen).filter(([n]) => n > 0).length).toBeGreaterThan(30);
    // A row of the table by agency: the overdue of one agency are that agency's.
    for (const row of summary.followUp.byAgency) {
      const got = await records(people.chair, { figure: 'followUp.overdue', agencyId: row.agency.id });
      expect(got.kind === 'cases' && got.cases.map((c) => c.agency.name)).toEqual(Array(row.overdue).fill(row.agency.name));
    }
  });

  it('lists the visits at the edges of the period and no other: the 15th at midnight in, the 14th after the period out', async () => {
    const got = await records(people.chair, { figure: 'reception.total.visits' });
    expect(got.kind).toBe('visits');
    if (got.kind !== 'visits') return;
    expect(got.visits.map((v) => v.receivedAt)).toEqual(
      [at('2026-09-15', '00:00'), at('2026-10-01'), at('2026-10-10'), at('2026-10-11'), at('2026-11-01'), at('2026-12-14', '23:59')].map((d) => d.toISOString()),
    );
    expect(got.visits.map((v) => v.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const repeated = await records(people.chair, { figure: 'reception.total.repeated' });
    expect(repeated.kind === 'visits' && repeated.visits.map((v) => v.returningSince !== null)).toEqual([true, true]);
  });

  it('shows each record as the reader may see it: a denouncer withheld from an observer, in full for the chair', async () => {
    const denouncer = await db.intake.findFirstOrThrow({ where: { receivedAt: at('2026-10-11') }, include: { citizen: true } });
    await db.intake.update({ where: { id: denouncer.id }, data: { confidential: true } });
    await db.citizen.update({ where: { id: denouncer.citizenId }, data: { fullName: 'Trần Văn Tố Giác' } });
    const observed = await records(people.observer, { figure: 'handling.denunciation' });
    expect(observed.total).toBe(1);
    expect(JSON.stringify(observed)).not.toContain('Tố Giác');
    expect(observed.kind === 'visits' && observed.visits[0]).toMatchObject({ citizen: { shown: 'withheld' }, content: null, confidential: true });
    const chaired = await records(people.chair, { figure: 'handling.denunciation' });
    expect(chaired.kind === 'visits' && chaired.visits[0]!.citizen).toMatchObject({ shown: 'full', fullName: 'Trần Văn Tố Giác' });
    // An ordinary citizen reaches an observer by initials only; the denouncer, among them, not at all.
    const masked = await records(people.observer, { figure: 'reception.regular.firstTime' });
    expect(masked.kind === 'visits' && masked.visits.map((v) => v.citizen.shown)).toEqual(['masked', 'masked', 'withheld']);
  });

  it('keeps a bridge point to its own site’s records, and refuses an unknown figure or a reversed period in Vietnamese', async () => {
    const own = await records(people.baDinh, { figure: 'reception.total.visits' });
    expect(own.kind === 'visits' && own.visits.map((v) => v.siteName)).toEqual(Array(5).fill('Điểm cầu phường Ba Đình'));
    await expect(records(people.baDinh, { figure: 'reception.total.visits', siteId: site.dongAnh })).rejects.toMatchObject({ key: 'report.ownSite' });
    await expect(records(people.agencyRep, { figure: 'followUp.overdue' })).rejects.toMatchObject({ key: 'report.readOnly' });
    const unknown = ReportRecordsQuery.safeParse({ ...Q4, figure: 'reception.total.secrets' });
    expect(unknown.success).toBe(false);
    expect(JSON.stringify(unknown.error?.issues)).toContain('v.reportFigure');
    expect(ReportRecordsQuery.safeParse({ from: Q4.to, to: Q4.from, figure: 'handling.received' }).success).toBe(false);
  });
});

describe('the leaders’ reception duty and the dialogue conferences', () => {
  /** A session held (started) on a moment of Hà Nội's clock, and the turns taken in it: their delegations' sizes. */
  async function held(o: { chair: string; at: Date; kind?: 'PERIODIC' | 'DIALOGUE'; standsInFor?: string; cancelled?: boolean; turns?: number[]; siteId?: string; withGroup?: string; area?: string }): Promise<{ id: string; turns: string[] }> {
    const id = randomUUID();
    await db.receptionSession.create({
      data: {
        id,
        title: o.kind === 'DIALOGUE' ? 'Hội nghị đối thoại' : 'Kỳ tiếp định kỳ',
        kind: o.kind ?? 'PERIODIC',
        status: 'CLOSED',
        scheduledStart: o.at,
        startedAt: o.at,
        cancelledAt: o.cancelled ? o.at : null,
        chairId: o.chair,
        standsInForId: o.standsInFor ?? null,
        hostSiteId: site.host,
        roomName: `room-${id}`,
        sites: { create: [{ siteId: o.siteId ?? site.baDinh }] },
      },
    });
    if (o.withGroup) await db.plannedSession.create({ data: { year: 2026, topic: 'Việc làm cho thanh niên', withGroup: o.withGroup, district: o.area ?? null, targetMonth: 11, sessionId: id, createdById: people.admin.accountId } });
    const turns: string[] = [];
    for (const [position, size] of (o.turns ?? []).entries()) {
      const turn = randomUUID();
      await db.registration.create({
        data: { id: turn, sessionId: id, siteId: o.siteId ?? site.baDinh, citizenName: `Công dân ${position}`, petitionType: 'RECOMMENDATION', field: 'OTHER', delegationSize: size, status: 'DONE', position, registeredAt: o.at, allottedSeconds: 300 },
      });
      turns.push(turn);
    }
    // A turn that was skipped was not heard: it counts nowhere.
    await db.registration.create({ data: { id: randomUUID(), sessionId: id, siteId: o.siteId ?? site.baDinh, citizenName: 'Vắng', petitionType: 'FEEDBACK', field: 'OTHER', status: 'SKIPPED', position: 99, registeredAt: o.at, allottedSeconds: 300 } });
    return { id, turns };
  }

  it('counts each leader’s sessions in person and by a deputy, the days received against the law’s minimum, and the matters and people heard', async () => {
    const admin = new AdministrationServices(db, new EventBus(() => {}));
    const city = people.chair.accountId;
    const deputy = (await admin.accounts.create(people.admin, { username: 'phochutich.r', fullName: 'Phó Chủ tịch Ba', role: 'CHAIR', siteId: site.host, agencyId: null })).account.id;
    await held({ chair: city, at: at('2026-10-20', '08:00'), turns: [1, 5] });
    await held({ chair: city, at: at('2026-10-20', '14:00'), turns: [3], siteId: site.dongAnh }); // the same day: one day of duty
    await held({ chair: deputy, standsInFor: city, at: at('2026-11-17'), turns: [1] }); // a deputy for the leader
    await held({ chair: city, at: at('2026-11-24'), cancelled: true, turns: [2] }); // cancelled: not held
    await held({ chair: city, at: at('2026-12-15', '08:00'), turns: [1] }); // the next quarter

    const { leaders } = await reports.summary(people.observer, ReportQuery.parse(Q4));
    const ours = (list: typeof leaders) => list.filter((l) => [city, deputy].includes(l.leader.id));
    expect(ours(leaders)).toEqual([
      { leader: { id: city, fullName: 'Người chutri.r', site: 'Ban Tiếp công dân thành phố' }, level: 'CITY', inPerson: 2, delegated: 1, days: 1, required: 3, matters: 4, people: 10 },
      // A leader who received nobody is listed, short of the minimum.
      { leader: { id: deputy, fullName: 'Phó Chủ tịch Ba', site: 'Ban Tiếp công dân thành phố' }, level: 'CITY', inPerson: 0, delegated: 0, days: 0, required: 3, matters: 0, people: 0 },
    ]);
    // Each leader's sessions open to exactly those counted, in person and by a deputy.
    for (const l of ours(leaders)) {
      for (const figure of ['leaders.inPerson', 'leaders.delegated'] as const) {
        const got = await reports.records(people.observer, ReportRecordsQuery.parse({ ...Q4, figure, leaderId: l.leader.id }));
        expect(got.total, `${l.leader.fullName} ${figure}`).toBe(figure === 'leaders.inPerson' ? l.inPerson : l.delegated);
      }
    }
    const deputised = await reports.records(people.observer, ReportRecordsQuery.parse({ ...Q4, figure: 'leaders.delegated', leaderId: city }));
    expect(deputised.kind === 'sessions' && deputised.sessions.map((x) => [x.chair, x.standsInFor, x.turns, x.people])).toEqual([['Phó Chủ tịch Ba', 'Người chutri.r', 1, 1]]);
    // The year asks twelve days of a city leader.
    expect((await reports.summary(people.observer, ReportQuery.parse(statutoryPeriod('YEAR', 2026)))).leaders.find((l) => l.leader.id === city)!.required).toBe(12);
    // A district's report counts the sessions its sites joined, and lists only the leaders who held them.
    const baDinh = await reports.summary(people.observer, ReportQuery.parse({ ...Q4, district: 'Ba Đình' }));
    expect(baDinh.leaders).toEqual([{ leader: { id: city, fullName: 'Người chutri.r', site: 'Ban Tiếp công dân thành phố' }, level: 'CITY', inPerson: 1, delegated: 1, days: 1, required: 3, matters: 3, people: 7 }]);
  });

  it('counts dialogue conferences by area and group: opinions heard, answered there, assigned as cases and resolved', async () => {
    const city = people.chair.accountId;
    const youth = await held({ chair: city, kind: 'DIALOGUE', at: at('2026-11-05'), turns: [1, 1, 1], withGroup: 'Đoàn Thanh niên', area: 'Ba Đình' });
    await makeCase({ agencyId: agency.a, createdAt: at('2026-11-06'), status: 'RESOLVED', resolvedDay: '2026-11-20', sessionId: youth.id, registrationId: youth.turns[0] });
    await makeCase({ agencyId: agency.b, createdAt: at('2026-11-06'), status: 'IN_PROGRESS', sessionId: youth.id, registrationId: youth.turns[1] });
    await held({ chair: city, kind: 'DIALOGUE', at: at('2026-11-06'), turns: [2], siteId: site.dongAnh }); // outside the plan
    await held({ chair: city, kind: 'DIALOGUE', at: at('2026-11-07'), turns: [1], cancelled: true });

    const { dialogues } = await reports.summary(people.observer, ReportQuery.parse(Q4));
    expect(dialogues).toEqual({
      rows: [
        { area: null, withGroup: null, conferences: 1, opinions: 1, answered: 1, assigned: 0, resolved: 0 },
        { area: 'Ba Đình', withGroup: 'Đoàn Thanh niên', conferences: 1, opinions: 3, answered: 1, assigned: 2, resolved: 1 },
      ],
      total: { conferences: 2, opinions: 4, answered: 2, assigned: 2, resolved: 1 },
    });
    // Each row opens to its conferences, "-" standing for none.
    for (const row of dialogues.rows) {
      const got = await reports.records(people.observer, ReportRecordsQuery.parse({ ...Q4, figure: 'dialogues.conferences', area: row.area ?? '-', group: row.withGroup ?? '-' }));
      expect(got.kind === 'sessions' && got.sessions.map((x) => [x.turns, x.assigned])).toEqual([[row.opinions, row.assigned]]);
    }
    // Đông Anh's report holds the conference its site took part in.
    const dongAnh = await reports.summary(people.observer, ReportQuery.parse({ ...Q4, district: 'Đông Anh' }));
    expect(dongAnh.dialogues.total).toEqual({ conferences: 1, opinions: 1, answered: 1, assigned: 0, resolved: 0 });
  });

  it('writes form 01/XLD, the leaders’ duty and the dialogues into the XLSX, with their check rows, and each as CSV', async () => {
    const file = await reports.export(people.observer, ReportExportQuery.parse({ ...Q4, format: 'xlsx' }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['01-TCD', 'Theo-doi-giai-quyet', '01-XLD', 'Lanh-dao-doi-thoai']);
    const xld = book.getWorksheet('01-XLD')!;
    expect(xld.getCell('A4').value).toBe('TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN (Mẫu 01/XLD)');
    expect(Array.from({ length: 20 }, (_, c) => xld.getCell(9, c + 1).value)).toEqual([1, 6, 5, 4, 2, 1, 1, 3, 1, 4, 2, 1, 1, 1, 3, 1, 0, 1, 2, 1]);
    // The check rows hold in the file: received = within + outside competence; within = its four outcomes.
    expect(xld.getCell('B11').value).toEqual({ formula: 'IF(B9=J9+K9,"Đúng","Sai")', result: 'Đúng' });
    expect(xld.getCell('B12').value).toEqual({ formula: 'IF(J9=P9+Q9+R9+S9,"Đúng","Sai")', result: 'Đúng' });
    const ld = book.getWorksheet('Lanh-dao-doi-thoai')!;
    const leaderRows = Array.from({ length: ld.rowCount }, (_, r) => ld.getRow(r + 1).values as unknown[]).filter((v) => v[1] === 'Người chutri.r');
    expect(leaderRows.map((v) => v.slice(1))).toEqual([['Người chutri.r', 'Ban Tiếp công dân thành phố', 2, 1, 1, 3, 4, 10]]);
    const totalRow = Array.from({ length: ld.rowCount }, (_, r) => ld.getRow(r + 1)).find((row) => row.getCell(1).value === 'Tổng cộng')!;
    expect(totalRow.getCell(3).value).toMatchObject({ formula: expect.stringMatching(/^SUM\(C\d+:C\d+\)$/), result: 2 });
    expect(totalRow.getCell(4).value).toMatchObject({ result: 4 });

    const csv = async (table: 'handling' | 'leaders' | 'dialogues') => {
      const out = await reports.export(people.observer, ReportExportQuery.parse({ ...Q4, format: 'csv', table }));
      // Every field is quoted; a heading may hold a comma ("Kiến nghị, phản ánh").
      const fields = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
      return { name: out.fileName, rows: out.bytes.toString('utf8').slice(1).trim().split('\r\n').map(fields) };
    };
    const handling = await csv('handling');
    expect(handling.name).toBe('bao-cao-2026-09-15-2026-12-14-01-xld.csv');
    expect(handling.rows[1]).toEqual(['1', '6', '5', '4', '2', '1', '1', '3', '1', '4', '2', '1', '1', '1', '3', '1', '0', '1', '2', '1']);
    const dialogues = await csv('dialogues');
    expect(dialogues.rows.slice(1)).toEqual([
      ['Toàn thành phố', 'Ngoài kế hoạch', '1', '1', '1', '0', '0'],
      ['Ba Đình', 'Đoàn Thanh niên', '1', '3', '1', '2', '1'],
      ['Tổng cộng', '', '2', '4', '2', '2', '1'],
    ]);
    expect((await csv('leaders')).rows.find((r) => r[0] === 'Phó Chủ tịch Ba')).toEqual(['Phó Chủ tịch Ba', 'Ban Tiếp công dân thành phố', '0', '0', '0', '3', '0', '0']);
  });

  it('prints the report (Báo cáo) as a PDF in the Decree 30 layout with every section’s figures, read back with poppler', async () => {
    const file = await reports.export(people.observer, ReportExportQuery.parse({ ...Q4, format: 'pdf' }));
    expect(file).toMatchObject({ fileName: 'bao-cao-2026-09-15-2026-12-14.pdf', mimeType: 'application/pdf' });
    const text = await pdfText(file.bytes);
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      '/BC-BTCD',
      'BÁO CÁO',
      'Kỳ báo cáo: từ ngày 15/09/2026 đến ngày 14/12/2026',
      'I. KẾT QUẢ TIẾP CÔNG DÂN (Mẫu 01/TCD)',
      'Trong kỳ đã tiếp 6 lượt với 19 người, về 4 vụ việc lần đầu và 2 vụ việc tái diễn; có 2 đoàn đông người với 12 người.',
      'II. KẾT QUẢ XỬ LÝ ĐƠN (Mẫu 01/XLD)',
      'Kỳ trước chuyển sang 1 đơn; trong kỳ tiếp nhận 6 đơn (4 đơn một người đứng tên, 2 đơn nhiều người)',
      'Tỷ lệ giải quyết: 5/10 = 50,00%',
      'Đủ điều kiện xử lý 5 đơn. Thuộc thẩm quyền 4 đơn (đã giải quyết 1 vụ việc lần đầu và 0 vụ việc tái diễn, đang giải quyết 1, chưa giải quyết 2)',
      'IV. LÃNH ĐẠO TIẾP CÔNG DÂN ĐỊNH KỲ',
      'Tổ chức 2 hội nghị đối thoại, tiếp nhận 4 ý kiến; trả lời tại hội nghị 2, giao giải quyết 2, đã giải quyết 1.',
      'Nơi nhận:',
      'TRƯỞNG BAN',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Người chutri\.r 2 1 1\/3 \(chưa đủ\) 4 10/);
  });
});

describe('closing a period', () => {
  it('freezes the filed figures with who filed them, and shows a later correction as a difference instead of changing them', async () => {
    const before = await reports.summary(people.secretary, ReportQuery.parse(Q4));
    expect([before.filed, before.canFile]).toEqual([null, true]);
    // Only the host office's circle files; an observer and a bridge point may not.
    await expect(reports.file(people.observer, ReportQuery.parse(Q4))).rejects.toMatchObject({ key: 'report.fileOnly', message: expect.stringContaining('chốt số liệu') });
    await expect(reports.file(people.baDinh, ReportQuery.parse(Q4))).rejects.toMatchObject({ key: 'report.fileOnly' });
    const filed = await reports.file(people.secretary, ReportQuery.parse(Q4));
    expect(filed.filed).toEqual({ at: at('2026-12-20').toISOString(), by: 'Người thuky.r', differences: [] });
    expect(filed.canFile).toBe(false);
    expect(filed.reception).toEqual(before.reception);
    // Filed once: a second filing is refused, in Vietnamese, with the day it was filed.
    await expect(reports.file(people.chair, ReportQuery.parse(Q4))).rejects.toMatchObject({ key: 'report.alreadyFiled', message: expect.stringContaining('20/12/2026') });
    expect(await db.auditEntry.count({ where: { action: 'report.file' } })).toBe(1);

    // A visit recorded late, in the period: the filed report keeps its figures and lists the change.
    await visit({ siteId: site.baDinh, at: at('2026-11-20'), size: 3 });
    const after = await reports.summary(people.observer, ReportQuery.parse(Q4));
    expect(after.reception.total.visits).toBe(before.reception.total.visits);
    expect(after.filed!.differences).toEqual(
      expect.arrayContaining([
        { key: 'reception.regular.visits', label: 'Tiếp công dân › Tiếp thường xuyên › Lượt', filed: 4, now: 5 },
        { key: 'reception.total.people', label: 'Tiếp công dân › Tổng cộng › Người', filed: 19, now: 22 },
        { key: 'handling.received', label: 'Xử lý đơn › Đơn tiếp nhận', filed: 6, now: 7 },
        { key: 'monthly.2026-11.byType.RECOMMENDATION', label: 'Lượt tiếp theo tháng › Tháng 11/2026 › Kiến nghị', filed: expect.any(Number), now: expect.any(Number) },
      ]),
    );
    // The exports are the filed report too.
    const csv = (await reports.export(people.observer, ReportExportQuery.parse({ ...Q4, format: 'csv', table: 'reception' }))).bytes.toString('utf8');
    expect(csv).toContain(`"Tổng cộng","${before.reception.total.visits}"`);
    // Another scope is its own report, not filed.
    expect((await reports.summary(people.observer, ReportQuery.parse({ ...Q4, district: 'Ba Đình' }))).filed).toBeNull();
  });
});
