// Administration on a hub set up through the product (an empty database, the first administrator from the
// setup service, no demo data): importing the city's 126 wards and communes all or nothing, accounts
// created without a password and finished through their one-time link, resets and deactivations that end
// every sign-in, and the audit log of all of it.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PetitionFieldInput, fieldName, type SiteImportDone, type SiteImportPreview } from '../../protocol/index.ts';
import { personOf, type Person } from '../../server/src/access/caller.ts';
import { AdministrationServices } from '../../server/src/administration.ts';
import { AccountRepository } from '../../server/src/auth/account.repository.ts';
import { AuthService } from '../../server/src/auth/auth.service.ts';
import { createDb, type Db } from '../../server/src/db/client.ts';
import { applyMigrations } from '../../server/src/db/migrate.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { SetupRepository } from '../../server/src/setup/setup.repository.ts';
import { SetupService } from '../../server/src/setup/setup.service.ts';
import { ROOT } from '../support/hub.ts';

const NAME = `administration_${process.pid}_${Date.now()}`;
let server: Db;
let db: Db;
let clock = new Date('2026-12-01T08:00:00Z');
const events = new EventBus(() => {});
const ended: string[][] = [];
events.on('auth.signInsEnded', ({ authSessionIds }) => void ended.push(authSessionIds));
let admin: AdministrationServices;
let auth: AuthService;
let root: Person;

const DISTRICTS = ['Ba Đình', 'Hoàn Kiếm', 'Tây Hồ', 'Long Biên', 'Cầu Giấy', 'Đống Đa', 'Hai Bà Trưng', 'Hoàng Mai', 'Thanh Xuân', 'Nam Từ Liêm', 'Bắc Từ Liêm', 'Hà Đông', 'Sơn Tây', 'Ba Vì', 'Chương Mỹ', 'Đan Phượng', 'Đông Anh', 'Gia Lâm', 'Hoài Đức', 'Mê Linh', 'Mỹ Đức', 'Phú Xuyên', 'Phúc Thọ', 'Quốc Oai', 'Sóc Sơn', 'Thạch Thất', 'Thanh Oai', 'Thanh Trì', 'Thường Tín', 'Ứng Hòa'];

/** Hanoi's 126 communes and wards as an office would list them: code, name, kind, district, ward. */
function wardsCsv(bad: { unknownDistrictAt?: number; duplicateAt?: number } = {}): string {
  const lines = ['Mã,Tên,Loại,Quận/huyện,Xã/phường,Địa chỉ'];
  for (let i = 1; i <= 126; i++) {
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const kind = i <= 51 ? 'phường' : 'xã';
    const code = i === bad.duplicateAt ? 'HN-005' : `HN-${String(i).padStart(3, '0')}`;
    const where = i === bad.unknownDistrictAt ? 'Huyện Hà Tây' : i % 2 ? `Huyện ${district}` : district;
    lines.push(`${code},"Điểm cầu ${kind} số ${i}, ${district}",Điểm cầu,${where},${kind} số ${i},"Số ${i} đường Lê Lợi"`);
  }
  return lines.join('\r\n') + '\r\n';
}

beforeAll(async () => {
  server = createDb(inject('databaseUrl'));
  await server.$executeRawUnsafe(`CREATE DATABASE "${NAME}"`);
  const url = inject('databaseUrl').replace(/\/[^/?]+(\?.*)?$/, `/${NAME}`);
  await applyMigrations(ROOT, url, () => {});
  db = createDb(url);
  await new SetupService(new SetupRepository(db)).createFromCommandLine({ officeName: 'Ban Tiếp công dân thành phố Hà Nội', officeCode: 'HN-TCD', fullName: 'Nguyễn Thị Quản Trị', username: 'quantri', password: 'mat-khau-quan-tri-2026' });
  admin = new AdministrationServices(db, events, () => clock);
  auth = new AuthService(new AccountRepository(db), events, 3600_000, () => clock);
  root = personOf(await new AccountRepository(db).byUsername('quantri').then((a) => a!));
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await server.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
  await server.$disconnect();
});

const csv = (text: string) => Buffer.from(text, 'utf8');

describe('importing the city’s sites', () => {
  it('refuses a 126-row file with two bad rows whole, naming both, and imports the corrected file', async () => {
    const before = await db.site.count();
    const bad = csv(wardsCsv({ unknownDistrictAt: 40, duplicateAt: 97 }));

    const preview = (await admin.sites.importFile(root, bad, 'csv', true)) as SiteImportPreview;
    expect(preview.rows).toHaveLength(126);
    expect(preview.badRows).toBe(2);
    const problems = preview.rows.filter((r) => r.problems.length > 0).map((r) => ({ line: r.line, keys: r.problems.map((p) => p.key) }));
    // Line 1 is the header: row i of the list is line i + 1.
    expect(problems).toEqual([
      { line: 41, keys: ['import.row.districtUnknown'] },
      { line: 98, keys: ['import.row.codeDuplicate'] },
    ]);
    expect(preview.rows[96]!.problems[0]!.params).toEqual({ code: 'HN-005', line: 6 });

    const refusal = await admin.sites.importFile(root, bad, 'csv', false).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'BAD_REQUEST', key: 'import.refused', params: { count: 2 } });
    expect(Object.keys((refusal as { details: Record<string, string> }).details)).toEqual(['line.41', 'line.98']);
    expect((refusal as { details: Record<string, string> }).details['line.41']).toContain('Hà Tây');
    expect(await db.site.count()).toBe(before);
    expect(await db.auditEntry.count({ where: { action: 'site.create' } })).toBe(0);

    const started = performance.now();
    const done = (await admin.sites.importFile(root, csv(wardsCsv()), 'csv', false)) as SiteImportDone;
    const ms = performance.now() - started;
    console.log(`import of 126 sites: ${ms.toFixed(0)} ms in all, ${done.ms} ms saving`);
    expect(done.created).toBe(126);
    expect(await db.site.count()).toBe(before + 126);
    const site = await db.site.findUniqueOrThrow({ where: { code: 'HN-041' } });
    // Row 41 says "Huyện Hà Đông": the district is "Hà Đông", as the city's list spells it.
    expect(site).toMatchObject({ kind: 'BRIDGE_POINT', district: DISTRICTS[41 % 30], ward: 'phường số 41', active: true });
    expect(await db.auditEntry.count({ where: { action: 'site.create', actorId: root.accountId } })).toBe(126);

    // The same file again: every code exists now, and nothing is saved twice.
    const again = (await admin.sites.importFile(root, csv(wardsCsv()), 'csv', true)) as SiteImportPreview;
    expect(again.badRows).toBe(126);
    expect(again.rows[0]!.problems[0]!.key).toBe('import.row.codeExists');
  });

  it('reads an Excel file by its content and says what is wrong with a file as a whole', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Điểm cầu');
    sheet.addRow(['Mã điểm', 'Tên điểm', 'Loại', 'Quận/Huyện', 'Xã/Phường']);
    sheet.addRow(['xl-001', 'Điểm cầu xã Thư Lâm', 'Điểm cầu', 'Đông Anh', 'Thư Lâm']);
    sheet.addRow(['XL-002', 'Trụ sở tiếp dân huyện Gia Lâm', 'Trụ sở', 'Gia Lâm', '']);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const done = (await admin.sites.importFile(root, xlsx, 'xlsx', false)) as SiteImportDone;
    expect(done.created).toBe(2);
    expect(await db.site.findUniqueOrThrow({ where: { code: 'XL-002' } })).toMatchObject({ kind: 'HOST_OFFICE', district: 'Gia Lâm', ward: null });

    // A CSV sent as if it were Excel, a file in a legacy encoding, a header without names, extra columns.
    await expect(admin.sites.importFile(root, csv(wardsCsv()), 'xlsx', true)).rejects.toMatchObject({ key: 'import.unreadable' });
    await expect(admin.sites.importFile(root, Buffer.from([0x4d, 0xe3, 0x2c, 0x54, 0xea, 0x6e, 0x0a, 0xff, 0xfe]), 'csv', true)).rejects.toMatchObject({ key: 'import.unreadable' });
    const headless = (await admin.sites.importFile(root, csv('Tên,Số điện thoại\nĐiểm cầu A,0912\n'), 'csv', true)) as SiteImportPreview;
    expect(headless.fileProblems.map((p) => p.key)).toEqual(['import.unknownColumn', 'import.missingColumn']);
    await expect(admin.sites.importFile(root, csv('Tên,Số điện thoại\nĐiểm cầu A,0912\n'), 'csv', false)).rejects.toMatchObject({ key: 'import.refusedFile' });
  });

  it('checks one site like a row of a file: a known district, a free code; deactivation keeps it', async () => {
    await expect(admin.sites.create(root, { code: 'HN-001', name: 'Trùng mã', kind: 'BRIDGE_POINT', district: 'Ba Đình', ward: null, address: null })).rejects.toMatchObject({ code: 'CONFLICT', key: 'admin.siteCodeTaken' });
    await expect(admin.sites.create(root, { code: 'HT-01', name: 'Điểm cầu Hà Tây', kind: 'BRIDGE_POINT', district: 'Hà Tây', ward: null, address: null })).rejects.toMatchObject({ key: 'admin.districtUnknown' });
    await admin.sites.addDistrict(root, 'Hà Tây');
    await expect(admin.sites.addDistrict(root, 'hà tây')).rejects.toMatchObject({ key: 'admin.districtTaken' });
    const site = await admin.sites.create(root, { code: 'HT-01', name: 'Điểm cầu Hà Tây', kind: 'BRIDGE_POINT', district: 'hà tây', ward: null, address: null });
    expect(site.district).toBe('Hà Tây');
    const off = await admin.sites.change(root, site.id, { active: false });
    expect(off.active).toBe(false);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { subjectId: site.id, action: 'site.deactivate' } });
    expect(entry.before).toMatchObject({ active: true, code: 'HT-01' });
    expect(entry.after).toMatchObject({ active: false, code: 'HT-01' });
  });
});

describe('accounts and their one-time links', () => {
  const tokenOf = (path: string) => path.replace('#/password/', '');

  it('creates an account without a password; its owner sets one once through the link', async () => {
    const ward = await db.site.findUniqueOrThrow({ where: { code: 'HN-001' } });
    const office = await db.site.findUniqueOrThrow({ where: { code: 'HN-TCD' } });
    // Where a role works.
    await expect(admin.accounts.create(root, { username: 'diemcau.sai', fullName: 'Cán Bộ Sai Chỗ', role: 'BRIDGE_OPERATOR', siteId: office.id, agencyId: null })).rejects.toMatchObject({ key: 'admin.operatorAtBridge' });
    await expect(admin.accounts.create(root, { username: 'chutri.sai', fullName: 'Lãnh Đạo Sai Chỗ', role: 'CHAIR', siteId: ward.id, agencyId: null })).rejects.toMatchObject({ key: 'admin.leaderAtHost' });
    await expect(admin.accounts.create(root, { username: 'coquan.sai', fullName: 'Đại Diện Thiếu', role: 'AGENCY_REP', siteId: office.id, agencyId: null })).rejects.toMatchObject({ key: 'admin.agencyRequired' });
    await expect(admin.accounts.create(root, { username: 'quantri', fullName: 'Trùng Tên', role: 'SECRETARY', siteId: office.id, agencyId: null })).rejects.toMatchObject({ key: 'admin.usernameTaken' });

    const { account, link } = await admin.accounts.create(root, { username: 'diemcau.hn001', fullName: 'Hoàng Văn Một', role: 'BRIDGE_OPERATOR', siteId: ward.id, agencyId: null });
    expect(account).toMatchObject({ passwordSet: false, active: true, site: { code: 'HN-001' } });
    expect(link.path).toMatch(/^#\/password\/[A-Za-z0-9_-]{32}$/);
    // Only the link's hash is stored; the audit log names the account, never a password or its hash.
    expect(await db.passwordLink.count({ where: { id: tokenOf(link.path) } })).toBe(0);
    const created = await db.auditEntry.findFirstOrThrow({ where: { subjectId: account.id, action: 'account.create' } });
    expect(JSON.stringify({ ...created, id: String(created.id) })).not.toMatch(/passwordHash|argon/);

    // No password yet: no sign-in, even with an empty one.
    await expect(auth.signIn('diemcau.hn001', '')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await admin.accounts.linkStatus(tokenOf(link.path))).toMatchObject({ state: 'open', username: 'diemcau.hn001', purpose: 'CREATE' });
    await expect(admin.accounts.setPassword(tokenOf(link.path), 'diemcau.hn001-2026')).rejects.toMatchObject({ key: 'auth.passwordHasUsername' });

    // Two tabs send the link at the same moment: one password is set, the other is told the link was used.
    const results = await Promise.allSettled([admin.accounts.setPassword(tokenOf(link.path), 'mat-khau-cua-mot-2026'), admin.accounts.setPassword(tokenOf(link.path), 'mat-khau-cua-hai-2026')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { key: 'link.used' } });
    const won = results[0]!.status === 'fulfilled' ? 'mat-khau-cua-mot-2026' : 'mat-khau-cua-hai-2026';
    expect((await admin.accounts.linkStatus(tokenOf(link.path))).state).toBe('used');
    const signIn = await auth.signIn('diemcau.hn001', won);
    expect(signIn.me.site.code).toBe('HN-001');
    expect((await admin.accounts.list(root)).find((a) => a.id === account.id)?.passwordSet).toBe(true);
  });

  it('a reset stops the old password and every sign-in; deactivation signs out everywhere and refuses sign-in', async () => {
    const account = (await admin.accounts.list(root)).find((a) => a.username === 'diemcau.hn001')!;
    await db.authSession.deleteMany({ where: { accountId: account.id } });
    const password = 'mat-khau-truoc-dat-lai-2026';
    // The link of a reset: its owner sets a password with it (any earlier link is void).
    await admin.accounts.setPassword(tokenOf(await admin.accounts.resetPassword(root, account.id).then((l) => l.path)), password);
    const first = await auth.signIn('diemcau.hn001', password);
    const second = await auth.signIn('diemcau.hn001', password);
    expect(await auth.authenticate(first.token)).not.toBeNull();

    ended.length = 0;
    const reset = await admin.accounts.resetPassword(root, account.id);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toHaveLength(2);
    expect(await auth.authenticate(first.token)).toBeNull();
    await expect(auth.signIn('diemcau.hn001', password)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await admin.accounts.linkStatus(tokenOf(reset.path))).toMatchObject({ state: 'open', purpose: 'RESET' });

    // A link used after its 72 hours is refused, and a new reset makes a new one.
    clock = new Date(clock.getTime() + 73 * 3600_000);
    expect((await admin.accounts.linkStatus(tokenOf(reset.path))).state).toBe('expired');
    await expect(admin.accounts.setPassword(tokenOf(reset.path), 'mat-khau-qua-han-2026')).rejects.toMatchObject({ key: 'link.expired' });
    const fresh = await admin.accounts.resetPassword(root, account.id);
    await admin.accounts.setPassword(tokenOf(fresh.path), 'mat-khau-moi-nhat-2026');
    const third = await auth.signIn('diemcau.hn001', 'mat-khau-moi-nhat-2026');

    ended.length = 0;
    const off = await admin.accounts.change(root, account.id, { active: false });
    expect(off.active).toBe(false);
    expect(ended).toEqual([[expect.any(String)]]);
    expect(await auth.authenticate(third.token)).toBeNull();
    expect(await auth.authenticate(second.token)).toBeNull();
    await expect(auth.signIn('diemcau.hn001', 'mat-khau-moi-nhat-2026')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(admin.accounts.resetPassword(root, account.id)).rejects.toMatchObject({ key: 'admin.accountInactive' });

    // Reactivated, the same password works again; the log has every step, who did it and what changed.
    await admin.accounts.change(root, account.id, { active: true });
    await auth.signIn('diemcau.hn001', 'mat-khau-moi-nhat-2026');
    const log = await admin.audit.search(root, { subject: 'account' });
    const steps = log.entries.filter((e) => e.subjectId === account.id).map((e) => e.action).reverse();
    expect(steps).toEqual(['account.create', 'account.passwordSet', 'account.resetPassword', 'account.passwordSet', 'account.resetPassword', 'account.resetPassword', 'account.passwordSet', 'account.deactivate', 'account.activate']);
    const deactivation = log.entries.find((e) => e.subjectId === account.id && e.action === 'account.deactivate')!;
    expect(deactivation).toMatchObject({ actor: { username: 'quantri' }, before: { active: true }, after: { active: false } });
    expect((await admin.audit.search(root, { q: 'hoàng văn', subject: 'account' })).entries.length).toBeGreaterThanOrEqual(9);
    expect((await admin.audit.search(root, { from: '2030-01-01' })).entries).toEqual([]);
  });

  it('never leaves the hub without an active administrator, and no one changes their own role', async () => {
    await expect(admin.accounts.change(root, root.accountId, { active: false })).rejects.toMatchObject({ key: 'admin.notYourself' });
    await expect(admin.accounts.change(root, root.accountId, { role: 'SECRETARY' })).rejects.toMatchObject({ key: 'admin.notYourself' });
    const office = await db.site.findUniqueOrThrow({ where: { code: 'HN-TCD' } });
    const { account } = await admin.accounts.create(root, { username: 'quantri.hai', fullName: 'Quản Trị Thứ Hai', role: 'ADMIN', siteId: office.id, agencyId: null });
    const second = personOf(await new AccountRepository(db).byId(account.id));
    await admin.accounts.change(second, root.accountId, { active: false });
    // The first one, deactivated a moment ago (a page still open), cannot take the last one with it.
    await expect(admin.accounts.change(root, account.id, { active: false })).rejects.toMatchObject({ key: 'admin.lastAdmin' });
    await admin.accounts.change(second, root.accountId, { active: true });
    // Deactivating the other one is fine while two are active; the last one stays.
    await admin.accounts.change(root, account.id, { active: false });
    expect(await db.account.count({ where: { role: 'ADMIN', active: true } })).toBe(1);
  });
});

describe('public holidays', () => {
  it('keeps the seeded days editable: a city’s own day off added once, removed, each change in the log', async () => {
    await admin.holidays.add(root, '2026-10-10', 'Ngày Giải phóng Thủ đô (nghỉ theo quyết định của thành phố)');
    await expect(admin.holidays.add(root, '2026-10-10', 'Trùng ngày')).rejects.toMatchObject({ code: 'CONFLICT', key: 'admin.holidayTaken' });
    expect((await admin.holidays.list(root, 2026)).find((h) => h.date === '2026-10-10')).toMatchObject({ name: expect.stringContaining('Thủ đô'), lunar: false });
    await admin.holidays.remove(root, '2026-10-10');
    await expect(admin.holidays.remove(root, '2026-10-10')).rejects.toMatchObject({ code: 'NOT_FOUND', key: 'admin.holidayNotFound' });
    const log = await admin.audit.search(root, { subject: 'holiday' });
    expect(log.entries.map((e) => e.action)).toEqual(['holiday.delete', 'holiday.create']);
    await expect(admin.holidays.list({ ...root, role: 'MODERATOR' }, 2026)).rejects.toMatchObject({ key: 'admin.only' });
  });
});

describe('petition fields', () => {
  it('starts with the statutory seven, "Khác" last; the office’s own field goes before it, with its English name', async () => {
    const seeded = await admin.fields.list();
    expect(seeded.map((f) => f.code)).toEqual(['LAND', 'COMPENSATION', 'LAND_CERTIFICATE', 'ENVIRONMENT', 'SOCIAL_POLICY', 'CONSTRUCTION', 'OTHER']);
    expect(seeded.every((f) => f.statutory && f.active)).toBe(true);
    const traffic = await admin.fields.create(root, PetitionFieldInput.parse({ code: 'giao_thong', nameVi: 'Giao thông', nameEn: 'Traffic' }));
    expect(traffic).toMatchObject({ code: 'GIAO_THONG', nameVi: 'Giao thông', nameEn: 'Traffic', statutory: false, active: true });
    await admin.fields.create(root, PetitionFieldInput.parse({ code: 'Y_TE', nameVi: 'Y tế', nameEn: '' }));
    const list = await admin.fields.list();
    expect(list.map((f) => f.code).slice(-3)).toEqual(['GIAO_THONG', 'Y_TE', 'OTHER']);
    expect(fieldName(list, 'Y_TE', 'en')).toBe('Y tế');
    expect(fieldName(list, 'GIAO_THONG', 'en')).toBe('Traffic');
  });

  it('refuses a taken or malformed code, a change to a statutory field, and anyone but an administrator', async () => {
    await expect(admin.fields.create(root, PetitionFieldInput.parse({ code: 'LAND', nameVi: 'Đất' }))).rejects.toMatchObject({ code: 'CONFLICT', key: 'admin.fieldCodeTaken', details: { code: expect.anything() } });
    for (const code of ['1ABC', 'GIAO THÔNG', 'X', 'A'.repeat(31)]) {
      const parsed = PetitionFieldInput.safeParse({ code, nameVi: 'Tên' });
      expect(parsed.success, code).toBe(false);
      expect(parsed.error!.issues[0]!.message).toContain('v.fieldCode');
    }
    await expect(admin.fields.change(root, 'LAND', { nameVi: 'Đất ở' })).rejects.toMatchObject({ code: 'CONFLICT', key: 'admin.fieldStatutory' });
    await expect(admin.fields.change(root, 'OTHER', { active: false })).rejects.toMatchObject({ key: 'admin.fieldStatutory' });
    await expect(admin.fields.change(root, 'NO_SUCH', { active: false })).rejects.toMatchObject({ code: 'NOT_FOUND', key: 'admin.fieldNotFound' });
    await expect(admin.fields.create({ ...root, role: 'MODERATOR' }, PetitionFieldInput.parse({ code: 'MOI', nameVi: 'Mới' }))).rejects.toMatchObject({ key: 'admin.only' });
    expect((await admin.fields.list()).find((f) => f.code === 'LAND')!.nameVi).toBe('Đất đai');
  });

  it('renames and stops offering the office’s own field, each change in the log, and never deletes it', async () => {
    const renamed = await admin.fields.change(root, 'Y_TE', { nameVi: 'Y tế, dược' });
    expect(renamed.nameVi).toBe('Y tế, dược');
    expect((await admin.fields.change(root, 'Y_TE', { active: false })).active).toBe(false);
    const log = await admin.audit.search(root, { subject: 'field' });
    expect(log.entries.map((e) => e.action)).toEqual(['field.deactivate', 'field.update', 'field.create', 'field.create']);
    expect(log.entries[1]).toMatchObject({ before: { name: 'Y tế' }, after: { name: 'Y tế, dược' } });
    // Never deleted: turns and minutes refer to the code (a foreign key), so the row stays, inactive.
    expect(await db.petitionField.count({ where: { code: 'Y_TE' } })).toBe(1);
  });
});
