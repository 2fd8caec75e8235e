import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartServer } from '../support/api.ts';
import { createSession, testDb } from '../support/db.ts';
import { MinutesClient } from '../support/minutes.ts';
import { waitFor } from '../support/socket.ts';

let sessionId: string;
const clients: MinutesClient[] = [];
async function open(username: string): Promise<MinutesClient> {
  const c = await MinutesClient.open(username, sessionId);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sessionId = await createSession('Phiên thử biên bản');
});
afterAll(() => {
  for (const c of clients) c.close();
});

describe('live minutes stored as a Yjs document', () => {
  it('keeps both secretaries’ text when they type into the same field at once', async () => {
    const lead = await open('thuky');
    const other = await open('dieuphoi');
    // Both type before either has seen the other's change.
    lead.text('turn-1/statement').insert(0, 'Công dân trình bày việc bồi thường. ');
    other.text('turn-1/statement').insert(0, 'Đề nghị xem xét lại giá đất. ');
    await waitFor('both stored', () => lead.pending === 0 && other.pending === 0);
    await waitFor('both converge', () => lead.text('turn-1/statement').toString() === other.text('turn-1/statement').toString());
    const text = lead.text('turn-1/statement').toString();
    expect(text).toContain('Công dân trình bày việc bồi thường.');
    expect(text).toContain('Đề nghị xem xét lại giá đất.');
    // What is stored is what they see: a reader opening now gets the same text.
    const reader = await open('giamsat');
    expect(reader.text('turn-1/statement').toString()).toBe(text);
    expect(reader.canEdit).toBe(false);
  });

  it('refuses edits from a role that only reads, and stores nothing of them', async () => {
    const reader = await open('diemcau.badinh');
    reader.text('turn-1/statement').insert(0, 'KHÔNG ĐƯỢC GHI ');
    await waitFor('refusal', () => reader.errors.length > 0);
    expect(reader.errors[0]).toMatch(/chỉ được đọc/);
    const fresh = await open('thuky');
    expect(fresh.text('turn-1/statement').toString()).not.toContain('KHÔNG ĐƯỢC GHI');
  });

  it('refuses a malformed update with a clear message', async () => {
    const lead = await open('thuky');
    const res = await lead.socket.emitWithAck('minutes:update', { sessionId, update: new Uint8Array([1, 2, 3, 250, 251]) });
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const notBytes = await lead.socket.emitWithAck('minutes:update', { sessionId, update: 'chữ' } as never);
    expect(notBytes.ok).toBe(false);
  });

  it('loses nothing acknowledged when the server is killed', async () => {
    const lead = await open('thuky');
    lead.text('turn-2/answer').insert(0, 'Giao Sở Nông nghiệp và Môi trường kiểm tra, trả lời trước ngày 15/12/2026.');
    await waitFor('stored', () => lead.pending === 0);
    await restartServer('SIGKILL');
    const after = await open('thuky');
    expect(after.text('turn-2/answer').toString()).toBe('Giao Sở Nông nghiệp và Môi trường kiểm tra, trả lời trước ngày 15/12/2026.');
    expect(after.text('turn-1/statement').toString()).toContain('Đề nghị xem xét lại giá đất.');
  });

  it('compacts a long editing history into a snapshot without changing the document', async () => {
    const lead = await open('thuky');
    const notes = lead.text('turn-3/notes');
    for (let i = 0; i < 520; i++) {
      notes.insert(notes.length, `${i} `);
      if (i % 50 === 0) {
        await waitFor('stored', () => lead.pending === 0);
        // Paced like a client that sends every keystroke (100 a second at most): faster is refused as a flood.
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await waitFor('all stored', () => lead.pending === 0, 30_000);
    expect(lead.errors).toEqual([]);
    const db = testDb();
    try {
      await waitFor('a snapshot exists', async () => (await db.minutesText.findUnique({ where: { sessionId_part: { sessionId, part: 'OPEN' } } }))?.compactedThrough, 10_000);
    } finally {
      await db.$disconnect();
    }
    const again = await open('thuky');
    expect(again.text('turn-3/notes').toString()).toBe(notes.toString());
    const expected = new Y.Doc();
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(lead.doc));
    expect(again.text('turn-1/statement').toString()).toBe(expected.getText('turn-1/statement').toString());
  });
});
