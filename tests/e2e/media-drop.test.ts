// A bridge's connection to the media server cut while its citizen speaks, in Chromium. Playwright closes
// the page's LiveKit signalling and refuses it again until told otherwise, which is how a LiveKit node
// that died looks to a page; LiveKit itself goes on listing the participant, so no webhook pauses the
// turn. The page's own word does (web/src/room/media-report.ts): the citizen's clock stops at the host
// office while the bridge is cut off, and runs again once its page is back in the room.
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
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

describe('a bridge cut off from the media server while its citizen speaks', () => {
  it('pauses the citizen’s turn on the page’s word, shows the bridge reconnecting, and resumes the turn when the page is back', async () => {
    const baseUrl = inject('baseUrl');
    const sessionId = await createSession('Tiếp công dân: mất kết nối điểm cầu');
    const [baDinh, operator] = await Promise.all([
      db.site.findUniqueOrThrow({ where: { code: 'BA-DINH' } }),
      db.account.findUniqueOrThrow({ where: { username: 'diemcau.badinh' } }),
    ]);

    // Ba Đình's page, whose LiveKit signalling the test can cut (LiveKit's /rtc WebSocket; the hub's socket stays).
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    let cut = false;
    const signalling: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
    await context.routeWebSocket(
      (url) => url.pathname.startsWith('/rtc'),
      (ws) => {
        const server = ws.connectToServer();
        // A connection opened while cut off is a black hole (as on a dead network): nothing either way.
        const dead = cut;
        ws.onMessage((m) => void (!dead && !cut && server.send(m)));
        server.onMessage((m) => void (!dead && !cut && ws.send(m)));
        signalling.push({ page: ws, server });
      },
    );
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
      cut = true;
      await Promise.all(signalling.splice(0).flatMap((c) => [c.page.close({ reason: 'cut off by the test' }), c.server.close()].map((p) => p.catch(() => {}))));
      await expect.poll(() => roomState(page), { timeout: 15_000 }).toBe('reconnecting');
      await expect.poll(() => turn()?.pauseReason ?? null, { timeout: 15_000 }).toBe('SITE_DISCONNECTED');
      expect(turn()?.status).toBe('PAUSED');
      // Paused on the operator's word (site.media), not by a webhook of the system.
      const pause = await db.liveChange.findUniqueOrThrow({ where: { sessionId_version: { sessionId, version: chair.state!.version } } });
      expect({ command: pause.command, actorId: pause.actorId }).toEqual({ command: 'site.media', actorId: operator.id });
      await page.screenshot({ path: screenshotPath('bridge-media-cut-1366') });

      // The connection comes back: the page rejoins by itself and the clock runs again.
      cut = false;
      await expect.poll(() => roomState(page), { timeout: 45_000 }).toBe('live');
      await expect.poll(() => turn()?.status, { timeout: 15_000 }).toBe('SPEAKING');
      expect(turn()!.pausedMs, 'the time cut off is not counted against the citizen').toBeGreaterThan(0);
    } finally {
      chair.close();
      await context.close();
    }
  });
});
