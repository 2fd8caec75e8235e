// A bridge cut off from LiveKit while its citizen speaks, in Chromium, on the test hub's real server and
// LiveKit. Playwright holds the switch: the page's LiveKit signalling (how a LiveKit node that died looks to
// a page). Its media over UDP is not cut, so LiveKit itself goes on listing the participant and no webhook
// pauses anything: what the test sees is the page's own doing. The page's word (web/src/room/media-report.ts)
// stops the citizen's clock at the host office, and the clock runs again once the page is back in the room.
// A whole network dropping, UDP and all, is tests/e2e/network-drop.test.ts.
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launchChromium, openRoom, screenshotPath, signIn } from '../support/browser.ts';
import { createSession, testDb } from '../support/db.ts';
import { LiveClient } from '../support/live.ts';

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
});
