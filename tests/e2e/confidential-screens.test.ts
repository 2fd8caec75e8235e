// A confidential turn as the screens in the rooms show it, in Chromium: the TV of the denouncer's own
// bridge never names them (a room display is a public screen), and another bridge's tiles and TV say why
// they went dark and when the picture comes back.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openRoom, screenshotPath, signIn } from '../support/browser.ts';
import { createSession } from '../support/db.ts';
import { LiveClient } from '../support/live.ts';
import { siteIds } from '../support/turns.ts';

const NAME = 'Vũ Thị Tố Giác';
const SUBJECT = 'Tố cáo cán bộ địa chính nhận tiền';

let browser: Browser;
let sessionId: string;
const contexts: BrowserContext[] = [];
const clients: LiveClient[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  sessionId = await createSession('Phiên thử màn hình lượt kín');
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
});

async function page(username: string, path: 'room' | 'display', viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  contexts.push(context);
  const p = await context.newPage();
  const baseUrl = inject('baseUrl');
  await signIn(p, baseUrl, username);
  if (path === 'room') await openRoom(p, baseUrl, sessionId);
  else {
    await p.goto(`${baseUrl}/#/sessions/${sessionId}/display`);
    await p.locator('[data-testid="room-display"][data-room-state="live"]').waitFor({ timeout: 20_000 });
  }
  return p;
}

const testId = (p: Page, id: string) => p.locator(`[data-testid="${id}"]`);

describe('the screens of a confidential turn', () => {
  it('never name the denouncer on a room’s TV, even at their own bridge, and tell the other bridges why their tiles are dark', async () => {
    const sites = await siteIds();
    const chair = await LiveClient.open('chutri', sessionId);
    const baDinh = await LiveClient.open('diemcau.badinh', sessionId);
    clients.push(chair, baDinh);
    await chair.must({ type: 'session.open' });
    await chair.must({ type: 'session.start' });

    const hostRoom = await page('dieuphoi', 'room');
    const ownRoom = await page('diemcau.badinh', 'room', { width: 1366, height: 768 });
    const ownTv = await page('diemcau.badinh', 'display');
    const otherRoom = await page('diemcau.caugiay', 'room', { width: 1366, height: 768 });
    const otherTv = await page('diemcau.caugiay', 'display');

    const reg = await baDinh.must({
      type: 'entry.register',
      entry: { siteId: sites['BA-DINH']!, citizenName: NAME, subject: SUBJECT, petitionType: 'DENUNCIATION', field: 'LAND', confidential: true },
    });
    // Waiting, then called: the TV announces the confidential turn, not the person.
    await expect.poll(() => testId(ownTv, 'display-next').getAttribute('data-entry-id'), { timeout: 10_000 }).toBe(reg.entryId);
    expect(await testId(ownTv, 'display-next').innerText()).toContain('Lượt phát biểu kín');
    await chair.must({ type: 'queue.call', entryId: reg.entryId! });
    await expect.poll(() => testId(ownTv, 'display-next').getAttribute('data-called'), { timeout: 10_000 }).toBe('true');
    expect(await testId(ownTv, 'display-next').innerText()).toMatch(/^Mời chuẩn bị: Lượt phát biểu kín – Điểm cầu phường Ba Đình/);
    // The bridge's own operator knows who it is, and is told the camera stays off until the floor is given.
    await testId(ownRoom, 'camera-held').waitFor({ timeout: 10_000 });
    expect(await testId(ownRoom, 'get-ready').innerText()).toContain(NAME);
    await ownRoom.screenshot({ path: screenshotPath('confidential-own-bridge-called-1366') });

    await chair.must({ type: 'floor.give', entryId: reg.entryId! });
    await testId(ownTv, 'display-confidential').waitFor({ timeout: 10_000 });
    expect(await testId(ownTv, 'display-speaker').innerText()).toContain('Lượt phát biểu kín');
    // No tile of the speaking bridge on its own TV, and the name nowhere in the page.
    expect(await ownTv.locator(`[data-testid="site-tile"][data-site-code="BA-DINH"]`).count()).toBe(0);

    // At another bridge: every remote tile says why it is dark and how long the turn should still last.
    const withheld = otherRoom.locator('[data-testid="site-tile"][data-local="false"] [data-testid="tile-withheld"]');
    await expect.poll(() => withheld.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const notes = await withheld.allInnerTexts();
    for (const note of notes) expect(note).toMatch(/Lượt phát biểu kín[\s\S]*dự kiến còn \d{2}:\d{2}/);
    // A tile large enough says why, too (a small one keeps the title and the time).
    expect(notes.some((note) => note.includes('giữ bí mật cho người tố cáo'))).toBe(true);
    await testId(otherTv, 'tile-withheld').first().waitFor({ timeout: 10_000 });
    expect(await testId(otherTv, 'tile-withheld').first().innerText()).toContain('giữ bí mật cho người tố cáo');

    await ownTv.screenshot({ path: screenshotPath('confidential-own-tv') });
    await hostRoom.screenshot({ path: screenshotPath('confidential-host-console') });
    await otherRoom.screenshot({ path: screenshotPath('confidential-other-bridge-1366') });
    await otherTv.screenshot({ path: screenshotPath('confidential-other-tv') });
    for (const p of [ownTv, otherRoom, otherTv]) {
      const html = await p.content();
      expect(html).not.toContain(NAME);
      expect(html).not.toContain(SUBJECT);
    }

    await chair.must({ type: 'turn.end' });
    await expect.poll(() => withheld.count(), { timeout: 10_000 }).toBe(0);
    await testId(ownTv, 'display-confidential').waitFor({ state: 'detached', timeout: 10_000 });
    // Five Chromium pages and two turns: about 30 s on two cores; the steps have their own limits.
  }, 150_000);
});
