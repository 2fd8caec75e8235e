// The demo city: Hanoi's citizen reception office, six bridge points named after real wards, a few
// agencies, one account per role and a monthly periodic series whose next session is today. Built through
// the services an office uses on its own hub (the first administrator by the setup, sites, agencies and
// accounts by administration, every password through its one-time link, the series by scheduling), so the
// demo shows what a real hub holds and goes wrong where a real hub would. Seeded into an empty database
// only, and marked as the demo: a real hub started with SEED_DEMO by mistake is never touched. On a later
// day, or when today is not one of the series' days, a session for today is scheduled beside the series.
import {
  AccountInput,
  AgencyInput,
  ScheduleSeriesRequest,
  ScheduleSessionRequest,
  SiteInput,
  type ScheduleSessionRequest as SessionRequest,
} from '../../../protocol/index.ts';
import { personOf, type Person } from '../access/caller.ts';
import { AdministrationServices } from '../administration.ts';
import { AccountRepository } from '../auth/account.repository.ts';
import { HolidaysRepository } from '../calendar/holidays.repository.ts';
import { vietnamDay, vietnamInstant } from '../calendar/vietnam-clock.ts';
import { nextWorkingDay, weekdayOf } from '../calendar/working-days.ts';
import type { Db, Role, SiteKind } from '../db/client.ts';
import { EventBus } from '../events/event-bus.ts';
import { ScheduleRepository } from '../schedule/schedule.repository.ts';
import { ScheduleService } from '../schedule/schedule.service.ts';
import { SetupRepository } from '../setup/setup.repository.ts';
import { SetupService } from '../setup/setup.service.ts';

export const DEMO_PASSWORD = 'tiepdan2026';
/** The hub setting that says this database is the demo city's. */
const DEMO_MARKER = 'demoCity';

const HOST = { code: 'HN-TCD', name: 'Trụ sở Tiếp công dân thành phố' };

const BRIDGES: { code: string; name: string; kind: SiteKind; district: string; ward: string }[] = [
  { code: 'BA-DINH', name: 'Điểm cầu phường Ba Đình', kind: 'BRIDGE_POINT', district: 'Ba Đình', ward: 'Ba Đình' },
  { code: 'HOAN-KIEM', name: 'Điểm cầu phường Hoàn Kiếm', kind: 'BRIDGE_POINT', district: 'Hoàn Kiếm', ward: 'Hoàn Kiếm' },
  { code: 'CAU-GIAY', name: 'Điểm cầu phường Cầu Giấy', kind: 'BRIDGE_POINT', district: 'Cầu Giấy', ward: 'Cầu Giấy' },
  { code: 'HA-DONG', name: 'Điểm cầu phường Hà Đông', kind: 'BRIDGE_POINT', district: 'Hà Đông', ward: 'Hà Đông' },
  { code: 'LONG-BIEN', name: 'Điểm cầu phường Long Biên', kind: 'BRIDGE_POINT', district: 'Long Biên', ward: 'Long Biên' },
  { code: 'SOC-SON', name: 'Điểm cầu xã Sóc Sơn', kind: 'BRIDGE_POINT', district: 'Sóc Sơn', ward: 'Sóc Sơn' },
];

const AGENCIES = [
  { code: 'SO-NNMT', name: 'Sở Nông nghiệp và Môi trường', field: 'Đất đai, môi trường' },
  { code: 'SO-XD', name: 'Sở Xây dựng', field: 'Xây dựng, trật tự đô thị' },
  { code: 'SO-NV', name: 'Sở Nội vụ', field: 'Chế độ chính sách' },
  { code: 'SO-TC', name: 'Sở Tài chính', field: 'Bồi thường, giải phóng mặt bằng' },
  { code: 'THANH-TRA', name: 'Thanh tra thành phố', field: 'Khiếu nại, tố cáo' },
];

/** The first is the administrator the setup creates; the others are created by them. */
export const DEMO_ACCOUNTS: { username: string; fullName: string; role: Role; site: string; agency?: string }[] = [
  { username: 'quantri', fullName: 'Nguyễn Văn Quản', role: 'ADMIN', site: 'HN-TCD' },
  { username: 'chutri', fullName: 'Trần Quốc Chủ', role: 'CHAIR', site: 'HN-TCD' },
  { username: 'dieuphoi', fullName: 'Lê Thị Điều', role: 'MODERATOR', site: 'HN-TCD' },
  { username: 'thuky', fullName: 'Phạm Thu Kỳ', role: 'SECRETARY', site: 'HN-TCD' },
  { username: 'thuky.badinh', fullName: 'Trịnh Thị Ghi', role: 'SECRETARY', site: 'BA-DINH' },
  { username: 'coquan.xaydung', fullName: 'Đỗ Minh Xây', role: 'AGENCY_REP', site: 'HN-TCD', agency: 'SO-XD' },
  { username: 'giamsat', fullName: 'Vũ Thị Giám', role: 'OBSERVER', site: 'HN-TCD' },
  { username: 'diemcau.badinh', fullName: 'Hoàng Văn Ba', role: 'BRIDGE_OPERATOR', site: 'BA-DINH' },
  { username: 'diemcau.hoankiem', fullName: 'Ngô Thị Hoàn', role: 'BRIDGE_OPERATOR', site: 'HOAN-KIEM' },
  { username: 'diemcau.caugiay', fullName: 'Bùi Đức Cầu', role: 'BRIDGE_OPERATOR', site: 'CAU-GIAY' },
  { username: 'diemcau.hadong', fullName: 'Đặng Thị Hà', role: 'BRIDGE_OPERATOR', site: 'HA-DONG' },
  { username: 'diemcau.longbien', fullName: 'Phan Văn Long', role: 'BRIDGE_OPERATOR', site: 'LONG-BIEN' },
  { username: 'diemcau.socson', fullName: 'Lý Thị Sơn', role: 'BRIDGE_OPERATOR', site: 'SOC-SON' },
];

export const DEMO_SERIES_TITLE = 'Tiếp công dân định kỳ của lãnh đạo thành phố';

/** The demo's monthly rule that falls on `day`: its weekday, the how-manieth of the month (Monday is 0). */
export function demoRecurrence(day: string): { kind: 'nthWeekday'; nth: number; weekday: number } {
  return { kind: 'nthWeekday', nth: Math.ceil(Number(day.slice(8, 10)) / 7), weekday: weekdayOf(day) };
}

export async function seedDemoCity(db: Db, log: (m: string) => void, now: () => Date = () => new Date()): Promise<void> {
  if (!(await isDemoCity(db, now, log))) return;
  const services = new AdministrationServices(db, new EventBus(() => {}), now);
  const accounts = new AccountRepository(db);
  const root = personOf((await accounts.byUsername(DEMO_ACCOUNTS[0]!.username))!);
  const sites = await ensureSites(db, services, root);
  const agencies = await ensureAgencies(db, services, root);
  await ensureAccounts(db, services, root, sites, agencies, log);
  await ensureTodaysSession(db, services, personOf((await accounts.byUsername('dieuphoi'))!), sites, agencies, now, log);
}

/** An empty database becomes the demo (its first administrator set up as an office would); a marked one is it. */
async function isDemoCity(db: Db, now: () => Date, log: (m: string) => void): Promise<boolean> {
  if (await db.hubSetting.findUnique({ where: { key: DEMO_MARKER } })) return true;
  const [accounts, sites] = await Promise.all([db.account.count(), db.site.count()]);
  // A demo city seeded before the marker existed has the demo's people.
  const older = accounts > 0 && (await db.account.count({ where: { username: { in: ['quantri', 'chutri', 'diemcau.badinh'] } } })) === 3;
  if (!older && (accounts > 0 || sites > 0)) return false;
  if (!older) {
    log('Seeding the demo city through the setup, administration and scheduling services...');
    const first = DEMO_ACCOUNTS[0]!;
    await new SetupService(new SetupRepository(db), now).createFromCommandLine({ officeName: HOST.name, officeCode: HOST.code, fullName: first.fullName, username: first.username, password: DEMO_PASSWORD });
  }
  await db.hubSetting.create({ data: { key: DEMO_MARKER, value: true } });
  return true;
}

async function ensureSites(db: Db, services: AdministrationServices, root: Person): Promise<Map<string, string>> {
  const ids = new Map((await db.site.findMany({ select: { code: true, id: true } })).map((s) => [s.code, s.id]));
  for (const site of BRIDGES) if (!ids.has(site.code)) ids.set(site.code, (await services.sites.create(root, SiteInput.parse(site))).id);
  return ids;
}

async function ensureAgencies(db: Db, services: AdministrationServices, root: Person): Promise<Map<string, string>> {
  const ids = new Map((await db.agency.findMany({ select: { code: true, id: true } })).map((a) => [a.code, a.id]));
  for (const agency of AGENCIES) if (!ids.has(agency.code)) ids.set(agency.code, (await services.agencies.create(root, AgencyInput.parse(agency))).id);
  return ids;
}

/** Each person as an administrator creates them, with the demo password set through their one-time link. */
async function ensureAccounts(db: Db, services: AdministrationServices, root: Person, sites: Map<string, string>, agencies: Map<string, string>, log: (m: string) => void): Promise<void> {
  const existing = new Set((await db.account.findMany({ select: { username: true } })).map((a) => a.username));
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.username));
  for (const a of missing) {
    const input = AccountInput.parse({ username: a.username, fullName: a.fullName, role: a.role, siteId: sites.get(a.site), agencyId: a.agency ? agencies.get(a.agency) : null });
    const { link } = await services.accounts.create(root, input);
    await services.accounts.setPassword(link.path.slice('#/password/'.length), DEMO_PASSWORD);
  }
  if (missing.length > 0 && existing.size > 1) log(`Added demo accounts: ${missing.map((a) => a.username).join(', ')}.`);
}

/**
 * The moderator schedules the monthly series whose day today is, and, when today is not one of its days
 * (a weekend, a public holiday, a later day of the demo), a session for today beside it. The scheduling
 * clock is the start of today, as if the moderator had done it first thing: a session at 08:00 is then
 * not "in the past" for a demo started in the afternoon.
 */
async function ensureTodaysSession(
  db: Db,
  services: AdministrationServices,
  moderator: Person,
  sites: Map<string, string>,
  agencies: Map<string, string>,
  now: () => Date,
  log: (m: string) => void,
): Promise<void> {
  const today = vietnamDay(now());
  const morning = vietnamInstant(today);
  const holidays = new HolidaysRepository(db);
  const schedule = new ScheduleService(new ScheduleRepository(db), holidays, () => morning);
  await schedule.seedHolidays();
  const chair = await db.account.findUnique({ where: { username: 'chutri' }, select: { id: true } });
  if (!chair) return;
  const plan: Omit<SessionRequest, 'date'> = {
    title: DEMO_SERIES_TITLE,
    kind: 'PERIODIC',
    chairId: chair.id,
    hostSiteId: sites.get(HOST.code)!,
    sites: { mode: 'all' },
    agencyIds: AGENCIES.map((a) => agencies.get(a.code)!),
    turnMinutes: (await services.settings.current()).defaultTurnMinutes,
    startTime: '08:00',
    endTime: '12:00',
  };
  if ((await db.sessionSeries.count()) === 0) {
    // A reception series is held on working days: started on a weekend or a holiday, it begins on the next one.
    const first = nextWorkingDay(today, await holidays.lookup());
    const rule = demoRecurrence(first);
    await schedule.createSeries(moderator, ScheduleSeriesRequest.parse({ ...plan, recurrence: rule, startDate: first }));
    log(`Demo series scheduled: weekday ${rule.weekday + 1} (Monday is 1) of the month's week ${rule.nth}, from ${first}.`);
  }
  const todays = await db.receptionSession.count({ where: { scheduledStart: { gte: morning, lt: vietnamInstant(today, '23:59') }, cancelledAt: null } });
  if (todays > 0) return;
  await schedule.createSession(moderator, ScheduleSessionRequest.parse({ ...plan, date: today }));
  log(`Demo session scheduled for today (${today}).`);
}
