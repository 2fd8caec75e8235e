// The host office and two bridge points in one session, from the people's side: real Chromium pages with
// fake cameras and microphones, the real server and the real LiveKit server.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launchChromium, remoteAudioLevels, remoteVideoFrames, signInAndJoin, type SitePage } from '../support/browser.ts';
import { waitFor } from '../support/socket.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('a reception session with the host office and two bridge points', () => {
  it('shows the host every site and each bridge the host office (the others on request), with live video and sound, lists presence, and sees a bridge leave', async () => {
    const baseUrl = inject('baseUrl');
    const [host, baDinh, hoanKiem] = (await Promise.all([
      signInAndJoin(browser, baseUrl, 'dieuphoi'),
      signInAndJoin(browser, baseUrl, 'diemcau.badinh'),
      signInAndJoin(browser, baseUrl, 'diemcau.hoankiem'),
    ])) as [SitePage, SitePage, SitePage];

    // The host console takes every site (here one page of thumbnails); a bridge only the host office
    // between turns (media-plan.ts): with 126 bridges, anything more would be thousands of streams.
    const expectedRemotes: [SitePage, string[]][] = [
      [host, ['BA-DINH', 'HOAN-KIEM']],
      [baDinh, ['HN-TCD']],
      [hoanKiem, ['HN-TCD']],
    ];

    // Each page shows those sites' tiles, named after the site, with video frames decoding.
    for (const [site, remotes] of expectedRemotes) {
      const first = await waitFor('remote tiles with video', async () => {
        const frames = await remoteVideoFrames(site.page);
        return remotes.every((code) => (frames[code] ?? 0) > 0) && frames;
      }, 30_000);
      await site.page.waitForTimeout(800);
      const later = await remoteVideoFrames(site.page);
      for (const code of remotes) expect(later[code]!, `${code} video keeps decoding`).toBeGreaterThan(first[code]!);
    }
    await expect.poll(() => host.page.locator('[data-testid="site-tile"][data-site-code="BA-DINH"]').innerText()).toContain('Ba Đình');
    const tile = (site: SitePage, code: string) => site.page.locator(`[data-testid="site-tile"][data-site-code="${code}"]`);
    // The console's thumbnails ask for the lowest simulcast layer; a bridge takes the host office large.
    expect(await tile(host, 'BA-DINH').getAttribute('data-layer')).toBe('low');
    expect(await tile(baDinh, 'HN-TCD').getAttribute('data-layer')).toBe('high');
    // The other bridge is not received at all, not merely hidden: one camera and one microphone come in.
    expect(await tile(baDinh, 'HOAN-KIEM').count()).toBe(0);
    expect(await baDinh.page.locator('[data-testid="stage"]').getAttribute('data-video-received')).toBe('1');

    // On request, the bridge pages through the other sites, small and at the lowest layer.
    await baDinh.page.locator('[data-testid="toggle-others"]').click();
    await waitFor('the other bridge on request', async () => ((await remoteVideoFrames(baDinh.page))['HOAN-KIEM'] ?? 0) > 0, 30_000);
    expect(await tile(baDinh, 'HOAN-KIEM').getAttribute('data-layer')).toBe('low');
    expectedRemotes[1] = [baDinh, ['HN-TCD', 'HOAN-KIEM']];

    // Sound arrives: Chromium's fake microphone beeps, so each remote tile's level rises above silence.
    for (const [site, remotes] of expectedRemotes) {
      const peaks: Record<string, number> = {};
      await waitFor('audio from every remote site', async () => {
        const levels = await remoteAudioLevels(site.page);
        for (const code of remotes) peaks[code] = Math.max(peaks[code] ?? 0, levels[code] ?? 0);
        return remotes.every((code) => (peaks[code] ?? 0) > 0.01);
      }, 20_000);
    }

    // The host office lists both bridges as present, from LiveKit's webhooks.
    const presence = (code: string) => host.page.locator(`[data-testid="presence-site"][data-site-code="${code}"]`);
    await expect.poll(() => presence('BA-DINH').getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => presence('HOAN-KIEM').getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => presence('SOC-SON').getAttribute('data-connected')).toBe('false');

    // Ba Đình closes its page: its tile goes and the host sees it leave.
    await baDinh.context.close();
    await expect.poll(() => presence('BA-DINH').getAttribute('data-connected'), { timeout: 30_000 }).toBe('false');
    await expect
      .poll(() => host.page.locator('[data-testid="site-tile"][data-site-code="BA-DINH"]').count(), { timeout: 30_000 })
      .toBe(0);
    expect(await presence('HOAN-KIEM').getAttribute('data-connected')).toBe('true');

    await host.context.close();
    await hoanKiem.context.close();
  });
});
