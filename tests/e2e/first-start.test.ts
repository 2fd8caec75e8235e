// A real office's first start: `npm start` with SEED_DEMO=false on an empty database prints a one-time
// setup address; the first administrator uses it in Chromium, and then it never works again. Without a
// browser, `npm run admin -- create-admin` does the same on another empty hub, after which that hub's own
// setup address is refused too. No demo data anywhere.
import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from '../support/browser.ts';
import { ROOT } from '../support/hub.ts';
import { OWN_HUB_PORTS, OwnHub } from '../support/own-hub.ts';

let browser: Browser;
const hubs: OwnHub[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const hub of hubs) await hub.dispose(); // after a failure; dispose() of a stopped hub does nothing
});

/** `npm run admin -- create-admin …` against a hub's embedded PostgreSQL, the password on standard input. */
function adminCommand(hub: OwnHub, args: string[], password: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_PORT: String(hub.ports.postgres) };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'create-admin', ...args], { cwd: ROOT, env, input: `${password}\n`, encoding: 'utf8' });
}

/** The one-time address the start command printed, and its token. */
function setupAddress(hub: OwnHub): { url: string; token: string } {
  const found = /(http:\/\/\S+\/#\/setup\/([A-Za-z0-9_-]+))/.exec(hub.output());
  if (!found) throw new Error(`no setup address in the output:\n${hub.output().slice(-2000)}`);
  return { url: found[1]!, token: found[2]! };
}

async function post(hub: OwnHub, path: string, body: unknown): Promise<{ status: number; body: { code?: string; key?: string; message?: string } }> {
  const res = await fetch(`${hub.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.baseUrl }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as never };
}

describe('the first start of an empty hub', () => {
  it('prints a setup address that creates the first administrator once, and never again', async () => {
    const hub = OwnHub.inFreshFolder(OWN_HUB_PORTS, { seedDemo: false });
    hubs.push(hub);
    await hub.start();
    const { url, token } = setupAddress(hub);
    expect(hub.output()).toMatch(/valid 60 minutes, usable once/);
    // Empty: no demo account signs in.
    expect((await post(hub, '/api/auth/sign-in', { username: 'chutri', password: 'tiepdan2026' })).status).toBe(401);

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('[data-testid="setup-page"][data-state="open"]').waitFor({ timeout: 20_000 });
    // A mistake is said, field by field, before anything is saved.
    await page.fill('#setup-office-name', 'Ban Tiếp công dân thành phố Hà Nội');
    await page.fill('#setup-office-code', 'hn tcd');
    await page.click('[data-testid="setup-submit"]');
    expect(await page.locator('[data-testid="setup-error"]').innerText()).toContain('Mã điểm');
    await page.fill('#setup-office-code', 'hn-tcd');
    await page.fill('#setup-full-name', 'Nguyễn Thị Quản Trị');
    await page.fill('#setup-username', 'quantri.hn');
    await page.fill('#setup-password', 'mat-khau-rat-dai-2026');
    await page.fill('#setup-again', 'mat-khau-rat-dai-2026');
    await page.screenshot({ path: screenshotPath('setup-first-administrator-1366') });
    await page.click('[data-testid="setup-submit"]');
    await page.locator('[data-testid="setup-done"]').waitFor({ timeout: 10_000 });

    // The administrator signs in with what they chose, at the office they named.
    await page.click('text=Đến trang đăng nhập');
    await page.fill('#username', 'quantri.hn');
    await page.fill('#password', 'mat-khau-rat-dai-2026');
    await page.click('[data-testid="sign-in"]');
    await expect.poll(() => page.locator('[data-testid="account-name"]').innerText(), { timeout: 10_000 }).toBe('Nguyễn Thị Quản Trị');
    await expect.poll(() => page.locator('[data-testid="account-site"]').innerText()).toBe('Ban Tiếp công dân thành phố Hà Nội');

    // The same address again: the page says it was used; the request is refused and creates nothing.
    const again = await browser.newContext({ locale: 'vi-VN' });
    const second = await again.newPage();
    await second.goto(url);
    await second.locator('[data-testid="setup-page"][data-state="used"]').waitFor({ timeout: 20_000 });
    expect(await second.locator('[data-testid="setup-refused"]').innerText()).toContain('đã được dùng');
    const replay = await post(hub, '/api/setup', { token, officeName: 'Cơ quan khác', officeCode: 'KHAC', fullName: 'Kẻ Thứ Hai', username: 'thuhai', password: 'mat-khau-thu-hai-2026' });
    expect(replay).toMatchObject({ status: 409, body: { code: 'CONFLICT', key: 'setup.used' } });
    expect((await post(hub, '/api/auth/sign-in', { username: 'thuhai', password: 'mat-khau-thu-hai-2026' })).status).toBe(401);

    // The command line is refused too now that the hub has an administrator.
    const cli = adminCommand(hub, ['thuba'], 'mat-khau-thu-ba-2026');
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('đã có tài khoản');
    await again.close();
    await context.close();
    await hub.dispose(); // the next test starts another empty hub on the same ports
  }, 180_000);

  it('creates the first administrator from the command line, after which the setup address is refused', async () => {
    const hub = OwnHub.inFreshFolder(OWN_HUB_PORTS, { seedDemo: false });
    hubs.push(hub);
    await hub.start();
    const { token } = setupAddress(hub);
    const cli = adminCommand(hub, ['quantri.cli', '--name', 'Trần Văn Dòng Lệnh', '--office-code', 'HN-TCD'], 'mat-khau-dong-lenh-2026');
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('Đã tạo quản trị viên “quantri.cli”');
    expect(cli.stdout).not.toContain('mat-khau-dong-lenh-2026');
    expect((await post(hub, '/api/auth/sign-in', { username: 'quantri.cli', password: 'mat-khau-dong-lenh-2026' })).status).toBe(200);
    const status = (await (await fetch(`${hub.baseUrl}/api/setup/${token}`)).json()) as { state: string };
    expect(status.state).toBe('done');
    const late = await post(hub, '/api/setup', { token, officeName: 'Cơ quan khác', officeCode: 'KHAC', fullName: 'Người Đến Muộn', username: 'muon', password: 'mat-khau-den-muon-2026' });
    expect(late).toMatchObject({ status: 409, body: { key: 'setup.done' } });
    await hub.dispose();
  }, 180_000);
});
