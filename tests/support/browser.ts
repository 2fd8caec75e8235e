// Debian's Chromium driven by playwright-core, with a fake camera and a beeping fake microphone.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

/** Where Chromium is installed. */
export function chromiumBinary(): string {
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium is not installed: apt-get install chromium (.ci/run does this).');
  return found;
}

/** Chromium as the tests use it; `through` runs it by another launcher (in a ward's own network), with `args` added. */
export async function launchChromium(through?: { executablePath: string; args?: string[] }): Promise<Browser> {
  return chromium.launch({
    executablePath: through?.executablePath ?? chromiumBinary(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      // Plain host candidates the SFU can reach, not mDNS names.
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      ...(through?.args ?? []),
    ],
  });
}

export interface SitePage {
  context: BrowserContext;
  page: Page;
}

/** Signs in on the sign-in page (with the demo password unless told) and waits for the session list. */
export async function signIn(page: Page, baseUrl: string, username: string, password = 'tiepdan2026'): Promise<void> {
  await page.goto(baseUrl);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('[data-testid="sign-in"]');
  await page.locator('[data-testid="session-item"]').first().waitFor({ timeout: 15_000 });
}

/** A person at a site: signs in with the demo password and opens today's session. */
export async function signInAndJoin(browser: Browser, baseUrl: string, username: string): Promise<SitePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await signIn(page, baseUrl, username);
  await page.locator('[data-testid="join-session"]').first().click();
  await page.locator('[data-testid="room-state"][data-state="live"]').waitFor({ timeout: 20_000 });
  return { context, page };
}

/** Frames decoded so far by the video element of each remote tile, keyed by site code. */
export function remoteVideoFrames(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const tile of document.querySelectorAll<HTMLElement>('[data-testid="site-tile"][data-local="false"]')) {
      const video = tile.querySelector('video');
      out[tile.dataset.siteCode ?? '?'] = video ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
    }
    return out;
  });
}

export function remoteAudioLevels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const tile of document.querySelectorAll<HTMLElement>('[data-testid="site-tile"][data-local="false"]')) {
      out[tile.dataset.siteCode ?? '?'] = Number(tile.dataset.audioLevel ?? 0);
    }
    return out;
  });
}

/** A person at a site who signs in and opens a given session's room directly. */
export async function signInAndOpen(browser: Browser, baseUrl: string, username: string, sessionId: string): Promise<SitePage> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await signIn(page, baseUrl, username);
  await openRoom(page, baseUrl, sessionId);
  return { context, page };
}

export async function openRoom(page: Page, baseUrl: string, sessionId: string): Promise<void> {
  await page.goto(`${baseUrl}/#/sessions/${sessionId}`);
  await page.locator('[data-testid="room-state"][data-state="live"]').waitFor({ timeout: 20_000 });
}

/** Highest audio level seen on a site's tile over `ms`. */
export async function peakAudioLevel(page: Page, siteCode: string, ms: number): Promise<number> {
  return page.evaluate(
    async ({ siteCode, ms }) => {
      let peak = 0;
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const tile = document.querySelector<HTMLElement>(`[data-testid="site-tile"][data-site-code="${siteCode}"]`);
        peak = Math.max(peak, Number(tile?.dataset.audioLevel ?? 0));
        await new Promise((r) => setTimeout(r, 100));
      }
      return peak;
    },
    { siteCode, ms },
  );
}

/** Where end-to-end tests leave their screenshots for a person to look at (test-results/, ignored by git). */
export function screenshotPath(name: string): string {
  const dir = path.join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
