// The demo city: Hanoi's citizen reception office, six bridge points named after real wards, a few
// agencies, one account per role and a periodic session scheduled for today. Seeded into an empty
// database only; a new session is added on a later day so there is always one for today.
import { hashPassword } from '../auth/passwords.ts';
import type { Db, Role, SiteKind } from '../db/client.ts';

export const DEMO_PASSWORD = 'tiepdan2026';

const SITES: { code: string; name: string; kind: SiteKind; district: string | null; ward: string | null }[] = [
  { code: 'HN-TCD', name: 'Trụ sở Tiếp công dân thành phố', kind: 'HOST_OFFICE', district: null, ward: null },
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

/** Today at 08:00 in Vietnam (UTC+7, no daylight saving), where reception sessions are held. */
export function todayAtEightInHanoi(now = new Date()): Date {
  const hanoi = new Date(now.getTime() + 7 * 3600_000);
  return new Date(Date.UTC(hanoi.getUTCFullYear(), hanoi.getUTCMonth(), hanoi.getUTCDate(), 1, 0, 0));
}

export async function seedDemoCity(db: Db, log: (m: string) => void): Promise<void> {
  if ((await db.site.count()) === 0) {
    log('Seeding the demo city (sites, agencies, accounts)...');
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db.$transaction(async (tx) => {
      await tx.site.createMany({ data: SITES });
      await tx.agency.createMany({ data: AGENCIES });
      const sites = new Map((await tx.site.findMany()).map((s) => [s.code, s.id]));
      const agencies = new Map((await tx.agency.findMany()).map((a) => [a.code, a.id]));
      await tx.account.createMany({
        data: DEMO_ACCOUNTS.map((a) => ({
          username: a.username,
          fullName: a.fullName,
          role: a.role,
          passwordHash,
          siteId: sites.get(a.site)!,
          agencyId: a.agency ? agencies.get(a.agency)! : null,
        })),
      });
    });
  }
  await ensureDemoAccounts(db, log);
  await ensureTodaysDemoSession(db, log);
}

/** A demo city seeded by an older version gets the demo accounts added since (e.g. the bridge secretary). */
async function ensureDemoAccounts(db: Db, log: (m: string) => void): Promise<void> {
  const existing = new Set((await db.account.findMany({ where: { username: { in: DEMO_ACCOUNTS.map((a) => a.username) } }, select: { username: true } })).map((a) => a.username));
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.username));
  if (missing.length === 0 || existing.size === 0) return; // complete, or not the demo city
  const sites = new Map((await db.site.findMany()).map((s) => [s.code, s.id]));
  const agencies = new Map((await db.agency.findMany()).map((a) => [a.code, a.id]));
  const usable = missing.filter((a) => sites.has(a.site) && (!a.agency || agencies.has(a.agency)));
  if (usable.length === 0) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.account.createMany({
    data: usable.map((a) => ({ username: a.username, fullName: a.fullName, role: a.role, passwordHash, siteId: sites.get(a.site)!, agencyId: a.agency ? agencies.get(a.agency)! : null })),
    skipDuplicates: true,
  });
  log(`Added demo accounts: ${usable.map((a) => a.username).join(', ')}.`);
}

async function ensureTodaysDemoSession(db: Db, log: (m: string) => void): Promise<void> {
  const start = todayAtEightInHanoi();
  const dayEnd = new Date(start.getTime() + 16 * 3600_000);
  const exists = await db.receptionSession.count({ where: { scheduledStart: { gte: start, lt: dayEnd } } });
  if (exists > 0) return;
  const host = await db.site.findUnique({ where: { code: 'HN-TCD' } });
  const chair = await db.account.findUnique({ where: { username: 'chutri' } });
  if (!host || !chair) return; // not the demo city
  const bridges = await db.site.findMany({ where: { kind: 'BRIDGE_POINT', active: true } });
  const agencies = await db.agency.findMany();
  const hanoiDate = new Date(start.getTime() + 7 * 3600_000);
  const month = `${String(hanoiDate.getUTCMonth() + 1).padStart(2, '0')}/${hanoiDate.getUTCFullYear()}`;
  const ymd = hanoiDate.toISOString().slice(0, 10);
  await db.receptionSession.create({
    data: {
      title: `Tiếp công dân định kỳ của lãnh đạo thành phố tháng ${month}`,
      kind: 'PERIODIC',
      scheduledStart: start,
      scheduledEnd: new Date(start.getTime() + 4 * 3600_000),
      chairId: chair.id,
      hostSiteId: host.id,
      roomName: `tiepdan-${ymd}-dinh-ky`,
      sites: { create: bridges.map((b) => ({ siteId: b.id })) },
      agencies: { create: agencies.map((a) => ({ agencyId: a.id })) },
    },
  });
  log(`Demo session scheduled for today (${ymd}).`);
}
