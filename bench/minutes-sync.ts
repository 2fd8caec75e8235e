// The live minutes under load, over the real server and PostgreSQL:
// - keystroke latency: 5 secretaries type at once, each into their own turn's entry; for every keystroke,
//   the time from the Yjs update leaving the writer's socket to it being applied at each of the 4 others;
// - growth of a 3-hour session: 5 secretaries writing 40 turns (with corrections), checked every few
//   thousand edits: the stored snapshot and update log, the time to open the minutes over the socket, and
//   the time Chromium takes to show the whole minutes page, to show compaction keeps them bounded.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { entryTextKey } from '../protocol/index.ts';
import { PrismaClient } from '../server/src/db/generated/client.ts';
import { launchChromium, signIn as signInPage } from '../tests/support/browser.ts';
import { createBenchSession, openSocket, signIn, summary, type BenchSocket } from './common.ts';

const WRITERS = ['thuky', 'thuky', 'thuky', 'thuky.badinh', 'thuky.badinh'];

interface Writer {
  socket: BenchSocket;
  doc: Y.Doc;
}

async function openWriters(baseUrl: string, sessionId: string, onRelay?: (i: number, update: Uint8Array) => void): Promise<Writer[]> {
  const cookies = new Map<string, string>();
  for (const u of new Set(WRITERS)) cookies.set(u, await signIn(baseUrl, u));
  return Promise.all(
    WRITERS.map(async (u, i) => {
      const socket = await openSocket(baseUrl, cookies.get(u));
      const doc = new Y.Doc();
      const res = await socket.emitWithAck('minutes:open', { sessionId });
      if (!res.ok) throw new Error(res.error.message);
      Y.applyUpdate(doc, new Uint8Array(res.data.update), 'server');
      socket.on('minutes:update', (m) => {
        const update = new Uint8Array(m.update);
        Y.applyUpdate(doc, update, 'server');
        onRelay?.(i, update);
      });
      return { socket, doc };
    }),
  );
}

/**
 * Sends a local change as the web client does, resolving when the server has stored it. `leaving` is told
 * the update just before it goes out: the update is known only after the change.
 */
function send(w: Writer, sessionId: string, change: () => void, leaving?: (update: Uint8Array) => void): Promise<Uint8Array> {
  let update: Uint8Array | undefined;
  const grab = (u: Uint8Array, origin: unknown) => {
    if (origin !== 'server') update = u;
  };
  w.doc.on('update', grab);
  change();
  w.doc.off('update', grab);
  leaving?.(update!);
  return w.socket.emitWithAck('minutes:update', { sessionId, update: update! }).then((r) => {
    if (!r.ok) throw new Error(r.error.message);
    return update!;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = (u: Uint8Array) => Buffer.from(u).toString('base64');

export async function minutesKeystrokeLatency(baseUrl: string, databaseUrl: string, keystrokes = 200, intervalMs = 100): Promise<Record<string, unknown>> {
  const { id: sessionId } = await createBenchSession(databaseUrl, 'Đo độ trễ gõ biên bản');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const writers = await openWriters(baseUrl, sessionId, (_i, update) => {
    const t = sentAt.get(key(update));
    if (t !== undefined) latencies.push(performance.now() - t);
  });
  const text = 'Công dân trình bày: đề nghị xem xét lại việc thu hồi đất ở phường. ';
  await Promise.all(
    writers.map(async (w, i) => {
      const field = w.doc.getText(entryTextKey(`00000000-0000-4000-8000-00000000000${i}`, 'statement'));
      for (let k = 0; k < keystrokes; k++) {
        await send(
          w,
          sessionId,
          () => field.insert(field.length, text[k % text.length]!),
          (update) => sentAt.set(key(update), performance.now()),
        );
        await sleep(intervalMs);
      }
    }),
  );
  await sleep(1000);
  for (const w of writers) w.socket.disconnect();
  const expected = WRITERS.length * keystrokes * (WRITERS.length - 1);
  return { secretaries: WRITERS.length, keystrokesEach: keystrokes, intervalMs, delivered: `${latencies.length}/${expected}`, keystrokeToVisibleMs: summary(latencies) };
}

/** Turns already held (40 by default), one every 4 minutes and a half from 8:00, as a 3-hour session leaves them. */
async function heldTurns(db: PrismaClient, sessionId: string, siteIds: string[], count = 40): Promise<string[]> {
  const start = Date.parse('2026-11-20T01:00:00Z');
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    sessionId,
    siteId: siteIds[i % siteIds.length]!,
    citizenName: `Công dân số ${i + 1}`,
    petitionType: (['COMPLAINT', 'RECOMMENDATION', 'FEEDBACK'] as const)[i % 3]!,
    field: (['LAND', 'COMPENSATION', 'CONSTRUCTION', 'ENVIRONMENT'] as const)[i % 4]!,
    status: 'DONE' as const,
    position: i + 1,
    registeredAt: new Date(start - 3_600_000),
    startedAt: new Date(start + i * 270_000),
    endedAt: new Date(start + i * 270_000 + 240_000),
    allottedSeconds: 300,
  }));
  await db.registration.createMany({ data: rows });
  return rows.map((r) => r.id);
}

/**
 * Opens the minutes page in Chromium on a computer that has never opened it (a fresh browser profile, so
 * nothing comes from IndexedDB) and times it from navigation until all 40 entries are on screen with the
 * last turn's text and the status says saved: what a secretary waits for.
 */
async function pageLoadMs(browser: Browser, baseUrl: string, sessionId: string, lastEntry = 40): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN' });
  try {
    const page = await context.newPage();
    await signInPage(page, baseUrl, 'thuky');
    await page.goto('about:blank');
    const started = performance.now();
    await page.goto(`${baseUrl}/#/sessions/${sessionId}/minutes`);
    // What a secretary does mid-session: open the page and go to the newest turn; done when its text is
    // there and the status says saved. (An entry's body is made when it comes near the screen, so going
    // there is part of the wait.)
    const entry = page.locator(`[data-testid="minutes-entry"][data-number="${lastEntry}"]`);
    await entry.waitFor({ timeout: 60_000 });
    await entry.scrollIntoViewIfNeeded();
    const last = entry.locator('[data-testid="entry-text"][data-field="statement"]');
    await last.waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      (n) => {
        const field = document.querySelector(`[data-testid="minutes-entry"][data-number="${n}"] [data-testid="entry-text"][data-field="statement"]`);
        const text = field?.querySelector('.cm-content, [data-testid="lazy-text"]:not(.empty)')?.textContent ?? '';
        return document.querySelector('[data-testid="minutes-status"]')?.getAttribute('data-state') === 'saved' && text.length > 0;
      },
      lastEntry,
      { timeout: 60_000, polling: 'raf' },
    );
    return Math.round(performance.now() - started);
  } finally {
    await context.close();
  }
}

export async function minutesGrowth(baseUrl: string, databaseUrl: string, edits = 30_000, checkEvery = 5_000): Promise<Record<string, unknown>> {
  const { id: sessionId, sites } = await createBenchSession(databaseUrl, 'Đo dung lượng biên bản 3 giờ');
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const turns = await heldTurns(db, sessionId, Object.values(sites));
  const writers = await openWriters(baseUrl, sessionId);
  const reader = await openSocket(baseUrl, await signIn(baseUrl, 'giamsat'));
  const browser = await launchChromium();
  const words = 'ông bà đề nghị cơ quan chức năng xem xét giải quyết dứt điểm việc bồi thường giải phóng mặt bằng theo quy định'.split(' ');
  const checkpoints: Record<string, unknown>[] = [];
  let done = 0;
  try {
    while (done < edits) {
      // Each secretary writes a word (a burst of keystrokes sent as one update, as the web client merges
      // them) into a turn of "the current hour", and now and then deletes a few characters to correct.
      await Promise.all(
        writers.map((w, i) => {
          const turn = turns[Math.min(39, Math.floor((done / edits) * 40) + (i % 2))]!;
          const field = w.doc.getText(entryTextKey(turn, (['statement', 'answers', 'conclusion'] as const)[i % 3]!));
          return send(w, sessionId, () => {
            if ((done / writers.length) % 10 === 9 && field.length > 5) field.delete(field.length - 5, 3);
            else field.insert(field.length, `${words[(done + i) % words.length]} `);
          });
        }),
      );
      done += writers.length;
      if (done % checkEvery < writers.length) {
        // The page asks for the document and the view (header, entries, fields) side by side.
        const started = performance.now();
        const [opened, view] = await Promise.all([
          reader.emitWithAck('minutes:open', { sessionId }),
          reader.emitWithAck('minutes:view', { sessionId }),
        ]);
        if (!opened.ok) throw new Error(opened.error.message);
        if (!view.ok) throw new Error(view.error.message);
        const check = new Y.Doc();
        Y.applyUpdate(check, new Uint8Array(opened.data.update));
        const openMs = performance.now() - started;
        const doc = await db.minutesText.findUnique({ where: { sessionId_part: { sessionId, part: 'OPEN' } } });
        const [log] = await db.$queryRaw<{ rows: bigint; bytes: bigint | null }[]>`
          SELECT count(*) AS rows, sum(octet_length("update")) AS bytes FROM "MinutesUpdate"
          WHERE "sessionId" = ${sessionId}::uuid AND part = 'OPEN' AND id > ${doc?.compactedThrough ?? 0n}`;
        const textChars = turns.reduce((n, t) => n + (['statement', 'answers', 'conclusion'] as const).reduce((m, f) => m + check.getText(entryTextKey(t, f)).length, 0), 0);
        checkpoints.push({
          edits: done,
          textChars,
          snapshotKiB: Math.round((doc?.snapshot.length ?? 0) / 102.4) / 10,
          logRows: Number(log!.rows),
          logKiB: Math.round(Number(log!.bytes ?? 0) / 102.4) / 10,
          openMs: Math.round(openMs * 10) / 10,
          pageLoadMs: await pageLoadMs(browser, baseUrl, sessionId),
        });
        console.log(JSON.stringify(checkpoints.at(-1)));
      }
    }
  } finally {
    for (const w of writers) w.socket.disconnect();
    reader.disconnect();
    await browser.close();
    await db.$disconnect();
  }
  return { secretaries: WRITERS.length, turns: 40, checkpoints };
}

/**
 * The minutes page opened mid-session in a fresh browser, at 40 and at 100 held turns, each turn's three
 * fields written (`npm run bench -- page`): the page should not grow with the session.
 */
export async function minutesPageLoad(baseUrl: string, databaseUrl: string, sizes = [40, 100], runs = 3): Promise<Record<string, unknown>> {
  const browser = await launchChromium();
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const results: Record<string, unknown>[] = [];
  try {
    for (const turns of sizes) {
      const { id: sessionId, sites } = await createBenchSession(databaseUrl, `Đo thời gian mở biên bản ${turns} lượt`);
      const ids = await heldTurns(db, sessionId, Object.values(sites), turns);
      const [w] = await openWriters(baseUrl, sessionId);
      for (const id of ids) {
        // One transaction, so the three fields go out as one update (send() takes the last update made).
        await send(w!, sessionId, () =>
          w!.doc.transact(() => {
            for (const f of ['statement', 'answers', 'conclusion'] as const) w!.doc.getText(entryTextKey(id, f)).insert(0, `Nội dung ${f} của lượt này, đủ dài như một đoạn ghi chép thật của thư ký. `.repeat(3));
          }),
        );
      }
      w!.socket.disconnect();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await pageLoadMs(browser, baseUrl, sessionId, turns));
      results.push({ turns, pageLoadMs: summary(times) });
      console.log(JSON.stringify(results.at(-1)));
    }
  } finally {
    await browser.close();
    await db.$disconnect();
  }
  return { runs, results };
}
