// A person in the room when the hub's LiveKit dies: the page says the video server is unavailable and that
// it is reconnecting, then gets back into the room by itself once LiveKit is restarted.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../protocol/index.ts';
import { signedIn } from '../support/api.ts';
import { launchChromium, screenshotPath, signInAndOpen } from '../support/browser.ts';
import { OwnHub } from '../support/own-hub.ts';

let browser: Browser;
let hub: OwnHub;
beforeAll(async () => {
  hub = OwnHub.inFreshFolder();
  await hub.start();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

describe('the room page when the video server dies', () => {
  it('says “video server unavailable, reconnecting” and is back in the room by itself when LiveKit returns', async () => {
    const api = await signedIn('diemcau.badinh', hub.baseUrl);
    const sessionId = ((await api.request('GET', '/api/sessions')).body as SessionSummary[])[0]!.id;
    const { context, page } = await signInAndOpen(browser, hub.baseUrl, 'diemcau.badinh', sessionId);
    try {
      const banner = page.locator('[data-testid="media-server-banner"]');
      expect(await banner.count()).toBe(0);
      process.kill(hub.livekitPid()!, 'SIGKILL');
      await banner.waitFor({ timeout: 15_000 });
      expect(await banner.innerText()).toContain('Máy chủ video không hoạt động, đang kết nối lại');
      expect(await banner.innerText()).toContain('Hàng chờ, quyền phát biểu và biên bản vẫn hoạt động');
      await page.screenshot({ path: screenshotPath('media-server-down') });
      await page.locator('[data-testid="room-state"][data-state="live"]').waitFor({ timeout: 40_000 });
      await banner.waitFor({ state: 'detached', timeout: 15_000 });
    } finally {
      await context.close();
    }
  });
});
