// A denouncer's statement stays inside the chair's circle (Law on Denunciation 2018, art. 47): it lives in
// the closed part of the minutes, which bridge secretaries and observers can neither open nor write, and a
// statement begun before the moderator marked the turn confidential moves there by itself.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTextKey } from '../../protocol/index.ts';
import { createSession } from '../support/db.ts';
import { LiveClient } from '../support/live.ts';
import { MinutesClient } from '../support/minutes.ts';
import { waitFor } from '../support/socket.ts';
import { holdTurns } from '../support/turns.ts';

let sessionId: string;
let entryId = '';
const clients: { close(): void }[] = [];
const keep = <T extends { close(): void }>(c: T): T => {
  clients.push(c);
  return c;
};

beforeAll(async () => {
  sessionId = await createSession('Phiên thử lượt tố cáo kín');
  [entryId = ''] = await holdTurns(
    sessionId,
    [{ siteCode: 'HOAN-KIEM', citizenName: 'Đỗ Văn Mật', petitionType: 'DENUNCIATION', field: 'OTHER', subject: 'Tố cáo cán bộ địa chính' }],
    { lastSpeaking: true },
  );
});
afterAll(() => {
  for (const c of clients) c.close();
});

describe('the statement of a confidential turn', () => {
  it('moves to the closed part when the turn is marked confidential, out of the bridge secretaries’ reach', async () => {
    const statement = entryTextKey(entryId, 'statement');
    const lead = keep(await MinutesClient.open('thuky', sessionId));
    const bridge = keep(await MinutesClient.open('thuky.badinh', sessionId));
    lead.text(statement).insert(0, 'Ông Mật, nhà số 5 ngõ 12, trình bày việc cán bộ địa chính nhận tiền.');
    lead.text(entryTextKey(entryId, 'answers')).insert(0, 'Đã ghi nhận, chuyển Thanh tra thành phố xác minh.');
    await waitFor('stored', () => lead.pending === 0);
    await waitFor('relayed to the bridge', () => bridge.text(statement).length > 0);

    const mod = keep(await LiveClient.open('dieuphoi', sessionId));
    await mod.must({ type: 'entry.confidential', entryId, confidential: true });

    // The open part loses the statement, on the bridge's screen and in the store; the office's answer stays.
    await waitFor('statement gone from the bridge', () => bridge.text(statement).length === 0, 10_000);
    const fresh = keep(await MinutesClient.open('thuky.badinh', sessionId));
    expect(fresh.text(statement).toString()).toBe('');
    expect(fresh.text(entryTextKey(entryId, 'answers')).toString()).toBe('Đã ghi nhận, chuyển Thanh tra thành phố xác minh.');
    // Not even in the bytes the page receives: the open part was compacted with the text deleted.
    const opened = await fresh.socket.emitWithAck('minutes:open', { sessionId });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(Buffer.from(opened.data.update).toString('utf8')).not.toContain('nhà số 5');

    // The chair's circle reads and writes it in the closed part.
    const closed = keep(await MinutesClient.open('thuky', sessionId, 'closed'));
    expect(closed.text(statement).toString()).toBe('Ông Mật, nhà số 5 ngõ 12, trình bày việc cán bộ địa chính nhận tiền.');
    const chair = keep(await MinutesClient.open('chutri', sessionId, 'closed'));
    closed.text(statement).insert(closed.text(statement).length, ' Có chứng cứ kèm theo.');
    await waitFor('stored', () => closed.pending === 0);
    await waitFor('relayed inside the circle', () => chair.text(statement).toString().endsWith('Có chứng cứ kèm theo.'));
    expect(bridge.text(statement).toString()).toBe('');
  });

  it('refuses the closed part to bridge secretaries and observers, to read and to write', async () => {
    for (const username of ['thuky.badinh', 'giamsat', 'diemcau.hoankiem']) {
      await expect(MinutesClient.open(username, sessionId, 'closed'), username).rejects.toThrow(/giữ bí mật/);
    }
    const bridge = keep(await MinutesClient.open('thuky.badinh', sessionId));
    const probe = new Y.Doc();
    probe.getText(entryTextKey(entryId, 'statement')).insert(0, 'ghi lén');
    const res = await bridge.socket.emitWithAck('minutes:update', { sessionId, part: 'closed', update: Y.encodeStateAsUpdate(probe) });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/giữ bí mật/);
    const closed = keep(await MinutesClient.open('chutri', sessionId, 'closed'));
    expect(closed.text(entryTextKey(entryId, 'statement')).toString()).not.toContain('ghi lén');
  });

  it('the chair’s version carries the statement; the bridge secretary’s reads as the public copy', async () => {
    const chair = keep(await LiveClient.open('chutri', sessionId));
    await chair.must({ type: 'turn.end' });
    await chair.must({ type: 'session.close' });
    const lead = keep(await MinutesClient.open('thuky', sessionId));
    const set = await lead.socket.emitWithAck('minutes:fields', {
      sessionId,
      entryId,
      petitionType: null,
      field: null,
      conclusionType: 'STUDY',
      agencyId: null,
      deadline: null,
    });
    expect(set.ok).toBe(true);
    const approver = keep(await MinutesClient.open('chutri', sessionId));
    const approved = await approver.socket.emitWithAck('minutes:approve', { sessionId });
    expect(approved.ok).toBe(true);

    const full = await approver.socket.emitWithAck('minutes:version', { sessionId, number: 1 });
    if (!full.ok) throw new Error(full.error.message);
    expect(full.data.entries[0]!.text.statement).toBe('Ông Mật, nhà số 5 ngõ 12, trình bày việc cán bộ địa chính nhận tiền. Có chứng cứ kèm theo.');
    const bridge = keep(await MinutesClient.open('thuky.badinh', sessionId));
    const pub = await bridge.socket.emitWithAck('minutes:version', { sessionId, number: 1 });
    if (!pub.ok) throw new Error(pub.error.message);
    expect(JSON.stringify(pub.data)).not.toContain('nhà số 5');
    expect(JSON.stringify(pub.data)).not.toContain('Đỗ Văn Mật');
    expect(pub.data.entries[0]!.text.answers).toBe('Đã ghi nhận, chuyển Thanh tra thành phố xác minh.');
  });
});
