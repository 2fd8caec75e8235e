// A socket lives as long as its sign-in. The moderator signs out in one tab: the console open in another
// tab of the same browser goes to the sign-in page at once, and a client that keeps the old cookie (a
// modified page, a script) is closed and refused: no live patch, no intent, no reconnect.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SESSION_COOKIE } from '../../protocol/index.ts';
import { launchChromium, openRoom, signIn } from '../support/browser.ts';
import { createSession } from '../support/db.ts';
import { LiveClient } from '../support/live.ts';
import { connectError, connectSocket, connected, waitFor } from '../support/socket.ts';

let browser: Browser;
let sessionId: string;
beforeAll(async () => {
  browser = await launchChromium();
  sessionId = await createSession('Tiếp công dân định kỳ – đăng xuất ở thẻ khác');
});
afterAll(async () => {
  await browser?.close();
});

describe('signing out in one tab', () => {
  it('sends the console in the other tab to the sign-in page and refuses the old sign-in’s sockets', async () => {
    const baseUrl = inject('baseUrl');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const first = await context.newPage();
    await signIn(first, baseUrl, 'dieuphoi');
    const second = await context.newPage();
    await openRoom(second, baseUrl, sessionId);

    // A client outside the page with the same cookie, following the live session.
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    const header = `${cookie.name}=${cookie.value}`;
    const raw = connectSocket(baseUrl, header);
    await connected(raw);
    const synced = await raw.emitWithAck('live:sync', { sessionId, version: null });
    expect(synced.ok).toBe(true);
    let toldSignedOut = false;
    raw.on('auth:signed-out', () => (toldSignedOut = true));
    const patchesAfter: number[] = [];
    let signedOutAt = 0;
    raw.on('live:patch', (p) => signedOutAt && patchesAfter.push(p.version));

    const response = first.waitForResponse((r) => r.url().endsWith('/api/auth/sign-out'));
    await first.locator('[data-testid="sign-out"]').click();
    expect((await response).status()).toBe(204);
    signedOutAt = Date.now();

    // The other tab's console leaves for the sign-in page by itself (it is told over its socket).
    await second.locator('#username').waitFor({ timeout: 5_000 });
    const tookMs = Date.now() - signedOutAt;
    console.log(`[sign-out] other tab on the sign-in page ${tookMs} ms after the sign-out answered`);
    expect(await second.locator('[data-testid="room-state"]').count()).toBe(0);

    // The old sign-in's socket is told and closed; it cannot come back with the old cookie.
    await waitFor('the raw socket closed', () => raw.disconnected, 5_000);
    expect(toldSignedOut).toBe(true);
    const again = connectSocket(baseUrl, header);
    const refused = await connectError(again);
    expect(refused.data?.code).toBe('UNAUTHENTICATED');
    again.close();

    // The session changes meanwhile (the moderator again, signed in anew): nothing reaches the old sign-in.
    const fresh = await LiveClient.open('dieuphoi', sessionId);
    const changed = await fresh.must({ type: 'session.settings', turnSeconds: 240 });
    await waitFor('the new sign-in sees the change', () => (fresh.state?.version ?? 0) >= changed.version);
    fresh.close();
    expect(patchesAfter).toEqual([]);

    // And its HTTP requests are refused as signed out.
    const api = await fetch(`${baseUrl}/api/sessions`, { headers: { cookie: header } });
    expect(api.status).toBe(401);
    await context.close();
  }, 90_000);
});
