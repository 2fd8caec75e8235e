// The live minutes from the secretaries' side, in Chromium: two secretaries writing the same entry at once,
// a server crash while one types, a secretary who goes offline and reloads, and the chair approving and
// amending. What the tests check is what a person would: the text on both screens, the save status, and
// what a reader who opens the minutes afterwards gets from the server.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entryTextKey, sessionTextKey } from '../../protocol/index.ts';
import { restartServer } from '../support/api.ts';
import { launchChromium, signIn } from '../support/browser.ts';
import { createSession, testDb } from '../support/db.ts';
import { LiveClient } from '../support/live.ts';
import { MinutesClient } from '../support/minutes.ts';
import { holdTurns } from '../support/turns.ts';

let browser: Browser;
let sessionId: string;
let entries: string[];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  sessionId = await createSession('Tiếp công dân định kỳ – thử biên bản');
  entries = await holdTurns(sessionId, [
    { siteCode: 'BA-DINH', citizenName: 'Lê Văn Thắng', petitionType: 'COMPLAINT', field: 'LAND', subject: 'Thu hồi đất nông nghiệp' },
    { siteCode: 'BA-DINH', citizenName: 'Đinh Thị Kín', petitionType: 'DENUNCIATION', field: 'OTHER', confidential: true },
  ]);
});
afterAll(async () => {
  await browser?.close();
});

const testId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
const entry = (page: Page, n: number) => page.locator(`[data-testid="minutes-entry"][data-number="${n}"]`);
/**
 * A field as a person meets it: its editor, or (far down a long session) the plain text that stands for it
 * until it comes near the screen; a click on that text makes the editor and puts the cursor in it.
 */
const FIELD_TEXT = '.cm-content, [data-testid="lazy-text"]';
const editor = (page: Page, n: number, field: string) => entry(page, n).locator(`[data-testid="entry-text"][data-field="${field}"]`).locator(FIELD_TEXT);
const status = (page: Page) => testId(page, 'minutes-status');

async function openMinutes(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'vi-VN' });
  contexts.push(context);
  const page = await context.newPage();
  const baseUrl = inject('baseUrl');
  await signIn(page, baseUrl, username);
  await page.goto(`${baseUrl}/#/sessions/${sessionId}/minutes`);
  await entry(page, 2).waitFor({ timeout: 15_000 });
  await expect.poll(() => status(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
  return page;
}

/** What a reader opening the minutes now gets from the server, one field (the closed part as the chair). */
async function stored(key: string, part: 'open' | 'closed' = 'open'): Promise<string> {
  const reader = part === 'open' ? await MinutesClient.open('giamsat', sessionId) : await MinutesClient.open('chutri', sessionId, 'closed');
  try {
    return reader.text(key).toString();
  } finally {
    reader.close();
  }
}

async function typeInto(page: Page, n: number, field: string, text: string): Promise<void> {
  await editor(page, n, field).click();
  await page.keyboard.press('End');
  await page.keyboard.type(text, { delay: 15 });
}

describe('live minutes in the browser', () => {
  let lead: Page;
  let bridge: Page;

  it('two secretaries typing into the same entry at once both keep their text, on both screens and in the store', async () => {
    lead = await openMinutes('thuky');
    bridge = await openMinutes('thuky.badinh');
    // The facts are filled in; the confidential citizen is named only at the host office.
    await expect.poll(() => entry(lead, 1).locator('[data-testid="entry-citizen"]').innerText()).toContain('Lê Văn Thắng');
    await expect.poll(() => entry(lead, 2).locator('[data-testid="entry-citizen"]').innerText()).toContain('Đinh Thị Kín');
    await expect.poll(() => entry(bridge, 2).locator('[data-testid="entry-citizen"]').innerText()).toContain('giữ bí mật');
    expect(await bridge.content()).not.toContain('Đinh Thị Kín');

    await Promise.all([
      typeInto(lead, 1, 'statement', 'Ông Thắng đề nghị bồi thường theo giá thị trường. '),
      typeInto(bridge, 1, 'statement', 'Gia đình có 3 thế hệ sinh sống trên thửa đất. '),
    ]);
    for (const page of [lead, bridge]) {
      await expect.poll(() => editor(page, 1, 'statement').innerText(), { timeout: 10_000 }).toContain('Ông Thắng đề nghị bồi thường theo giá thị trường.');
      await expect.poll(() => editor(page, 1, 'statement').innerText(), { timeout: 10_000 }).toContain('Gia đình có 3 thế hệ sinh sống trên thửa đất.');
      await expect.poll(() => status(page).getAttribute('data-state')).toBe('saved');
    }
    const text = await stored(entryTextKey(entries[0]!, 'statement'));
    expect(text).toContain('Ông Thắng đề nghị bồi thường theo giá thị trường.');
    expect(text).toContain('Gia đình có 3 thế hệ sinh sống trên thửa đất.');
    // Each sees who else is writing the entry.
    await expect.poll(() => entry(lead, 1).locator('[data-testid="entry-editors"]').innerText(), { timeout: 10_000 }).toContain('Trịnh Thị Ghi');
  });

  it('keeps a denouncer’s statement at the host office; the bridge secretary writes the answer but never sees the statement', async () => {
    await typeInto(lead, 2, 'statement', 'Bà Kín trình bày việc cán bộ phường nhận tiền. ');
    await expect.poll(() => status(lead).getAttribute('data-state')).toBe('saved');
    expect(await stored(entryTextKey(entries[1]!, 'statement'), 'closed')).toBe('Bà Kín trình bày việc cán bộ phường nhận tiền. ');
    expect(await stored(entryTextKey(entries[1]!, 'statement'))).toBe('');
    // The host office's secretary is told the field is confidential.
    await expect.poll(() => entry(lead, 2).locator('[data-testid="entry-text-closed"]').innerText()).toMatch(/chỉ chủ trì/);
    const withheld = entry(bridge, 2).locator('[data-testid="entry-text-withheld"][data-field="statement"]');
    await expect.poll(() => withheld.innerText()).toMatch(/giữ bí mật/);
    expect(await entry(bridge, 2).locator('[data-testid="entry-text"][data-field="statement"]').count()).toBe(0);

    await typeInto(bridge, 2, 'answers', 'Đã tiếp nhận đơn tố cáo, chuyển Thanh tra thành phố. ');
    await expect.poll(() => editor(lead, 2, 'answers').innerText(), { timeout: 10_000 }).toContain('Đã tiếp nhận đơn tố cáo, chuyển Thanh tra thành phố.');
    expect(await bridge.content()).not.toContain('cán bộ phường nhận tiền');
  });

  it('loses nothing acknowledged when the server is killed while a secretary types', async () => {
    await typeInto(lead, 1, 'answers', 'Đại diện Sở trả lời: ');
    await expect.poll(() => status(lead).getAttribute('data-state')).toBe('saved');
    const typing = typeInto(lead, 1, 'answers', 'giá đất được tính theo bảng giá năm 2026.');
    await restartServer('SIGKILL');
    await typing;
    await expect.poll(() => status(lead).getAttribute('data-state'), { timeout: 30_000 }).toBe('saved');
    expect(await stored(entryTextKey(entries[0]!, 'answers'))).toBe('Đại diện Sở trả lời: giá đất được tính theo bảng giá năm 2026.');
    await expect.poll(() => editor(bridge, 1, 'answers').innerText(), { timeout: 15_000 }).toContain('bảng giá năm 2026.');
  });

  it('refuses a paste too large for one message in the editor and says so, keeping the connection and the text', async () => {
    const opening = () => lead.locator('[data-testid="session-text"][data-field="opening"]').locator(FIELD_TEXT);
    const before = await opening().innerText();
    await opening().click();
    await lead.evaluate((size) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'đất '.repeat(size));
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, 2_500_000);
    const refusal = lead.locator('[data-testid="session-text"][data-field="opening"] [data-testid="text-too-large"]');
    await refusal.waitFor({ timeout: 5000 });
    expect(await refusal.innerText()).toMatch(/Đoạn vừa dán quá lớn \(\d+ KB\)/);
    expect(await opening().innerText()).toBe(before);
    expect(await status(lead).getAttribute('data-state')).toBe('saved');
    expect(await testId(lead, 'dropped-too-large').count()).toBe(0);
    // Typing again clears the notice and is saved as usual.
    await lead.keyboard.type('Tiếp tục.', { delay: 10 });
    await refusal.waitFor({ state: 'detached', timeout: 5000 });
    await expect.poll(() => status(lead).getAttribute('data-state')).toBe('saved');
  });

  it('keeps what an offline secretary types through a reload and delivers it when back online', async () => {
    const context = bridge.context();
    await context.setOffline(true);
    await expect.poll(() => status(bridge).getAttribute('data-state'), { timeout: 10_000 }).toBe('offline');
    await typeInto(bridge, 1, 'conclusion', 'Giao Sở Nông nghiệp và Môi trường kiểm tra.');
    await expect.poll(async () => Number(await status(bridge).getAttribute('data-pending'))).toBeGreaterThan(0);
    expect(await stored(entryTextKey(entries[0]!, 'conclusion'))).toBe('');

    await bridge.reload();
    await entry(bridge, 1).waitFor({ timeout: 15_000 });
    await expect.poll(() => editor(bridge, 1, 'conclusion').innerText(), { timeout: 10_000 }).toContain('Giao Sở Nông nghiệp và Môi trường kiểm tra.');
    expect(await status(bridge).getAttribute('data-state')).toBe('offline');
    expect(Number(await status(bridge).getAttribute('data-pending'))).toBeGreaterThan(0);

    await context.setOffline(false);
    await expect.poll(() => status(bridge).getAttribute('data-state'), { timeout: 20_000 }).toBe('saved');
    expect(await status(bridge).getAttribute('data-pending')).toBe('0');
    expect(await stored(entryTextKey(entries[0]!, 'conclusion'))).toBe('Giao Sở Nông nghiệp và Môi trường kiểm tra.');
    await expect.poll(() => editor(lead, 1, 'conclusion').innerText(), { timeout: 10_000 }).toContain('Giao Sở Nông nghiệp và Môi trường kiểm tra.');
  });

  it('refuses an assignment without a valid deadline, and the chair approves, locks and amends with a reason', async () => {
    // The structured fields: an assignment with a deadline in the past is refused with the reason.
    const fields = entry(lead, 1).locator('[data-testid="entry-fields"]');
    await fields.locator('[data-testid="entry-conclusion-type"]').selectOption('ASSIGNED');
    const db = testDb();
    const agency = await db.agency.findFirstOrThrow({ where: { code: 'SO-NNMT' } });
    await db.$disconnect();
    await fields.locator('[data-testid="entry-agency"]').selectOption(agency.id);
    await fields.locator('[data-testid="entry-deadline"]').fill('2020-01-15');
    await fields.locator('[data-testid="entry-fields-save"]').click();
    await expect.poll(() => fields.locator('[data-testid="entry-fields-error"]').innerText()).toMatch(/đã qua/);
    const deadline = new Date(Date.now() + 7 * 3600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
    await fields.locator('[data-testid="entry-deadline"]').fill(deadline);
    await fields.locator('[data-testid="entry-fields-save"]').click();
    await expect.poll(() => fields.locator('[data-testid="entry-fields-error"]').count()).toBe(0);
    const second = entry(lead, 2).locator('[data-testid="entry-fields"]');
    await second.locator('[data-testid="entry-conclusion-type"]').selectOption('STUDY');
    await second.locator('[data-testid="entry-fields-save"]').click();
    await expect.poll(() => second.locator('[data-testid="entry-fields-error"]').count()).toBe(0);

    // The session ends; the chair approves with a confirming second click and the minutes lock.
    const chairLive = await LiveClient.open('chutri', sessionId);
    await chairLive.must({ type: 'session.close' });
    chairLive.close();
    const chair = await openMinutes('chutri');
    await testId(chair, 'minutes-approve').click();
    await testId(chair, 'minutes-approve-confirm').click();
    for (const page of [chair, lead]) {
      await expect.poll(() => testId(page, 'minutes-state').getAttribute('data-status'), { timeout: 10_000 }).toBe('APPROVED');
    }
    await expect.poll(() => editor(lead, 1, 'statement').getAttribute('contenteditable')).toBe('false');

    // A correction is a new version with its reason.
    await testId(lead, 'minutes-amend').click();
    await lead.fill('#amend-reason', 'Bổ sung kết luận chung của chủ trì');
    await testId(lead, 'minutes-amend-submit').click();
    await expect.poll(() => testId(lead, 'minutes-state').getAttribute('data-status'), { timeout: 10_000 }).toBe('AMENDING');
    await lead.locator('[data-testid="session-text"][data-field="closing"]').locator(FIELD_TEXT).click();
    await lead.keyboard.type('Các cơ quan báo cáo kết quả trước thời hạn.', { delay: 10 });
    await expect.poll(() => status(lead).getAttribute('data-state')).toBe('saved');
    await expect.poll(() => testId(chair, 'minutes-approve').isVisible(), { timeout: 10_000 }).toBe(true);
    await testId(chair, 'minutes-approve').click();
    await testId(chair, 'minutes-approve-confirm').click();
    await expect.poll(() => testId(chair, 'minutes-state').getAttribute('data-status'), { timeout: 10_000 }).toBe('APPROVED');
    await expect.poll(() => testId(chair, 'minutes-version').count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => testId(chair, 'minutes-versions').innerText()).toContain('Bổ sung kết luận chung của chủ trì');
    expect(await stored(sessionTextKey('closing'))).toBe('Các cơ quan báo cáo kết quả trước thời hạn.');

    // The export links download the documents; the bridge secretary is offered only the public copy.
    const download = chair.waitForEvent('download');
    await chair.locator('[data-testid="export-link"][data-doc="notice"][data-format="docx"][data-copy="full"]').click();
    expect((await download).suggestedFilename()).toMatch(/^thong-bao-ket-luan-.*\.docx$/);
    await expect.poll(() => bridge.locator('[data-testid="export-link"][data-copy="public"]').count()).toBeGreaterThan(0);
    expect(await bridge.locator('[data-testid="export-link"][data-copy="full"]').count()).toBe(0);
  });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
});
