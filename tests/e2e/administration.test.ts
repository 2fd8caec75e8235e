// A real office sets up its hub through the product, in Chromium: an empty hub (no demo), the first
// administrator from the command line, then the city's 126 wards and communes from a CSV file (a file with
// two bad rows first: refused whole, both rows shown, nothing saved), an agency, and a bridge operator whose
// account is finished through its one-time link in another browser. Deactivating the operator signs their
// open page out at once; the audit log shows every step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from '../support/browser.ts';
import { ROOT } from '../support/hub.ts';
import { OWN_HUB_PORTS, OwnHub } from '../support/own-hub.ts';
import { LiveClient } from '../support/live.ts';
import { ApiClient } from '../support/api.ts';
import { connectSocket, connected } from '../support/socket.ts';
import { pdfText } from '../support/documents.ts';
import { SCANS } from '../support/scans.ts';
import ExcelJS from 'exceljs';
import { Mailbox } from '../support/mailbox.ts';
import { overlappingControls, seriousAxeViolations } from '../support/screen-checks.ts';

let browser: Browser;
let hub: OwnHub;
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-import-'));

const DISTRICTS = ['Ba Đình', 'Hoàn Kiếm', 'Tây Hồ', 'Long Biên', 'Cầu Giấy', 'Đống Đa', 'Hai Bà Trưng', 'Hoàng Mai', 'Thanh Xuân', 'Nam Từ Liêm', 'Bắc Từ Liêm', 'Hà Đông', 'Sơn Tây', 'Ba Vì', 'Chương Mỹ', 'Đan Phượng', 'Đông Anh', 'Gia Lâm', 'Hoài Đức', 'Mê Linh', 'Mỹ Đức', 'Phú Xuyên', 'Phúc Thọ', 'Quốc Oai', 'Sóc Sơn', 'Thạch Thất', 'Thanh Oai', 'Thanh Trì', 'Thường Tín', 'Ứng Hòa'];

function wardsFile(name: string, bad: { unknownDistrictAt?: number; duplicateAt?: number } = {}): string {
  const lines = ['Mã;Tên;Loại;Quận/huyện;Xã/phường'];
  for (let i = 1; i <= 126; i++) {
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const code = i === bad.duplicateAt ? 'HN-007' : `HN-${String(i).padStart(3, '0')}`;
    lines.push(`${code};Điểm cầu số ${i} (${district});Điểm cầu;${i === bad.unknownDistrictAt ? 'Hà Tây' : district};Phường số ${i}`);
  }
  const file = path.join(files, name);
  // With the byte-order mark Excel writes for "CSV UTF-8", and semicolons as some Excel versions do.
  fs.writeFileSync(file, '\ufeff' + lines.join('\r\n') + '\r\n');
  return file;
}

/** The office's mail server: a real SMTP server on loopback that the hub sends its reminders to. */
const mailbox = new Mailbox();

beforeAll(async () => {
  browser = await launchChromium();
  const smtpPort = await mailbox.listen();
  // The clock is the hub's own time source, which the fifth test moves to make a case overdue.
  hub = OwnHub.inFreshFolder(OWN_HUB_PORTS, { seedDemo: false, env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Tiếp Dân Hub <no-reply@tiepdan.hanoi.gov.vn>', CLOCK_CONTROL: 'true' } });
  await hub.start();
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_PORT: String(hub.ports.postgres) };
  delete env.DATABASE_URL;
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'create-admin', 'quantri.hn', '--name', 'Nguyễn Thị Quản Trị', '--office', 'Ban Tiếp công dân thành phố Hà Nội', '--office-code', 'HN-TCD'], { cwd: ROOT, env, input: 'mat-khau-quan-tri-2026\n', encoding: 'utf8' });
  if (cli.status !== 0) throw new Error(`create-admin failed: ${cli.stderr}`);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
  await mailbox.close();
  fs.rmSync(files, { recursive: true, force: true });
});

/** Today's session of the monthly series, held live by the second test. */
let heldSession = '';
/** The tracking code on the first intake's receipt (the third test), looked up by the citizen in the fourth. */
let firstCode = '';
/** The deadline the notice gives both cases (the fourth test), which the fifth moves the clock past. */
let noticeDeadline = '';

/** The password each account made in this file chooses through its one-time link. */
const password = (u: string) => `mat-khau-cua-${u.replace(/\W/g, '')}-2026`.slice(0, 40);

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${hub.baseUrl}/`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('[data-testid="sign-in"]');
  await page.locator('[data-testid="account-name"]').waitFor({ timeout: 20_000 });
}

describe('an administrator sets up a real office', () => {
  it('imports the city’s sites, creates an operator through a one-time link, and deactivates them everywhere at once', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await signIn(page, 'quantri.hn', 'mat-khau-quan-tri-2026');
    await page.click('[data-testid="nav-admin"]');
    await page.locator('[data-testid="site-table"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="site-table"] tbody tr').count(), { timeout: 20_000 }).toBe(1);

    // A file with two bad rows: the preview names both; nothing can be saved.
    await page.click('summary');
    await page.setInputFiles('[data-testid="import-file"]', wardsFile('phuong-xa-loi.csv', { unknownDistrictAt: 40, duplicateAt: 97 }));
    const preview = page.locator('[data-testid="import-preview"]');
    await expect.poll(() => preview.getAttribute('data-bad'), { timeout: 20_000 }).toBe('2');
    expect(await preview.getAttribute('data-rows')).toBe('126');
    expect(await page.locator('[data-testid="import-bad"]').innerText()).toContain('2 trong 126 dòng có lỗi');
    expect(await page.locator('tr[data-line="41"]').innerText()).toContain('Quận/huyện “Hà Tây” không có trong danh sách');
    expect(await page.locator('tr[data-line="98"]').innerText()).toContain('Mã “HN-007” trùng với dòng 8');
    expect(await page.locator('[data-testid="import-commit"]').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('admin-import-refused-1366'), fullPage: true });

    // The corrected file: every row valid, saved at once.
    await page.setInputFiles('[data-testid="import-file"]', wardsFile('phuong-xa.csv'));
    await expect.poll(() => preview.getAttribute('data-bad'), { timeout: 20_000 }).toBe('0');
    await page.click('[data-testid="import-commit"]');
    expect(await page.locator('[data-testid="import-done"]').innerText({ timeout: 20_000 })).toMatch(/Đã thêm 126 điểm trong \d+ ms/);
    await expect.poll(() => page.locator('[data-testid="site-table"] tbody tr').count(), { timeout: 20_000 }).toBe(127);
    await page.fill('[data-testid="site-filter"]', 'đông anh');
    expect(await page.locator('[data-testid="site-table"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('admin-sites-1366') });

    // An agency, then the operator of ward HN-001 (a bridge point).
    await page.click('[data-testid="admin-tab-agencies"]');
    await page.fill('[data-testid="agency-code"]', 'so-tnmt');
    await page.fill('[data-testid="agency-name"]', 'Sở Nông nghiệp và Môi trường');
    await page.click('[data-testid="agency-add"]');
    await expect.poll(() => page.locator('[data-testid="agency-table"]').innerText(), { timeout: 20_000 }).toContain('SO-TNMT');

    await page.click('[data-testid="admin-tab-accounts"]');
    await page.locator('[data-testid="account-table"]').waitFor();
    await page.fill('[data-testid="account-username"]', 'diemcau.hn001');
    await page.fill('[data-testid="account-fullname"]', 'Hoàng Văn Một');
    await page.selectOption('[data-testid="account-role-select"]', 'BRIDGE_OPERATOR');
    await page.selectOption('[data-testid="account-site-select"]', { label: 'HN-001 · Điểm cầu số 1 (Hoàn Kiếm)' });
    await page.click('[data-testid="account-save"]');
    const url = await page.locator('[data-testid="password-link-url"]').inputValue({ timeout: 10_000 });
    expect(url).toMatch(new RegExp(`^${hub.baseUrl}/#/password/[A-Za-z0-9_-]{32}$`));
    await page.screenshot({ path: screenshotPath('admin-account-link-1366') });
    await page.click('[data-testid="password-link-close"]');
    expect(await page.locator('tr[data-username="diemcau.hn001"]').innerText()).toContain('Chờ đặt mật khẩu');

    // The operator opens the link in their own browser and chooses a password; then signs in.
    const operatorContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
    const operator = await operatorContext.newPage();
    await operator.goto(url);
    await operator.locator('[data-testid="password-link-page"][data-state="open"]').waitFor({ timeout: 20_000 });
    expect(await operator.locator('[data-testid="password-link-page"]').innerText()).toContain('Hoàng Văn Một');
    await operator.fill('#link-password', 'mat-khau-cua-mot-2026');
    await operator.fill('#link-again', 'mat-khau-cua-mot-2026');
    await operator.screenshot({ path: screenshotPath('password-link-1366') });
    await operator.click('[data-testid="password-link-submit"]');
    await operator.locator('[data-testid="password-link-done"]').waitFor({ timeout: 10_000 });
    await signIn(operator, 'diemcau.hn001', 'mat-khau-cua-mot-2026');
    expect(await operator.locator('[data-testid="account-site"]').innerText()).toBe('Điểm cầu số 1 (Hoàn Kiếm)');
    // An operator has no administration, not even by typing its address.
    expect(await operator.locator('[data-testid="nav-admin"]').count()).toBe(0);
    await operator.goto(`${hub.baseUrl}/#/admin/accounts`);
    await operator.locator('[data-testid="admin-page"] .error-box').waitFor();

    // The link is spent: opened again, it says so.
    const again = await operatorContext.newPage();
    await again.goto(url);
    await again.locator('[data-testid="password-link-page"][data-state="used"]').waitFor({ timeout: 20_000 });

    // Deactivated by the administrator: the operator's open page is signed out at once.
    await page.reload();
    await page.locator('tr[data-username="diemcau.hn001"] [data-testid="account-deactivate"]').click();
    await page.click('[data-testid="confirm-yes"]');
    await expect.poll(() => page.locator('tr[data-username="diemcau.hn001"]').innerText(), { timeout: 20_000 }).toContain('Ngừng hoạt động');
    await operator.locator('#username').waitFor({ timeout: 20_000 });
    const refused = await fetch(`${hub.baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.baseUrl }, body: JSON.stringify({ username: 'diemcau.hn001', password: 'mat-khau-cua-mot-2026' }) });
    expect(refused.status).toBe(401);

    // The audit log: who did what, newest first.
    await page.click('[data-testid="admin-tab-audit"]');
    const log = page.locator('[data-testid="audit-table"] tbody');
    await expect.poll(() => log.locator('tr').first().getAttribute('data-action'), { timeout: 20_000 }).toBe('account.deactivate');
    expect(await log.locator('tr').first().innerText()).toContain('Nguyễn Thị Quản Trị');
    expect(await log.locator('tr[data-action="account.passwordSet"]').innerText()).toContain('Hoàng Văn Một');
    await page.fill('[data-testid="audit-words"]', 'HN-126');
    await page.keyboard.press('Enter');
    await expect.poll(() => log.locator('tr').count(), { timeout: 20_000 }).toBe(1);
    await page.fill('[data-testid="audit-words"]', '');
    await page.keyboard.press('Enter');
    await expect.poll(() => log.locator('tr').count(), { timeout: 20_000 }).toBe(50);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: screenshotPath('admin-audit-1920') });
    await operatorContext.close();
    await context.close();
  }, 240_000);

  it('creates the office’s people, schedules a monthly series whose next session is today, and holds it live', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await signIn(page, 'quantri.hn', 'mat-khau-quan-tri-2026');
    // A chair, a moderator and two bridge operators, each finishing their account through its one-time link.
    const people = [
      { username: 'chutri.hn', fullName: 'Trần Quốc Chủ', role: 'CHAIR', site: 'HN-TCD · Ban Tiếp công dân thành phố Hà Nội' },
      { username: 'dieuphoi.hn', fullName: 'Lê Thị Điều', role: 'MODERATOR', site: 'HN-TCD · Ban Tiếp công dân thành phố Hà Nội', email: 'dieuphoi@tiepdan.hanoi.gov.vn' },
      { username: 'diemcau.hn002', fullName: 'Ngô Thị Hai', role: 'BRIDGE_OPERATOR', site: 'HN-002 · Điểm cầu số 2 (Tây Hồ)' },
      { username: 'diemcau.hn003', fullName: 'Bùi Văn Ba', role: 'BRIDGE_OPERATOR', site: 'HN-003 · Điểm cầu số 3 (Long Biên)' },
      { username: 'giamsat.hn', fullName: 'Đinh Thị Giám Sát', role: 'OBSERVER', site: 'HN-TCD · Ban Tiếp công dân thành phố Hà Nội' },
      { username: 'coquan.nnmt', fullName: 'Hà Văn Cơ', role: 'AGENCY_REP', site: 'HN-TCD · Ban Tiếp công dân thành phố Hà Nội', agency: 'Sở Nông nghiệp và Môi trường', email: 'co.hv@snnmt.hanoi.gov.vn' },
    ];
    // The office's own petition field, offered from now on beside the statutory seven.
    await page.goto(`${hub.baseUrl}/#/admin/fields`);
    await page.fill('[data-testid="field-code"]', 'giao_thong');
    await page.fill('[data-testid="field-name"]', 'Giao thông');
    await page.fill('[data-testid="field-name-en"]', 'Traffic');
    await page.click('[data-testid="field-add"]');
    const traffic = page.locator('[data-testid="field-row-GIAO_THONG"]');
    await traffic.waitFor({ timeout: 20_000 });
    expect(await traffic.innerText()).toContain('Của cơ quan');
    // Before "Khác", which stays last.
    const codes = await page.locator('[data-testid="field-table"] tbody tr strong').allInnerTexts();
    expect(codes.slice(-2)).toEqual(['GIAO_THONG', 'OTHER']);
    await page.screenshot({ path: screenshotPath('admin-fields-1366') });
    await page.goto(`${hub.baseUrl}/#/admin/accounts`);
    await page.locator('[data-testid="account-table"]').waitFor();
    for (const p of people) {
      await page.fill('[data-testid="account-username"]', p.username);
      await page.fill('[data-testid="account-fullname"]', p.fullName);
      if ('email' in p && p.email) await page.fill('[data-testid="account-email"]', p.email);
      await page.selectOption('[data-testid="account-role-select"]', p.role);
      await page.selectOption('[data-testid="account-site-select"]', { label: p.site });
      if ('agency' in p && p.agency) await page.selectOption('[data-testid="account-agency-select"]', { label: p.agency });
      await page.click('[data-testid="account-save"]');
      const url = await page.locator('[data-testid="password-link-url"]').inputValue({ timeout: 10_000 });
      await page.click('[data-testid="password-link-close"]');
      const token = url.split('#/password/')[1]!;
      const set = await fetch(`${hub.baseUrl}/api/password-links`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.baseUrl }, body: JSON.stringify({ token, password: password(p.username) }) });
      expect(set.status).toBe(201);
    }

    // The moderator schedules a monthly series whose rule gives today (in Hà Nội): the nth weekday of today.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const dayOfMonth = Number(today.slice(8, 10));
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
    const nth = Math.ceil(dayOfMonth / 7);
    const moderator = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
    await signIn(moderator, 'dieuphoi.hn', password('dieuphoi.hn'));
    await moderator.click('[data-testid="nav-schedule"]');
    await moderator.click('[data-testid="schedule-tab-new"]');
    await moderator.locator('[data-testid="schedule-form"]').waitFor();
    await moderator.fill('[data-testid="schedule-title"]', 'Tiếp công dân định kỳ tháng');
    await moderator.check('[data-testid="sites-picked"]');
    await moderator.check('[data-testid="pick-HN-002"]');
    await moderator.check('[data-testid="pick-HN-003"]');
    // The agency takes part: the minutes may assign it matters.
    await moderator.getByRole('checkbox', { name: 'Sở Nông nghiệp và Môi trường' }).check();
    if (weekday < 5) {
      await moderator.check('[data-testid="reading-nthWeekday"]');
      await moderator.selectOption('[data-testid="schedule-weekday"]', String(weekday));
      await moderator.selectOption('[data-testid="schedule-nth"]', String(nth));
    } else {
      // A monthly rule skips weekends: on a Saturday or Sunday the test's series is a weekly one on today's day.
      await moderator.check('[data-testid="reading-weekly"]');
      await moderator.check(`[data-testid="weekly-${weekday}"]`);
      await moderator.uncheck('[data-testid="weekly-1"]');
    }
    await moderator.fill('[data-testid="series-start"]', today.split('-').reverse().join('/'));
    // From the top of this hour in Hà Nội to three hours on (at most 23:59): the session is today, still to
    // be held whenever the test runs (its invitations go out until its end), short of the last minute of the day.
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    await moderator.fill('[data-testid="schedule-start"]', `${String(hour).padStart(2, '0')}:00`);
    await moderator.fill('[data-testid="schedule-end"]', `${String(Math.min(hour + 3, 23)).padStart(2, '0')}:59`);
    const preview = moderator.locator('[data-testid="series-preview"] li');
    await expect.poll(() => preview.count(), { timeout: 20_000 }).toBe(12);
    expect(await preview.first().getAttribute('data-date')).toBe(today);
    await moderator.screenshot({ path: screenshotPath('schedule-series-preview-1366'), fullPage: true });
    await moderator.click('[data-testid="schedule-submit"]');
    await moderator.locator('[data-testid="scheduled-table"]').waitFor({ timeout: 20_000 });
    const row = moderator.locator(`[data-testid="scheduled-table"] tr[data-date="${today}"]`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const sessionId = (await row.getAttribute('data-session'))!;
    heldSession = sessionId;
    await moderator.screenshot({ path: screenshotPath('schedule-sessions-1366') });

    // Each bridge operator has the invitation in the hub (today's session: invited at once, and reminded to
    // run the connection test), confirms their ward attends, and sees the session in their calendar.
    for (const op of people.filter((p) => p.role === 'BRIDGE_OPERATOR')) {
      const opPage = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
      await signIn(opPage, op.username, password(op.username));
      const bell = opPage.locator('[data-testid="notification-bell"]');
      await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 20_000 }).toBe('2');
      await bell.click();
      expect(await opPage.locator('[data-testid="notification"][data-kind="INVITATION"]').innerText()).toContain('Tiếp công dân định kỳ tháng');
      await opPage.locator('[data-testid="notification"][data-kind="READINESS_REMINDER"]').waitFor();
      if (op.username === 'diemcau.hn002') await opPage.screenshot({ path: screenshotPath('notifications-bridge-1366') });
      await opPage.click('[data-testid="notification-read-all"]');
      await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 20_000 }).toBe('0');
      await opPage.click('[data-testid="nav-invitations"]');
      const invitation = opPage.locator(`[data-testid="invitation"][data-session="${sessionId}"]`);
      await invitation.locator('[data-testid="invitation-confirm"]').click();
      await expect.poll(() => invitation.getAttribute('data-confirmed'), { timeout: 20_000 }).toBe('true');
      await opPage.click('[data-testid="nav-calendar"]');
      await expect.poll(() => opPage.locator(`[data-testid="calendar-entry"][data-session="${sessionId}"]`).count(), { timeout: 20_000 }).toBe(1);
      if (op.username === 'diemcau.hn002') {
        await opPage.screenshot({ path: screenshotPath('calendar-month-bridge-1366') });
        // The calendar program's feed: the same session, as iCalendar.
        await opPage.click('[data-testid="calendar-feed"]');
        const feedUrl = await opPage.locator('[data-testid="calendar-feed-url"]').inputValue({ timeout: 10_000 });
        const ics = (await (await fetch(feedUrl)).text()).replace(/\r\n[ \t]/g, '');
        expect(ics).toContain(`UID:${sessionId}@tiepdan`);
        expect(ics).toContain('SUMMARY:Tiếp công dân định kỳ tháng');
      }
      await opPage.context().close();
    }
    // The moderator sees both wards confirmed.
    await moderator.locator(`[data-testid="scheduled-table"] tr[data-session="${sessionId}"] [data-testid="scheduled-attendance"]`).click();
    await expect.poll(() => moderator.locator('[data-testid="attendance-table"] tr[data-confirmed="true"]').count(), { timeout: 20_000 }).toBe(2);
    const board = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN' })).newPage();
    await board.goto(`${hub.baseUrl}/#/lich-tiep`);
    const posted = board.locator(`[data-testid="public-session"][data-date="${today}"]`);
    await expect.poll(() => posted.count(), { timeout: 20_000 }).toBe(1);
    expect(await posted.innerText()).toContain('Trần Quốc Chủ');
    expect(await posted.innerText()).toContain('Điểm cầu số 2 (Tây Hồ), Điểm cầu số 3 (Long Biên)');
    await board.screenshot({ path: screenshotPath('public-schedule-1920') });
    await board.context().close();

    // Held live by the people made here: the moderator opens it, the chair starts it, a bridge registers a citizen.
    const mod = await LiveClient.open('dieuphoi.hn', sessionId, hub.baseUrl, password('dieuphoi.hn'));
    const chair = await LiveClient.open('chutri.hn', sessionId, hub.baseUrl, password('chutri.hn'));
    const bridge = await LiveClient.open('diemcau.hn002', sessionId, hub.baseUrl, password('diemcau.hn002'));
    await mod.must({ type: 'session.open' });
    await chair.sync();
    await chair.must({ type: 'session.start' });
    await bridge.sync();
    const me = (await bridge.api.request('GET', '/api/auth/me')).body as { site: { id: string } };
    await bridge.must({ type: 'entry.register', entry: { siteId: me.site.id, citizenName: 'Phạm Văn Đăng', petitionType: 'RECOMMENDATION', field: 'GIAO_THONG' } });
    await chair.sync();
    expect(chair.state!.status).toBe('LIVE');
    expect(chair.state!.entries.map((e) => [e.citizenName, e.field])).toContainEqual(['Phạm Văn Đăng', 'GIAO_THONG']);
    for (const c of [mod, chair, bridge]) c.close();

    // The chair puts a dialogue conference in the year's plan.
    const leader = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN' })).newPage();
    await signIn(leader, 'chutri.hn', password('chutri.hn'));
    await leader.click('[data-testid="nav-plan"]');
    await leader.fill('[data-testid="plan-topic"]', 'Bồi thường, tái định cư dự án cầu Tứ Liên');
    await leader.fill('[data-testid="plan-group"]', 'các hộ dân phường Tây Hồ');
    await leader.selectOption('[data-testid="plan-month"]', '12');
    await leader.click('[data-testid="plan-add"]');
    await expect.poll(() => leader.locator('[data-testid="plan-table"] tr[data-state="planned"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await leader.locator('[data-testid="plan-counts"]').innerText()).toContain('Dự kiến 1');
    await leader.screenshot({ path: screenshotPath('plan-chair-1920') });
    await leader.context().close();
    await moderator.context().close();
    await context.close();
  }, 240_000);

  it('takes two intakes at a bridge point for today’s session, one with a scan and a receipt, the other a returning citizen; both queue, the chair sees the return, an observer’s book masks both', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, 'diemcau.hn002', password('diemcau.hn002'));
    await page.click('[data-testid="nav-intake"]');
    const fill = async (cccd: string, content: string) => {
      await page.selectOption('[data-testid="intake-session"]', heldSession);
      await page.fill('[data-testid="intake-id"]', cccd);
      await page.fill('[data-testid="intake-name"]', 'Nguyễn Văn An');
      await page.fill('[data-testid="intake-birth-year"]', '1985');
      await page.fill('[data-testid="intake-phone"]', '0912 345 678');
      await page.fill('[data-testid="intake-ward"]', 'Phường số 2');
      await page.selectOption('[data-testid="intake-type"]', 'RECOMMENDATION');
      await page.selectOption('[data-testid="intake-field"]', 'LAND_CERTIFICATE');
      await page.check('[data-testid="intake-competent-yes"]');
      await page.fill('[data-testid="intake-content"]', content);
    };
    // A mistyped card is refused beside its box, with what to look at.
    await fill('001 4 85 012345', 'Đề nghị cấp giấy chứng nhận quyền sử dụng đất thửa số 12');
    await page.click('[data-testid="intake-submit"]');
    const cardError = page.locator('[data-testid="intake-error"][data-field="idNumber"]');
    await cardError.waitFor({ timeout: 20_000 });
    expect(await cardError.innerText()).toContain('Chữ số thứ tư');
    // The right number: nobody yet. A program renamed as a scan is refused beside the scans before upload;
    // the real scan is kept.
    await page.fill('[data-testid="intake-id"]', '001 0 85 012345');
    await page.locator('[data-testid="history-unknown"]').waitFor({ timeout: 20_000 });
    await page.setInputFiles('[data-testid="intake-files"]', [
      { name: 'Bản chụp đơn đề nghị.pdf', mimeType: 'application/pdf', buffer: SCANS.pdf },
      { name: 'ghi-chu.docx', mimeType: 'application/octet-stream', buffer: SCANS.exe },
    ]);
    expect(await page.locator('[data-testid="intake-error"][data-field="attachments"]').innerText()).toContain('ghi-chu.docx');
    expect(await page.locator('[data-testid="intake-file-list"]').innerText()).toContain('Bản chụp đơn đề nghị.pdf');
    await page.locator('[data-testid="intake-file-list"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('intake-scans-1366') });
    await page.click('[data-testid="intake-submit"]');
    const tracking = page.locator('[data-testid="intake-tracking"]');
    await tracking.waitFor({ timeout: 20_000 });
    const code = await tracking.innerText();
    firstCode = code;
    expect(code).toMatch(/^TD-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(await page.locator('[data-testid="intake-returning"]').count()).toBe(0);
    expect(await page.locator('[data-testid="intake-attachments"]').innerText()).toContain('Bản chụp đơn đề nghị.pdf');
    // The receipt the citizen takes home: a PDF carrying the tracking code.
    const download = page.waitForEvent('download');
    await page.click('[data-testid="slip-receipt"]');
    const receipt = await download;
    expect(receipt.suggestedFilename()).toBe(`giay-bien-nhan-${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date())}-${code}.pdf`);
    const receiptText = await pdfText(fs.readFileSync(await receipt.path()));
    expect(receiptText).toContain('GIẤY BIÊN NHẬN');
    expect(receiptText).toContain(code);
    expect(receiptText).toContain('Bản chụp đơn đề nghị.pdf');
    // Within the office's competence: accepted for resolution. Into the session's queue without retyping.
    await page.check('[data-testid="handling-ACCEPTED"]');
    await page.click('[data-testid="handling-save"]');
    await page.locator('[data-testid="handling-now"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="handling-now"]').innerText()).toContain('Đã tiếp nhận giải quyết');
    await page.click('[data-testid="intake-queue"]');
    await page.locator('[data-testid="intake-queued"]').waitFor({ timeout: 20_000 });

    // The same citizen back about the same matter: the history shows the first visit, the return is flagged.
    await page.click('[data-testid="intake-another"]');
    await page.fill('[data-testid="intake-id"]', '001085012345');
    await page.locator('[data-testid="history-known"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="history-visit"]').count()).toBe(1);
    expect(await page.locator('[data-testid="history-visit"]').innerText()).toContain('Đã tiếp nhận giải quyết');
    expect(await page.inputValue('[data-testid="intake-name"]')).toBe('Nguyễn Văn An');
    await fill('001085012345', 'Đề nghị lần hai: chưa được cấp giấy chứng nhận thửa số 12');
    await page.screenshot({ path: screenshotPath('intake-history-1366'), fullPage: true });
    await page.click('[data-testid="intake-submit"]');
    await page.locator('[data-testid="intake-returning"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="intake-returning"]').innerText()).toContain('Giấy chứng nhận QSDĐ');
    await page.screenshot({ path: screenshotPath('intake-done-1366') });
    await page.click('[data-testid="intake-queue"]');
    await page.locator('[data-testid="intake-queued"]').waitFor({ timeout: 20_000 });

    // Both turns come from the intakes; the chair's console flags the returning one, the other ward's
    // screen does not learn that the citizen came before.
    const chair = await LiveClient.open('chutri.hn', heldSession, hub.baseUrl, password('chutri.hn'));
    const ward3 = await LiveClient.open('diemcau.hn003', heldSession, hub.baseUrl, password('diemcau.hn003'));
    await chair.sync();
    await ward3.sync();
    const turns = chair.state!.entries.filter((e) => e.intakeId !== null);
    expect(turns.map((t) => [t.citizenName, t.returning === null])).toEqual([
      ['Nguyễn Văn An', true],
      ['Nguyễn Văn An', false],
    ]);
    const turn = turns[1]!;
    expect(turn).toMatchObject({ field: 'LAND_CERTIFICATE', returning: { field: 'LAND_CERTIFICATE' } });
    expect(turn.subject).toContain('thửa số 12');
    expect(ward3.state!.entries.find((e) => e.id === turn.id)!.returning).toBeNull();
    chair.close();
    ward3.close();
    const consolePage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN' })).newPage();
    await signIn(consolePage, 'chutri.hn', password('chutri.hn'));
    await consolePage.goto(`${hub.baseUrl}/#/sessions/${heldSession}`);
    const badge = consolePage.locator('[data-testid="returning-badge"]');
    await badge.first().waitFor({ timeout: 20_000 });
    expect(await badge.count()).toBe(1);
    expect(await badge.innerText()).toContain('Giấy chứng nhận QSDĐ');
    await badge.scrollIntoViewIfNeeded();
    await consolePage.screenshot({ path: screenshotPath('console-returning-1920') });
    await consolePage.context().close();

    // The observer's reception book lists both visits, every citizen masked, and so does its XLSX.
    const observer = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true })).newPage();
    await signIn(observer, 'giamsat.hn', password('giamsat.hn'));
    await observer.click('[data-testid="nav-book"]');
    const rows = observer.locator('[data-testid="book-row"]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-shown')))).toEqual(['masked', 'masked']);
    const bookText = await observer.locator('[data-testid="book-table"]').innerText();
    expect(bookText).toContain('N. V. A.');
    expect(bookText).toContain('*********345');
    expect(bookText).toContain('Tái diễn');
    expect(bookText).not.toContain('Nguyễn Văn An');
    expect(bookText).not.toContain('001085012345');
    await observer.locator('[data-testid="book-masked"]').waitFor();
    await observer.screenshot({ path: screenshotPath('book-observer-1366'), fullPage: true });
    const xlsxDownload = observer.waitForEvent('download');
    await observer.click('[data-testid="book-xlsx"]');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(await (await xlsxDownload).path()) as unknown as ArrayBuffer);
    const sheetText = JSON.stringify(workbook.worksheets[0]!.getSheetValues());
    expect(sheetText).toContain('N. V. A.');
    expect(sheetText).not.toContain('Nguyễn Văn An');
    await observer.context().close();

    // The other ward's operator typing the same card sees that the citizen came, not what they said.
    const other = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
    await signIn(other, 'diemcau.hn003', password('diemcau.hn003'));
    await other.click('[data-testid="nav-intake"]');
    await other.fill('[data-testid="intake-id"]', '001085012345');
    await other.locator('[data-testid="history-known"]').waitFor({ timeout: 20_000 });
    const seen = await other.locator('[data-testid="intake-history"]').innerText();
    expect(seen).toContain('Điểm cầu số 2 (Tây Hồ)');
    expect(seen).not.toContain('thửa số 12');
    await other.context().close();
    await context.close();
  }, 180_000);

  it('makes the notice’s assigned matters cases: the agency accepts, resolves and tells the citizen; the host office sees it; the citizen’s lookup shows the answer', async () => {
    // The chair holds the two intake turns and the earlier one, closes the session, and the minutes assign
    // both of Nguyễn Văn An's matters to the agency (through the minutes' own socket events, as the editor sends them).
    const chair = await LiveClient.open('chutri.hn', heldSession, hub.baseUrl, password('chutri.hn'));
    await chair.sync();
    for (const e of chair.state!.entries.filter((x) => x.status === 'WAITING')) {
      await chair.must({ type: 'floor.give', entryId: e.id });
      await chair.must({ type: 'turn.end' });
    }
    await chair.must({ type: 'session.close' });
    const turns = chair.state!.entries;
    chair.close();
    const api = new ApiClient(hub.baseUrl);
    await api.signIn('chutri.hn', password('chutri.hn'));
    const socket = connectSocket(hub.baseUrl, api.cookie);
    await connected(socket);
    const agencyId = (await (await fetch(`${hub.baseUrl}/api/cases`, { headers: { cookie: api.cookie! } })).json()).agencies[0].id as string;
    const inTen = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + 10 * 86_400_000));
    noticeDeadline = inTen;
    for (const t of turns) {
      const assigned = t.intakeId !== null;
      const res = await socket.emitWithAck('minutes:fields', { sessionId: heldSession, entryId: t.id, petitionType: null, field: null, conclusionType: assigned ? 'ASSIGNED' : 'ANSWERED', agencyId: assigned ? agencyId : null, deadline: assigned ? inTen : null });
      expect(res.ok, JSON.stringify(res)).toBe(true);
    }
    const approved = await socket.emitWithAck('minutes:approve', { sessionId: heldSession });
    expect(approved.ok, JSON.stringify(approved)).toBe(true);
    socket.disconnect();

    // The agency's representative finds both in their queue, and takes the first to the citizen's answer.
    const agency = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
    await signIn(agency, 'coquan.nnmt', password('coquan.nnmt'));
    await agency.click('[data-testid="nav-cases"]');
    const rows = agency.locator('[data-testid="case-row"]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-status')))).toEqual(['ASSIGNED', 'ASSIGNED']);
    await rows.first().locator('[data-testid="case-open"]').click();
    await agency.locator('[data-testid="case-detail"]').waitFor({ timeout: 20_000 });
    await agency.click('[data-testid="case-act-accept"]');
    await expect.poll(() => agency.locator('[data-testid="case-detail"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('IN_PROGRESS');
    await agency.click('[data-testid="case-act-resolve"]');
    await agency.check('[data-testid="case-result-full"]');
    await agency.fill('[data-testid="case-answer"]', 'Đã cấp giấy chứng nhận quyền sử dụng đất thửa số 12');
    await agency.click('[data-testid="case-act-save"]');
    await expect.poll(() => agency.locator('[data-testid="case-detail"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('RESOLVED');
    await agency.click('[data-testid="case-act-inform"]');
    await agency.fill('[data-testid="case-how"]', 'Trao tận tay tại trụ sở phường');
    await agency.click('[data-testid="case-act-save"]');
    await expect.poll(() => agency.locator('[data-testid="case-detail"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('INFORMED');
    expect(await agency.locator('[data-testid="case-timeline"] li').evaluateAll((all) => all.map((l) => l.getAttribute('data-kind')))).toEqual(['notice.assigned', 'accept', 'resolve', 'inform']);
    await agency.screenshot({ path: screenshotPath('cases-agency-1366') });
    await agency.context().close();

    // The host office sees the city's two cases, one closed.
    const host = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN' })).newPage();
    await signIn(host, 'dieuphoi.hn', password('dieuphoi.hn'));
    await host.click('[data-testid="nav-cases"]');
    const hostRows = host.locator('[data-testid="case-row"]');
    await expect.poll(() => hostRows.count(), { timeout: 20_000 }).toBe(2);
    expect((await hostRows.evaluateAll((all) => all.map((r) => r.getAttribute('data-status')))).sort()).toEqual(['ASSIGNED', 'INFORMED']);
    // Filtered to the cases still open at that agency: the one not yet resolved.
    await host.selectOption('[data-testid="cases-status"]', 'ASSIGNED');
    await host.click('[data-testid="cases-search"]');
    await expect.poll(() => hostRows.count(), { timeout: 20_000 }).toBe(1);
    await host.screenshot({ path: screenshotPath('cases-host-1920') });
    await host.context().close();

    // The citizen, without signing in, opens the receipt's address and types the last four digits of their CCCD.
    const citizen = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
    await citizen.goto(`${hub.baseUrl}/#/tra-cuu?ma=${firstCode}`);
    expect(await citizen.inputValue('[data-testid="lookup-code"]')).toBe(firstCode);
    await citizen.fill('[data-testid="lookup-suffix"]', '2344');
    await citizen.click('[data-testid="lookup-submit"]');
    await citizen.locator('[data-testid="lookup-not-found"]').waitFor({ timeout: 20_000 });
    await citizen.fill('[data-testid="lookup-suffix"]', '2345');
    await citizen.click('[data-testid="lookup-submit"]');
    await citizen.locator('[data-testid="lookup-result"]').waitFor({ timeout: 20_000 });
    const shown = await citizen.locator('[data-testid="lookup-result"]').innerText();
    expect(shown).toContain('Sở Nông nghiệp và Môi trường');
    // The first visit's case is the one the agency closed (cases are numbered in the order of the turns).
    expect(shown).toContain('Đã giải quyết toàn bộ: Đã cấp giấy chứng nhận quyền sử dụng đất thửa số 12');
    expect(shown).toContain('Đã báo kết quả cho công dân');
    expect(shown).not.toContain('Nguyễn Văn An');
    await citizen.screenshot({ path: screenshotPath('lookup-citizen-1366') });
    await citizen.context().close();
  }, 240_000);

  it('makes the other case overdue when the hub’s clock passes its deadline: the agency is reminded in the hub and by e-mail; the citizen asks to reopen the first, the office reopens it and grants an extension', async () => {
    // The administrator moves the hub's time source to 08:00 the day after the deadline (no sleeping).
    const admin = new ApiClient(hub.baseUrl);
    await admin.signIn('quantri.hn', 'mat-khau-quan-tri-2026');
    const dayAfter = new Date(Date.parse(`${noticeDeadline}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const moved = await admin.request('PUT', '/api/clock', { at: `${dayAfter}T08:00:00+07:00` });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await admin.request('PUT', '/api/clock', { at: new Date().toISOString() })).body).toMatchObject({ key: 'clock.backwards' });

    // The host office sees one case closed and one overdue, standing out; the overdue filter finds it.
    const host = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN' })).newPage();
    await signIn(host, 'dieuphoi.hn', password('dieuphoi.hn'));
    await host.click('[data-testid="nav-cases"]');
    const hostRows = host.locator('[data-testid="case-row"]');
    await expect.poll(() => hostRows.count(), { timeout: 20_000 }).toBe(2);
    expect((await hostRows.evaluateAll((all) => all.map((r) => `${r.getAttribute('data-status')}:${r.getAttribute('data-overdue')}`))).sort()).toEqual(['ASSIGNED:true', 'INFORMED:false']);
    await host.locator('[data-testid="case-overdue"]').waitFor();
    await host.check('[data-testid="cases-overdue"]');
    await host.click('[data-testid="cases-search"]');
    await expect.poll(() => hostRows.count(), { timeout: 20_000 }).toBe(1);
    await host.screenshot({ path: screenshotPath('cases-overdue-host-1920') });

    // The agency's bell carries the overdue reminder, and its representative's mailbox the e-mail, which
    // names the case by its number and nothing of the matter or the citizen.
    const agency = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
    await signIn(agency, 'coquan.nnmt', password('coquan.nnmt'));
    await agency.click('[data-testid="notification-bell"]');
    await agency.locator('[data-testid="notification"][data-kind="CASE_OVERDUE"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => mailbox.received.filter((m) => m.subject?.includes('đã quá hạn')).length, { timeout: 30_000 }).toBe(1);
    const overdueMail = mailbox.received.find((m) => m.subject?.includes('đã quá hạn'))!;
    expect(Mailbox.to(overdueMail)).toBe('co.hv@snnmt.hanoi.gov.vn');
    expect(overdueMail.subject).toMatch(/^\[Tiếp Dân Hub\] Vụ việc VV-\d{4}-\d{5} đã quá hạn/);
    expect(`${overdueMail.subject} ${overdueMail.text}`).not.toContain('Nguyễn Văn An');
    await agency.screenshot({ path: screenshotPath('cases-overdue-agency-bell-1366') });

    // The citizen, on the public page, says the first answer only partly satisfied them and asks to reopen it.
    const citizen = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
    await citizen.goto(`${hub.baseUrl}/#/tra-cuu?ma=${firstCode}`);
    await citizen.fill('[data-testid="lookup-suffix"]', '2345');
    await citizen.click('[data-testid="lookup-submit"]');
    await citizen.locator('[data-testid="lookup-rate"]').waitFor({ timeout: 20_000 });
    await citizen.locator('[data-testid="lookup-reopen"]').scrollIntoViewIfNeeded();
    await citizen.screenshot({ path: screenshotPath('lookup-rate-1366') });
    await citizen.check('[data-testid="lookup-satisfaction-PARTLY"]');
    await citizen.fill('[data-testid="lookup-comment"]', 'Mới cấp giấy cho một thửa');
    await citizen.click('[data-testid="lookup-rate-send"]');
    await citizen.locator('[data-testid="lookup-rated"]').waitFor({ timeout: 20_000 });
    await citizen.fill('[data-testid="lookup-reopen-reason"]', 'Thửa thứ hai chưa được xem xét');
    await citizen.click('[data-testid="lookup-reopen-send"]');
    await citizen.locator('[data-testid="lookup-reopen-asked"]').waitFor({ timeout: 20_000 });
    expect(await citizen.locator('[data-testid="lookup-reopen"]').count()).toBe(0);
    await citizen.screenshot({ path: screenshotPath('lookup-reopen-asked-1366') });
    await citizen.context().close();

    // The office is told; it opens the case, reads the request and the citizen's word, and reopens it.
    await host.reload();
    await host.click('[data-testid="notification-bell"]');
    await host.locator('[data-testid="notification"][data-kind="CASE_REOPEN_ASKED"]').waitFor({ timeout: 20_000 });
    await host.keyboard.press('Escape');
    const closed = host.locator('[data-testid="case-row"][data-status="INFORMED"]');
    await closed.locator('[data-testid="case-open"]').click();
    await host.locator('[data-testid="case-reopen-asked"]').waitFor({ timeout: 20_000 });
    expect(await host.locator('[data-testid="case-reopen-asked"]').innerText()).toContain('Thửa thứ hai chưa được xem xét');
    expect(await host.locator('[data-testid="case-satisfaction"]').getAttribute('data-value')).toBe('PARTLY');
    await host.screenshot({ path: screenshotPath('cases-reopen-asked-host-1920') });
    await host.click('[data-testid="case-act-approveReopen"]');
    await host.fill('[data-testid="case-reason"]', 'Xem xét tiếp thửa đất thứ hai');
    await host.click('[data-testid="case-act-save"]');
    await expect.poll(() => host.locator('[data-testid="case-detail"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('IN_PROGRESS');

    // The agency, on its new round, asks for more time; the office grants it; every step is on the timeline.
    await agency.reload();
    await agency.click('[data-testid="nav-cases"]');
    await agency.locator('[data-testid="case-row"][data-status="IN_PROGRESS"] [data-testid="case-open"]').click();
    await agency.locator('[data-testid="case-detail"]').waitFor({ timeout: 20_000 });
    await agency.click('[data-testid="case-act-askExtension"]');
    await agency.fill('[data-testid="case-days"]', '10');
    await agency.fill('[data-testid="case-reason"]', 'Cần đo đạc lại thửa đất');
    await agency.click('[data-testid="case-act-save"]');
    await agency.locator('[data-testid="case-detail"] >> text=Đang đề nghị gia hạn 10 ngày làm việc').waitFor({ timeout: 20_000 });
    // It attaches the survey's minutes to the case (a PDF, checked by its bytes on the server).
    await agency.setInputFiles('[data-testid="case-document-file"]', { name: 'Biên bản đo đạc thửa 2.pdf', mimeType: 'application/pdf', buffer: SCANS.pdf });
    await agency.click('[data-testid="case-document-attach"]');
    await agency.locator('[data-testid="case-document"]', { hasText: 'Biên bản đo đạc thửa 2.pdf' }).waitFor({ timeout: 20_000 });
    await host.reload();
    await host.click('[data-testid="nav-cases"]');
    await host.locator('[data-testid="case-row"][data-status="IN_PROGRESS"] [data-testid="case-open"]').click();
    await host.click('[data-testid="case-act-approveExtension"]');
    await host.locator('[data-testid="case-timeline"] li[data-kind="decideExtension"]').waitFor({ timeout: 20_000 });
    expect(await host.locator('[data-testid="case-timeline"] li').evaluateAll((all) => all.map((l) => l.getAttribute('data-kind')))).toEqual([
      'notice.assigned',
      'accept',
      'resolve',
      'inform',
      'rate',
      'askReopen',
      'decideReopen',
      'askExtension',
      'document',
      'decideExtension',
    ]);
    // The office opens the document the agency attached.
    expect(await host.locator('[data-testid="case-document"] a').innerText()).toBe('Biên bản đo đạc thửa 2.pdf');
    await host.screenshot({ path: screenshotPath('cases-timeline-host-1920') });
    await agency.context().close();
    await host.context().close();

    // The quarter's report, at a ward's screen size: the session's two visits (one a returning citizen) and
    // the two cases, none resolved now that the first is reopened, one overdue; the rate as its two numbers.
    const leader = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
    await signIn(leader, 'dieuphoi.hn', password('dieuphoi.hn'));
    await leader.click('[data-testid="nav-reports"]');
    const byHead = leader.locator('[data-testid="reports-reception"] tr[data-row="byHead"] td');
    await expect.poll(async () => (await byHead.allInnerTexts()).slice(0, 4), { timeout: 20_000 }).toEqual(['2', '2', '1', '1']);
    expect(await leader.locator('[data-testid="reports-rate"]').innerText()).toContain('0/2');
    // Form 01/XLD: nothing carried over, both petitions received and admissible, each with one signer; both
    // within competence (one marked accepted at the bridge, one not marked) and being resolved as cases (the
    // first reopened, the second open).
    expect((await leader.locator('[data-testid="reports-handling"] tbody td').allInnerTexts()).slice(0, 5)).toEqual(['0', '2', '2', '2', '0']);
    expect(await leader.locator('[data-testid="reports-handling-result"] tbody td').allInnerTexts()).toEqual(['2', '0', '1', '0', '0', '0', '1', '0', '0', '2', '0']);
    expect(await leader.locator('[data-testid="reports-follow-up"] tr.total td').allInnerTexts()).toEqual(['2', '0', '0', '1', '1', expect.stringContaining('0/2')]);
    // The leaders' duty: the chair received in person on one day, short of the quarter's three; three turns
    // heard (Phạm Văn Đăng's and the two intakes').
    const chairRow = leader.locator('[data-testid="reports-leader"]', { hasText: 'Trần Quốc Chủ' });
    expect(await chairRow.locator('td').allInnerTexts()).toEqual(['1', '0', '1/3 ngày\nChưa đủ', '3', '3']);
    expect(await chairRow.getAttribute('data-short')).toBe('true');
    // Its one session opens: chaired by him, three turns heard.
    await chairRow.locator('[data-figure="leaders.inPerson"]').click();
    const held = leader.locator('[data-testid="report-records-sessions"] [data-testid="report-record"]');
    await expect.poll(() => held.count(), { timeout: 20_000 }).toBe(1);
    expect((await held.locator('td').allInnerTexts()).slice(2)).toEqual(['Trần Quốc Chủ', '3', '3', '2']);
    await leader.click('[data-testid="report-records-close"]');
    await leader.screenshot({ path: screenshotPath('reports-1366') });
    // And on the office's 1080p screen.
    await leader.setViewportSize({ width: 1920, height: 1080 });
    await leader.screenshot({ path: screenshotPath('reports-1920') });
    await leader.setViewportSize({ width: 1366, height: 768 });
    // The trend chart is drawn (Chart.js paints its bars on the canvas), with its figures in a table too.
    const chart = leader.locator('[data-testid="reports-chart"] canvas');
    await chart.scrollIntoViewIfNeeded();
    await expect
      .poll(() => chart.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)), { timeout: 20_000 })
      .toBe(true);
    expect(await leader.locator('[data-testid="reports-chart"] tbody tr').count()).toBeGreaterThanOrEqual(3);
    await leader.screenshot({ path: screenshotPath('reports-chart-1366') });
    // The charts of fields, of the agencies' cases and of the rate over time are drawn too.
    for (const testid of ['reports-chart-fields', 'reports-chart-overdue', 'reports-chart-rate']) {
      const canvas = leader.locator(`[data-testid="${testid}"] canvas`);
      await canvas.scrollIntoViewIfNeeded();
      await expect
        .poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)), { timeout: 20_000 })
        .toBe(true);
    }
    await leader.locator('[data-testid="reports-chart-overdue"]').scrollIntoViewIfNeeded();
    await leader.screenshot({ path: screenshotPath('reports-chart-agencies-1366') });
    // Every count opens the records behind it: the one repeated matter is the returning citizen's visit; the
    // one overdue case is the one still open.
    await leader.click('[data-testid="reports-reception"] tr[data-row="byHead"] [data-figure="reception.byHead.repeated"]');
    const drilled = leader.locator('[data-testid="report-records"] [data-testid="report-record"]');
    await expect.poll(() => drilled.count(), { timeout: 20_000 }).toBe(1);
    expect(await leader.locator('[data-testid="report-records-total"]').innerText()).toBe('1 hồ sơ');
    const repeatedRow = await drilled.innerText();
    expect(repeatedRow).toContain('Nguyễn Văn An');
    expect(repeatedRow).toContain('Tái diễn');
    expect(await leader.evaluate(() => document.activeElement?.id)).toBe('records-title');
    await leader.screenshot({ path: screenshotPath('reports-drill-visits-1366') });
    await leader.click('[data-testid="reports-follow-up"] tr.total [data-figure="followUp.overdue"]');
    const overdueCase = leader.locator('[data-testid="report-records-cases"] [data-testid="report-record"]');
    await expect.poll(() => overdueCase.count(), { timeout: 20_000 }).toBe(1);
    expect(await overdueCase.innerText()).toMatch(/VV-\d{4}-\d{5}[\s\S]*Sở Nông nghiệp và Môi trường[\s\S]*Quá hạn/);
    await overdueCase.scrollIntoViewIfNeeded();
    await leader.screenshot({ path: screenshotPath('reports-drill-cases-1366') });
    // The whole page, with a list open, as a person meets it: no serious accessibility problem (axe-core),
    // and no control drawn over another.
    expect(await seriousAxeViolations(leader)).toEqual([]);
    expect(await overlappingControls(leader)).toEqual([]);
    // An observer opens the same visits masked: initials, never the citizen's name.
    const observer = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
    await signIn(observer, 'giamsat.hn', password('giamsat.hn'));
    await observer.click('[data-testid="nav-reports"]');
    await observer.click('[data-testid="reports-reception"] tr[data-row="byHead"] [data-figure="reception.byHead.visits"]');
    const observed = observer.locator('[data-testid="report-records"] [data-testid="report-record"]');
    await expect.poll(() => observed.count(), { timeout: 20_000 }).toBe(2);
    expect(await observed.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-shown')))).toEqual(['masked', 'masked']);
    expect(await observer.locator('[data-testid="report-records"]').innerText()).not.toContain('Nguyễn Văn An');
    await observer.context().close();
    // The XLSX downloads from the page, with the same figures on form 01/TCD.
    const [download] = await Promise.all([leader.waitForEvent('download'), leader.click('[data-testid="reports-export-xlsx"]')]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const report = new ExcelJS.Workbook();
    await report.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect([2, 3, 4, 5].map((c) => report.getWorksheet('01-TCD')!.getCell(11, c).value)).toEqual([2, 2, 1, 1]);
    // And the printed report (Báo cáo) as a PDF in the Decree 30 layout, with the same rate.
    const [pdf] = await Promise.all([leader.waitForEvent('download'), leader.click('[data-testid="reports-export-pdf"]')]);
    expect(pdf.suggestedFilename()).toMatch(/^bao-cao-.*\.pdf$/);
    const printed = await pdfText(fs.readFileSync((await pdf.path())!));
    expect(printed).toContain('BÁO CÁO');
    expect(printed).toContain('Tỷ lệ giải quyết: 0/2');
    expect(printed).toContain('Trần Quốc Chủ');

    // The moderator files the quarter. The agency then resolves the overdue case: the filed report keeps its
    // figures (nothing resolved) and shows the change as a difference against them.
    await leader.click('[data-testid="reports-file"]');
    await leader.click('[data-testid="reports-file-confirm"]');
    await leader.locator('[data-testid="reports-filed"]').waitFor({ timeout: 20_000 });
    expect(await leader.locator('[data-testid="reports-filed"]').innerText()).toContain('Lê Thị Điều');
    const agencyApi = new ApiClient(hub.baseUrl);
    await agencyApi.signIn('coquan.nnmt', password('coquan.nnmt'));
    const open = ((await agencyApi.request('GET', '/api/cases')).body as { cases: { id: string; status: string }[] }).cases.find((c) => c.status === 'ASSIGNED')!;
    for (const step of [{ type: 'accept' }, { type: 'resolve', result: 'FULL', answer: 'Đã cấp giấy chứng nhận thửa số 12', document: 'Quyết định số 45/QĐ-SNNMT' }]) {
      const done = await agencyApi.request('POST', `/api/cases/${open.id}/actions`, step);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    await leader.click('[data-testid="reports-show"]');
    const resolvedRow = leader.locator('[data-testid="reports-differences"] tr[data-key="followUp.resolved"]');
    await resolvedRow.waitFor({ timeout: 20_000 });
    expect(await resolvedRow.locator('th, td').allInnerTexts()).toEqual(['Theo dõi giải quyết › Đã giải quyết', '0', '1']);
    expect((await leader.locator('[data-testid="reports-follow-up"] tr.total td').allInnerTexts()).slice(0, 2)).toEqual(['2', '0']);
    await leader.locator('[data-testid="reports-filed"]').scrollIntoViewIfNeeded();
    await leader.screenshot({ path: screenshotPath('reports-filed-1366') });
    await leader.context().close();
  }, 240_000);
});
