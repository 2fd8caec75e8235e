// The services as the transports call them, in this process, on a real PostgreSQL: access is asked first,
// a committed intent is answered with its patch as the caller may see it, the change is published after
// the commit, and a person sees exactly the sessions the database lets through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { LiveChanged } from '../../server/src/events/domain-events.ts';
import { AccessRepository } from '../../server/src/access/access.repository.ts';
import { personOf, type Person } from '../../server/src/access/caller.ts';
import { SessionAccess } from '../../server/src/access/session-access.ts';
import { AccountRepository } from '../../server/src/auth/account.repository.ts';
import { createDb, type Db } from '../../server/src/db/client.ts';
import { AppError } from '../../server/src/errors/app-error.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { MediaOffenseRepository } from '../../server/src/floor/media-offense.repository.ts';
import { LiveStore } from '../../server/src/live/live-store.repository.ts';
import { LiveService } from '../../server/src/live/live.service.ts';
import { SessionsRepository } from '../../server/src/sessions/sessions.repository.ts';
import { SessionsService } from '../../server/src/sessions/sessions.service.ts';
import { cloneDemoSession } from '../support/session-factory.ts';

let db: Db;
let live: LiveService;
let sessions: SessionsService;
const published: LiveChanged[] = [];
const people: Record<string, Person> = {};
let sessionId: string;
let denouncer = '';

beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  const access = new SessionAccess(new AccessRepository(db));
  const events = new EventBus(() => {});
  events.on('live.changed', (change) => void published.push(change));
  live = new LiveService(new LiveStore(db), access, events, () => {});
  sessions = new SessionsService(new SessionsRepository(db), new AccountRepository(db), new MediaOffenseRepository(db), access, 3600);
  const accounts = new AccountRepository(db);
  for (const username of ['chutri', 'dieuphoi', 'diemcau.badinh', 'diemcau.hoankiem', 'giamsat']) people[username] = personOf((await accounts.byUsername(username))!);
  sessionId = await cloneDemoSession(db as never, 'Tiếp công dân trong tiến trình', 3, 'inprocess');
});
afterAll(async () => {
  await db.$disconnect();
});

describe('the live service, in process', () => {
  it('answers a committed intent with the patch as the caller sees it, then publishes the change', async () => {
    const site = (await db.site.findUniqueOrThrow({ where: { code: 'BA-DINH' } })).id;
    const res = await live.execute(people['diemcau.badinh']!, sessionId, {
      type: 'entry.register',
      entry: { siteId: site, citizenName: 'Người Tố Cáo Trong Tiến Trình', petitionType: 'DENUNCIATION', field: 'OTHER', confidential: true },
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    denouncer = res.entryId!;
    // The bridge registered its own confidential citizen: it sees the name in its answer.
    expect(res.patch?.entries.find((e) => e.id === res.entryId)?.citizenName).toBe('Người Tố Cáo Trong Tiến Trình');
    // The change is published after the commit, in full (the gateway redacts per audience).
    await expect.poll(() => published.some((c) => c.patch.version === res.version)).toBe(true);
    const stored = await db.receptionSession.findUniqueOrThrow({ where: { id: sessionId }, select: { liveVersion: true } });
    expect(stored.liveVersion).toBe(res.version);

    // The moderator is in the chair's circle: the answer to a change of that entry names the citizen too.
    const moved = await live.execute(people['dieuphoi']!, sessionId, { type: 'entry.priority', entryId: res.entryId!, priority: 'ELDERLY' });
    expect(moved.ok && moved.patch?.entries.find((e) => e.id === res.entryId)?.citizenName).toBe('Người Tố Cáo Trong Tiến Trình');
  });

  it('asks access first: another site’s citizen, an observer’s intent and a leader who is not the chair are refused', async () => {
    // Another bridge may withdraw its own citizens only: the rules refuse, in the one error shape.
    const other = await live.execute(people['diemcau.hoankiem']!, sessionId, { type: 'entry.withdraw', entryId: denouncer });
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', statusCode: 403, key: 'live.ownSiteOnly' } });
    await expect(live.execute(people['giamsat']!, sessionId, { type: 'queue.callNext' })).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'live.roleForbidden' });
    const deputy = { ...people['chutri']!, accountId: '00000000-0000-4000-8000-000000000001', name: 'Phó Chủ Tịch' };
    await expect(live.execute(deputy, sessionId, { type: 'session.open' })).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'live.notSessionChair' });
  });

  it('refuses a session the caller may not see as if it did not exist', async () => {
    await expect(live.execute(people['diemcau.badinh']!, '00000000-0000-4000-8000-00000000abcd', { type: 'queue.callNext' })).rejects.toBeInstanceOf(AppError);
  });
});

describe('the sessions a person sees, in process', () => {
  it('filters by the database: a bridge that no longer takes part no longer sees the session', async () => {
    const narrow = await cloneDemoSession(db as never, 'Chỉ Cầu Giấy', 4, 'inprocess');
    await db.sessionSite.deleteMany({ where: { sessionId: narrow, site: { code: { not: 'CAU-GIAY' } } } });
    const seenByBaDinh = (await sessions.list(people['diemcau.badinh']!)).map((s) => s.id);
    expect(seenByBaDinh).toContain(sessionId);
    expect(seenByBaDinh).not.toContain(narrow);
    expect((await sessions.list(people['giamsat']!)).map((s) => s.id)).toContain(narrow);
    await expect(sessions.get(people['diemcau.badinh']!, narrow)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
