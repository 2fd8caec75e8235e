// A bridge cut off while the session goes on, in Chromium, on the test hub's real server and LiveKit.
// Playwright holds the switches: the page's LiveKit signalling (how a LiveKit node that died looks to a
// page), and for a network drop also its HTTP and its hub socket. Media over UDP is not cut (Playwright
// cannot), so LiveKit itself goes on listing the participant and no webhook pauses anything: what the
// tests see is the page's own doing.
//  - Cut from LiveKit while its citizen speaks: the page's word (web/src/room/media-report.ts) stops the
//    citizen's clock at the host office, and the clock runs again once the page is back in the room.
//  - Cut from everything for 30 s while the host office calls another site: its citizen keeps its place,
//    and the page catches up with everything it missed when the network returns, without a reload.
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launchChromium, openRoom, screenshotPath, signIn } from '../support/browser.ts';
import { createSession, testDb } from '../support/db.ts';
import { LiveClient } from '../support/live.ts';
import { orderedWaiting } from '../../protocol/index.ts';

let browser: Browser;
const db = testDb();
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await db.$disconnect();
});

const roomState = (page: Page) => page.locator('[data-testid="room-state"]').getAttribute('data-state');
const socketState = (page: Page) => page.locator('[data-testid="socket-banner"]').getAttribute('data-state');

/**
 * Puts a page's connections whose path starts with one of `paths` behind a switch. Cut: open WebSockets
 * close, those opened meanwhile carry nothing either way (as on a dead network), HTTP requests fail.
 * Restored: the dead ones close too, so the page dials again at once, and new ones pass.
 */
async function cuttable(context: BrowserContext, paths: string[]): Promise<{ cut(): Promise<void>; restore(): Promise<void> }> {
  let cut = false;
  const open: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  const ours = (url: URL) => paths.some((p) => url.pathname.startsWith(p));
  await context.routeWebSocket(ours, (ws) => {
    const server = ws.connectToServer();
    const dead = cut;
    ws.onMessage((m) => void (!dead && !cut && server.send(m)));
    server.onMessage((m) => void (!dead && !cut && ws.send(m)));
    open.push({ page: ws, server });
  });
  await context.route(ours, (route) => (cut ? route.abort('internetdisconnected') : route.continue()));
  const closeAll = () =>
    Promise.all(open.splice(0).flatMap((c) => [c.page.close({ reason: 'cut off by the test' }), c.server.close()].map((p) => p.catch(() => {}))));
  return {
    async cut() {
      cut = true;
      await closeAll();
    },
    async restore() {
      cut = false;
      await closeAll();
    },
  };
}

describe('a bridge cut off while the session goes on', () => {
  it('pauses the citizen’s turn on the page’s word, shows the bridge reconnecting, and resumes the turn when the page is back', async () => {
    const baseUrl = inject('baseUrl');
    const sessionId = await createSession('Tiếp công dân: mất kết nối điểm cầu');
    const [baDinh, operator] = await Promise.all([
      db.site.findUniqueOrThrow({ where: { code: 'BA-DINH' } }),
      db.account.findUniqueOrThrow({ where: { username: 'diemcau.badinh' } }),
    ]);

    // Ba Đình's page, whose LiveKit signalling the test can cut (LiveKit's /rtc WebSocket; the hub's socket stays).
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const line = await cuttable(context, ['/rtc']);
    const page = await context.newPage();
    const chair = await LiveClient.open('chutri', sessionId);
    try {
      await signIn(page, baseUrl, 'diemcau.badinh');
      await openRoom(page, baseUrl, sessionId);

      await chair.must({ type: 'session.open' });
      await chair.must({ type: 'session.start' });
      const { entryId } = await chair.must({ type: 'entry.register', entry: { siteId: baDinh.id, citizenName: 'Đỗ Văn Kết', petitionType: 'COMPLAINT', field: 'LAND' } });
      await chair.must({ type: 'floor.give', entryId: entryId! });
      const turn = () => chair.state?.entries.find((e) => e.id === entryId);
      await page.locator('[data-testid="countdown"]').waitFor({ timeout: 15_000 });
      expect(turn()?.status).toBe('SPEAKING');

      // The cut: the page's signalling connection closes, and those it opens meanwhile carry nothing.
      await line.cut();
      await expect.poll(() => roomState(page), { timeout: 15_000 }).toBe('reconnecting');
      await expect.poll(() => turn()?.pauseReason ?? null, { timeout: 15_000 }).toBe('SITE_DISCONNECTED');
      expect(turn()?.status).toBe('PAUSED');
      // Paused on the operator's word (site.media), not by a webhook of the system.
      const pause = await db.liveChange.findUniqueOrThrow({ where: { sessionId_version: { sessionId, version: chair.state!.version } } });
      expect({ command: pause.command, actorId: pause.actorId }).toEqual({ command: 'site.media', actorId: operator.id });
      await page.screenshot({ path: screenshotPath('bridge-media-cut-1366') });

      // The connection comes back: the page rejoins by itself and the clock runs again.
      await line.restore();
      await expect.poll(() => roomState(page), { timeout: 45_000 }).toBe('live');
      await expect.poll(() => turn()?.status, { timeout: 15_000 }).toBe('SPEAKING');
      expect(turn()!.pausedMs, 'the time cut off is not counted against the citizen').toBeGreaterThan(0);
    } finally {
      chair.close();
      await context.close();
    }
  });

  it('keeps a bridge’s citizen in its place through a 30-second network drop, and the page catches up when the network returns', async () => {
    const baseUrl = inject('baseUrl');
    const sessionId = await createSession('Tiếp công dân: điểm cầu rớt mạng 30 giây');
    const sites = Object.fromEntries((await db.site.findMany({ where: { code: { in: ['BA-DINH', 'HOAN-KIEM', 'CAU-GIAY'] } } })).map((s) => [s.code, s.id]));
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const line = await cuttable(context, ['/rtc', '/socket.io', '/api']);
    const page = await context.newPage();
    const chair = await LiveClient.open('chutri', sessionId);
    const citizen = (siteId: string, citizenName: string) => chair.must({ type: 'entry.register', entry: { siteId, citizenName, petitionType: 'RECOMMENDATION', field: 'LAND' } }).then((r) => r.entryId!);
    const mine = (id: string) => page.locator(`[data-testid="queue-entry"][data-entry-id="${id}"]`).first();
    try {
      await signIn(page, baseUrl, 'diemcau.badinh');
      await openRoom(page, baseUrl, sessionId);
      await chair.must({ type: 'session.open' });
      await chair.must({ type: 'session.start' });
      const hoanKiem = await citizen(sites['HOAN-KIEM']!, 'Lê Văn Trước');
      const baDinh = await citizen(sites['BA-DINH']!, 'Vũ Thị Chờ');
      await expect.poll(() => mine(baDinh).getAttribute('data-position'), { timeout: 15_000 }).toBe('2');

      // The network drops: the page says so, and meanwhile the host office goes on.
      const cutAt = Date.now();
      await line.cut();
      await expect.poll(() => socketState(page), { timeout: 15_000 }).not.toBe('connected');
      await expect.poll(() => roomState(page), { timeout: 15_000 }).not.toBe('live');
      await chair.must({ type: 'floor.give', entryId: hoanKiem });
      const cauGiay = await citizen(sites['CAU-GIAY']!, 'Phan Văn Sau');
      // The page, cut off, still shows what it last knew.
      expect(await mine(baDinh).getAttribute('data-position')).toBe('2');
      await page.screenshot({ path: screenshotPath('bridge-network-drop-1366') });
      // Thirty seconds without a network, as the scenario says (not a wait for something to happen).
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + 30_000 - Date.now())));

      await line.restore();
      // Back: the page catches up by itself, its citizen first in line ahead of the one registered since.
      await expect.poll(() => socketState(page), { timeout: 30_000 }).toBe('connected');
      await expect.poll(() => mine(baDinh).getAttribute('data-position'), { timeout: 15_000 }).toBe('1');
      await expect.poll(() => page.locator('[data-testid="current-site"]').first().innerText(), { timeout: 15_000 }).toContain('Hoàn Kiếm');
      await expect.poll(() => roomState(page), { timeout: 45_000 }).toBe('live');
      const byId = new Map(chair.state!.entries.map((e) => [e.id, e]));
      expect([byId.get(hoanKiem)?.status, byId.get(baDinh)?.status, byId.get(cauGiay)?.status]).toEqual(['SPEAKING', 'WAITING', 'WAITING']);
      expect(orderedWaiting(chair.state!).map((e) => e.id)).toEqual([baDinh, cauGiay]);
    } finally {
      chair.close();
      await context.close();
    }
  }, 120_000);
});
