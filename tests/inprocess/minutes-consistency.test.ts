// A reader of the minutes never gets a document without text that is stored, whatever a compaction does
// at the same moment. The interleaving is forced, not hoped for: the reader is held between its two reads
// while a compaction commits, which is exactly the window a loaded machine opened in CI.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionTextKey } from '../../protocol/index.ts';
import type { Db } from '../../server/src/db/client.ts';
import { MinutesText } from '../../server/src/minutes/minutes-text.ts';
import { MinutesRepository } from '../../server/src/minutes/minutes.repository.ts';
import type { Person } from '../../server/src/access/caller.ts';
import { AccessRepository } from '../../server/src/access/access.repository.ts';
import { SessionAccess } from '../../server/src/access/session-access.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { createSession, testDb } from '../support/db.ts';

const silent = (): void => {};

/** Commits a compaction of the same part between the reader's read of the snapshot and its read of the log. */
class CompactingBetweenReads extends MinutesText {
  armed: { sessionId: string } | null = null;
  compactions = 0;
  protected override async betweenReads(): Promise<void> {
    const target = this.armed;
    if (!target) return;
    this.armed = null;
    await this.compact(target.sessionId, 'open');
    this.compactions++;
  }
}

let db: Db;
let sessionId: string;
let writer: Person;

beforeAll(async () => {
  sessionId = await createSession('Phiên thử đọc biên bản khi đang gộp');
  db = testDb() as unknown as Db;
  const lead = await db.account.findUniqueOrThrow({ where: { username: 'thuky' } });
  writer = { kind: 'person', accountId: lead.id, role: 'SECRETARY', siteId: lead.siteId, siteKind: 'HOST_OFFICE', agencyId: null, name: lead.fullName };
});
afterAll(async () => {
  await db.$disconnect();
});

/** Writes `count` numbered words as separate stored updates, like a secretary typing. */
async function type(service: MinutesText, doc: Y.Doc, from: number, count: number): Promise<void> {
  const text = doc.getText(sessionTextKey('opening'));
  for (let i = from; i < from + count; i++) {
    const before = Y.encodeStateVector(doc);
    text.insert(text.length, `${i} `);
    await service.apply(writer, sessionId, 'open', Y.encodeStateAsUpdate(doc, before));
  }
}

describe('reading the minutes while they are compacted', () => {
  it('loads every stored word even when a compaction commits between reading the snapshot and the log', async () => {
    const service = new CompactingBetweenReads(new MinutesRepository(db), new SessionAccess(new AccessRepository(db)), new EventBus(silent), silent);
    const doc = new Y.Doc();
    await type(service, doc, 0, 30);
    await service.compact(sessionId, 'open'); // an older snapshot, so the reader has one to read first
    await type(service, doc, 30, 30);

    service.armed = { sessionId };
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, await service.load(sessionId, 'open'));

    expect(service.compactions).toBe(1);
    const expected = Array.from({ length: 60 }, (_, i) => `${i} `).join('');
    expect(loaded.getText(sessionTextKey('opening')).toString()).toBe(expected);
    // And the compaction did fold the log: a fresh read agrees.
    const after = new Y.Doc();
    Y.applyUpdate(after, await service.load(sessionId, 'open'));
    expect(after.getText(sessionTextKey('opening')).toString()).toBe(expected);
  });
});
