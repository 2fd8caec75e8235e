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

beforeAll(async () => {
  browser = await launchChromium();
  hub = OwnHub.inFreshFolder(OWN_HUB_PORTS, { seedDemo: false });
  await hub.start();
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_PORT: String(hub.ports.postgres) };
  delete env.DATABASE_URL;
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'create-admin', 'quantri.hn', '--name', 'Nguyễn Thị Quản Trị', '--office', 'Ban Tiếp công dân thành phố Hà Nội', '--office-code', 'HN-TCD'], { cwd: ROOT, env, input: 'mat-khau-quan-tri-2026\n', encoding: 'utf8' });
  if (cli.status !== 0) throw new Error(`create-admin failed: ${cli.stderr}`);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
  fs.rmSync(files, { recursive: true, force: true });
});

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
    await expect.poll(() => page.locator('[data-testid="site-table"] tbody tr').count()).toBe(1);

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
    await expect.poll(() => page.locator('[data-testid="site-table"] tbody tr').count()).toBe(127);
    await page.fill('[data-testid="site-filter"]', 'đông anh');
    expect(await page.locator('[data-testid="site-table"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('admin-sites-1366') });

    // An agency, then the operator of ward HN-001 (a bridge point).
    await page.click('[data-testid="admin-tab-agencies"]');
    await page.fill('[data-testid="agency-code"]', 'so-tnmt');
    await page.fill('[data-testid="agency-name"]', 'Sở Nông nghiệp và Môi trường');
    await page.click('[data-testid="agency-add"]');
    await expect.poll(() => page.locator('[data-testid="agency-table"]').innerText()).toContain('SO-TNMT');

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
    await expect.poll(() => page.locator('tr[data-username="diemcau.hn001"]').innerText()).toContain('Ngừng hoạt động');
    await operator.locator('#username').waitFor({ timeout: 20_000 });
    const refused = await fetch(`${hub.baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.baseUrl }, body: JSON.stringify({ username: 'diemcau.hn001', password: 'mat-khau-cua-mot-2026' }) });
    expect(refused.status).toBe(401);

    // The audit log: who did what, newest first.
    await page.click('[data-testid="admin-tab-audit"]');
    const log = page.locator('[data-testid="audit-table"] tbody');
    await expect.poll(() => log.locator('tr').first().getAttribute('data-action')).toBe('account.deactivate');
    expect(await log.locator('tr').first().innerText()).toContain('Nguyễn Thị Quản Trị');
    expect(await log.locator('tr[data-action="account.passwordSet"]').innerText()).toContain('Hoàng Văn Một');
    await page.fill('[data-testid="audit-words"]', 'HN-126');
    await page.keyboard.press('Enter');
    await expect.poll(() => log.locator('tr').count()).toBe(1);
    await page.fill('[data-testid="audit-words"]', '');
    await page.keyboard.press('Enter');
    await expect.poll(() => log.locator('tr').count()).toBe(50);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: screenshotPath('admin-audit-1920') });
    await operatorContext.close();
    await context.close();
  }, 240_000);
});
