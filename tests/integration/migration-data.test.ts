// The migration to normalised relations converts what a hub already holds, it does not start it over: a
// database built by the migrations before it and filled the way the hub fills it (held turns with agency
// answers, paused turns, the change log, minutes text, fields and an approved version) keeps every value,
// and the live state the repository reads from the new tables is the one the old JSON column held.
// It runs in a database of its own on the test hub's PostgreSQL, migrated the way a hub migrates its own
// (`prisma migrate deploy`, which runs each script statement by statement through the driver adapter):
// first with the migrations up to the previous one only, then, once filled, with the new one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { entryTextKey, type Answer, type LiveState, type QueueEntry } from '../../protocol/index.ts';
import { createDb, poolOf, type Db } from '../../server/src/db/client.ts';
import { inTransaction } from '../../server/src/db/sql.ts';
import { applyMigrations } from '../../server/src/db/migrate.ts';
import { loadLive, saveLive } from '../../server/src/live/live.repository.ts';
import { ROOT } from '../support/hub.ts';

const MIGRATIONS = path.join(ROOT, 'prisma', 'migrations');
/** The last migration before the one under test: the schema every existing hub database has. */
const PREVIOUS = '20261201155728_media_offenses';
const MIGRATION = '20261201184717_normalised_relations';

const id = (): string => randomUUID();
const site = { host: id(), baDinh: id(), hoanKiem: id() };
const agency = { tnmt: id(), thanhTra: id() };
const account = { chair: id(), moderator: id(), secretary: id(), operator: id(), repTnmt: id(), repThanhTra: id(), gone: id() };
const session = { closed: id(), live: id(), paused: id(), moderated: id() };

const answer = (accountId: string, name: string, siteId: string, agencyName: string | null, at: string): Answer => ({ accountId, name, siteId, agencyName, at });

function turn(over: Partial<QueueEntry> & Pick<QueueEntry, 'siteId' | 'citizenName' | 'status' | 'position' | 'registeredAt'>): QueueEntry {
  return {
    id: id(),
    petitionType: 'COMPLAINT',
    field: 'LAND',
    subject: null,
    intakeId: null,
    returning: null,
    delegationSize: 1,
    representative: null,
    priority: null,
    confidential: false,
    askedFloorAt: null,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    pausedAt: null,
    pauseReason: null,
    pausedMs: 0,
    allottedSeconds: 300,
    extraSeconds: 0,
    answers: [],
    ...over,
  };
}

/** Turns as the hub leaves them, per session; the closed session's are in its minutes. */
const turns: Record<string, QueueEntry[]> = {
  [session.closed]: [
    turn({
      siteId: site.baDinh,
      citizenName: 'Nguyễn Thị Hường',
      subject: 'Bồi thường khi thu hồi đất nông nghiệp',
      field: 'COMPENSATION',
      priority: 'ELDERLY',
      status: 'DONE',
      position: 1,
      registeredAt: '2026-11-20T00:40:00.000Z',
      askedFloorAt: '2026-11-20T01:00:10.000Z',
      calledAt: '2026-11-20T01:01:00.000Z',
      startedAt: '2026-11-20T01:01:30.250Z',
      endedAt: '2026-11-20T01:09:02.125Z',
      pausedMs: 41_500,
      extraSeconds: 120,
      // Two answers from the same representative (the floor handed to them twice), and one from another.
      answers: [
        answer(account.repTnmt, 'Lê Văn Đất', site.host, 'Sở Nông nghiệp và Môi trường', '2026-11-20T01:04:12.345Z'),
        answer(account.repThanhTra, 'Phạm Thị Tra', site.hoanKiem, 'Thanh tra thành phố', '2026-11-20T01:06:00.001Z'),
        answer(account.repTnmt, 'Lê Văn Đất', site.host, 'Sở Nông nghiệp và Môi trường', '2026-11-20T01:07:59.999Z'),
      ],
    }),
    turn({
      siteId: site.hoanKiem,
      citizenName: 'Người Tố Cáo Kín',
      petitionType: 'DENUNCIATION',
      field: 'OTHER',
      subject: 'Tố cáo cán bộ phường',
      confidential: true,
      delegationSize: 3,
      representative: 'Trần Văn Đại Diện',
      status: 'DONE',
      position: 2,
      registeredAt: '2026-11-20T00:45:00.000Z',
      calledAt: '2026-11-20T01:09:30.000Z',
      startedAt: '2026-11-20T01:10:00.000Z',
      endedAt: '2026-11-20T01:14:30.000Z',
      // A representative with no agency on record answers with agencyName null.
      answers: [answer(account.repThanhTra, 'Phạm Thị Tra', site.hoanKiem, null, '2026-11-20T01:12:00.000Z')],
    }),
    turn({ siteId: site.baDinh, citizenName: 'Hoàng Văn Vắng', status: 'NO_SHOW', position: 3, registeredAt: '2026-11-20T00:50:00.000Z', calledAt: '2026-11-20T01:15:00.000Z' }),
  ],
  [session.live]: [
    turn({
      siteId: site.baDinh,
      citizenName: 'Đỗ Thị Mất Sóng',
      field: 'ENVIRONMENT',
      status: 'PAUSED',
      position: 1,
      registeredAt: '2026-12-01T01:00:00.000Z',
      calledAt: '2026-12-01T01:20:00.000Z',
      startedAt: '2026-12-01T01:20:30.000Z',
      pausedAt: '2026-12-01T01:23:00.500Z',
      pauseReason: 'SITE_DISCONNECTED',
      answers: [answer(account.repTnmt, 'Lê Văn Đất', site.host, 'Sở Nông nghiệp và Môi trường', '2026-12-01T01:22:00.000Z')],
    }),
    turn({ siteId: site.hoanKiem, citizenName: 'Vũ Văn Chờ', status: 'WAITING', position: 2, registeredAt: '2026-12-01T01:05:00.000Z', askedFloorAt: '2026-12-01T01:06:00.000Z' }),
    turn({ siteId: site.baDinh, citizenName: 'Bùi Thị Rút', status: 'WITHDRAWN', position: 3, registeredAt: '2026-12-01T01:07:00.000Z' }),
  ],
  [session.paused]: [
    turn({
      siteId: site.hoanKiem,
      citizenName: 'Mai Văn Tạm',
      status: 'PAUSED',
      position: 1,
      registeredAt: '2026-12-02T01:00:00.000Z',
      startedAt: '2026-12-02T01:30:00.000Z',
      pausedAt: '2026-12-02T01:31:00.000Z',
      pauseReason: 'CHAIR',
    }),
  ],
  [session.moderated]: [
    turn({
      siteId: site.baDinh,
      citizenName: 'Lý Thị Nghỉ',
      status: 'PAUSED',
      position: 1,
      registeredAt: '2026-12-03T01:00:00.000Z',
      startedAt: '2026-12-03T01:30:00.000Z',
      pausedAt: '2026-12-03T01:34:00.000Z',
      pausedMs: 12_000,
      pauseReason: 'MODERATOR',
    }),
  ],
};
const [heldTurn, secretTurn] = turns[session.closed]!;
const floors: Record<string, unknown> = {
  [session.live]: { entryId: turns[session.live]![0]!.id, speaker: { kind: 'CITIZEN', siteId: site.baDinh } },
  [session.paused]: { entryId: turns[session.paused]![0]!.id, speaker: { kind: 'CITIZEN', siteId: site.hoanKiem } },
  [session.moderated]: { entryId: turns[session.moderated]![0]!.id, speaker: { kind: 'CITIZEN', siteId: site.baDinh } },
};

function yjsText(texts: Record<string, string>): Buffer {
  const doc = new Y.Doc();
  for (const [key, text] of Object.entries(texts)) doc.getText(key).insert(0, text);
  return Buffer.from(Y.encodeStateAsUpdate(doc));
}
const openText = yjsText({ [entryTextKey(heldTurn!.id, 'statement')]: 'Bà Hường trình bày việc thu hồi 500 m² đất nông nghiệp.', [entryTextKey(heldTurn!.id, 'answers')]: 'Sở trả lời theo bảng giá đất năm 2026.' });
const closedText = yjsText({ [entryTextKey(secretTurn!.id, 'statement')]: 'Nội dung tố cáo được ghi riêng, không công khai.' });

/** Fills the database the way the hub would have, by SQL against the schema before the migration. */
async function fill(c: pg.Client): Promise<void> {
  await c.query(
    `INSERT INTO "Site" (id, code, name, kind) VALUES ($1, 'TCD-TP', 'Trụ sở Tiếp công dân thành phố', 'HOST_OFFICE'),
       ($2, 'BA-DINH', 'Điểm cầu phường Ba Đình', 'BRIDGE_POINT'), ($3, 'HOAN-KIEM', 'Điểm cầu phường Hoàn Kiếm', 'BRIDGE_POINT')`,
    [site.host, site.baDinh, site.hoanKiem],
  );
  await c.query(`INSERT INTO "Agency" (id, code, name) VALUES ($1, 'SO-NNMT', 'Sở Nông nghiệp và Môi trường'), ($2, 'THANH-TRA', 'Thanh tra thành phố')`, [agency.tnmt, agency.thanhTra]);
  const people: [string, string, string, string, string | null][] = [
    [account.chair, 'chutich', 'Trần Quốc Chủ', 'CHAIR', null],
    [account.moderator, 'dieuhanh', 'Ngô Điều Hành', 'MODERATOR', null],
    [account.secretary, 'thuky', 'Đặng Thư Ký', 'SECRETARY', null],
    [account.operator, 'badinh', 'Kiều Vận Hành', 'BRIDGE_OPERATOR', null],
    [account.repTnmt, 'sonnmt', 'Lê Văn Đất', 'AGENCY_REP', agency.tnmt],
    [account.repThanhTra, 'thanhtra', 'Phạm Thị Tra', 'AGENCY_REP', agency.thanhTra],
    [account.gone, 'daxoa', 'Người Đã Bị Xoá', 'BRIDGE_OPERATOR', null],
  ];
  for (const [accountId, username, fullName, role, agencyId] of people) {
    const siteId = role === 'BRIDGE_OPERATOR' ? site.baDinh : site.host;
    await c.query(`INSERT INTO "Account" (id, username, "passwordHash", "fullName", role, "siteId", "agencyId") VALUES ($1, $2, 'unused', $3, $4, $5, $6)`, [accountId, username, fullName, role, siteId, agencyId]);
  }

  const sessions: [string, string, string, number][] = [
    [session.closed, 'Kỳ tiếp công dân định kỳ tháng 11', 'CLOSED', 9],
    [session.live, 'Kỳ tiếp công dân tháng 12', 'LIVE', 5],
    [session.paused, 'Kỳ tiếp chuyên đề đất đai', 'PAUSED', 2],
    [session.moderated, 'Đối thoại với người dân phường Ba Đình', 'LIVE', 2],
  ];
  for (const [sessionId, title, status, liveVersion] of sessions) {
    const start = turns[sessionId]![0]!.registeredAt;
    await c.query(
      `INSERT INTO "ReceptionSession" (id, title, kind, status, "scheduledStart", "chairId", "hostSiteId", "roomName", version, "liveVersion", "turnSeconds", floor, readiness, "openedAt", "startedAt", "closedAt")
       VALUES ($1, $2, 'PERIODIC', $3, $4, $5, $6, $7, 4, $8, 300, $9, $10, $4, $4, $11)`,
      [
        sessionId,
        title,
        status,
        start,
        account.chair,
        site.host,
        `room-${sessionId}`,
        liveVersion,
        floors[sessionId] ? JSON.stringify(floors[sessionId]) : null,
        JSON.stringify({ [site.baDinh]: { camera: true, microphone: true, rttMs: 38, quality: 'GOOD', checkedAt: start, checkedBy: 'Kiều Vận Hành' } }),
        status === 'CLOSED' ? '2026-11-20T02:00:00.000Z' : null,
      ],
    );
    await c.query(`INSERT INTO "SessionSite" ("sessionId", "siteId") VALUES ($1, $2), ($1, $3)`, [sessionId, site.baDinh, site.hoanKiem]);
    await c.query(`INSERT INTO "SessionAgency" ("sessionId", "agencyId") VALUES ($1, $2), ($1, $3)`, [sessionId, agency.tnmt, agency.thanhTra]);
    for (const e of turns[sessionId]!) {
      // One registration of the live session was taken by an operator whose account was later deleted by
      // hand, behind the hub's back: the kind of dangling id the new foreign keys must survive.
      const by = e.citizenName === 'Vũ Văn Chờ' ? account.gone : account.operator;
      await c.query(
        `INSERT INTO "Registration" (id, "sessionId", "siteId", "citizenName", "petitionType", field, subject, "delegationSize", representative, priority, confidential, status, position,
           "registeredAt", "registeredById", "askedFloorAt", "calledAt", "startedAt", "endedAt", "pausedAt", "pauseReason", "pausedMs", "allottedSeconds", "extraSeconds", answers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
        [
          e.id, sessionId, e.siteId, e.citizenName, e.petitionType, e.field, e.subject, e.delegationSize, e.representative, e.priority, e.confidential, e.status, e.position,
          e.registeredAt, by, e.askedFloorAt, e.calledAt, e.startedAt, e.endedAt, e.pausedAt, e.pauseReason, e.pausedMs, e.allottedSeconds, e.extraSeconds, JSON.stringify(e.answers),
        ],
      );
    }
    // The change log: one row per accepted intent; the system's own changes have no actor.
    for (let v = 1; v <= liveVersion; v++) {
      const actor = v === liveVersion && sessionId === session.live ? null : v % 2 ? account.moderator : account.chair;
      const command = actor === null ? 'system.siteLeft' : v === 1 ? 'session.open' : 'queue.callNext';
      const patch = { sessionId, version: v, at: start, header: { sessionId, version: v, status }, entries: v === 2 ? turns[sessionId]!.slice(0, 1) : [] };
      await c.query(`INSERT INTO "LiveChange" ("sessionId", version, at, command, "actorId", patch) VALUES ($1, $2, $3, $4, $5, $6)`, [sessionId, v, start, command, actor, JSON.stringify(patch)]);
    }
  }
  await c.query(`UPDATE "LiveChange" SET "actorId" = $1 WHERE "sessionId" = $2 AND version = 3`, [account.gone, session.live]);

  // The closed session's minutes: approved once, with both parts of the text and the turns' fields.
  await c.query(
    `INSERT INTO "MinutesDocument" ("sessionId", status, "metaVersion", "numberYear", "minutesNumber", "noticeNumber", "updatedAt") VALUES ($1, 'APPROVED', 7, 2026, 5, 5, '2026-11-20T03:00:00.000Z')`,
    [session.closed],
  );
  await c.query(`INSERT INTO "MinutesText" ("sessionId", part, snapshot, "compactedThrough") VALUES ($1, 'OPEN', $2, 2), ($1, 'CLOSED', $3, 3)`, [session.closed, openText, closedText]);
  await c.query(
    `INSERT INTO "MinutesUpdate" ("sessionId", part, "update", "accountId", "createdAt") VALUES ($1, 'OPEN', $2, $3, '2026-11-20T01:05:00.000Z'), ($1, 'OPEN', '\\x', $3, '2026-11-20T01:06:00.000Z'), ($1, 'CLOSED', $4, NULL, '2026-11-20T01:13:00.000Z')`,
    [session.closed, openText, account.secretary, closedText],
  );
  await c.query(
    `INSERT INTO "MinutesEntry" ("registrationId", "sessionId", "petitionType", field, "conclusionType", "agencyId", deadline, "updatedById", "updatedAt")
     VALUES ($1, $2, NULL, 'LAND', 'ASSIGNED', $3, '2026-12-15', $4, '2026-11-20T01:10:00.000Z'), ($5, $2, 'DENUNCIATION', NULL, 'ANSWERED', NULL, NULL, $4, '2026-11-20T01:15:00.000Z')`,
    [heldTurn!.id, session.closed, agency.tnmt, account.secretary, secretTurn!.id],
  );
  const content = { header: { title: 'Kỳ tiếp công dân định kỳ tháng 11' }, entries: [{ entryId: heldTurn!.id, text: { statement: 'Bà Hường trình bày…' } }] };
  await c.query(
    `INSERT INTO "MinutesVersion" ("sessionId", number, "approvedAt", "approvedById", reason, "amendedById", editors, changes, content) VALUES ($1, 1, '2026-11-20T03:00:00.000Z', $2, NULL, NULL, $3, $4, $5)`,
    [session.closed, account.chair, JSON.stringify(['Đặng Thư Ký']), JSON.stringify([]), JSON.stringify(content)],
  );
  await c.query(`DELETE FROM "Account" WHERE id = $1`, [account.gone]);
}

/** Every row of every table, as JSON, in a stable order; `answers` left out (it moves to TurnAnswer). */
async function everyRow(c: pg.Client, tables: string[]): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const t of tables) rows[t] = (await c.query<{ row: string }>(`SELECT (to_jsonb(t) - 'answers')::text AS row FROM "${t}" t ORDER BY 1`)).rows.map((r) => r.row);
  return rows;
}

/**
 * A project folder for the Prisma CLI holding only the migrations given so far: the project's config and
 * schema, its node_modules, and a migrations folder that `add()` fills.
 */
function migrationsFolder(): { root: string; add(folder: string): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-migration-data-'));
  fs.mkdirSync(path.join(root, 'prisma', 'migrations'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'prisma.config.ts'), path.join(root, 'prisma.config.ts'));
  fs.copyFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), path.join(root, 'prisma', 'schema.prisma'));
  fs.copyFileSync(path.join(MIGRATIONS, 'migration_lock.toml'), path.join(root, 'prisma', 'migrations', 'migration_lock.toml'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return { root, add: (folder) => fs.cpSync(path.join(MIGRATIONS, folder), path.join(root, 'prisma', 'migrations', folder), { recursive: true }) };
}

let admin: pg.Client;
let c: pg.Client;
let db: Db;
/** What the database held right after this migration (before the later ones). */
let appliedThen: string[] = [];
let after: Awaited<ReturnType<typeof everyRow>>;
let dbName: string;
let work: { root: string; add(folder: string): void };
let tables: string[];
let before: Record<string, string[]>;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  dbName = `migration_data_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  // A hub in Vietnam may run its PostgreSQL on local time: the conversion must not depend on it.
  await admin.query(`ALTER DATABASE ${dbName} SET timezone TO 'Asia/Ho_Chi_Minh'`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${dbName}`;

  const folders = fs.readdirSync(MIGRATIONS).filter((f) => fs.existsSync(path.join(MIGRATIONS, f, 'migration.sql'))).sort();
  expect(folders).toContain(PREVIOUS);
  expect(folders).toContain(MIGRATION);
  work = migrationsFolder();
  for (const f of folders.filter((f) => f <= PREVIOUS)) work.add(f);
  await applyMigrations(work.root, url.toString(), () => {});

  c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  await fill(c);
  tables = (await c.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`)).rows.map((r) => r.t);
  before = await everyRow(c, tables);

  work.add(MIGRATION);
  await applyMigrations(work.root, url.toString(), () => {});
  appliedThen = (await c.query<{ name: string }>(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`)).rows.map((r) => r.name);
  after = await everyRow(c, tables);
  // The repositories and the Prisma client are today's: the migrations after this one go in too before
  // they read the data (each of those has its own test where it converts data).
  for (const f of folders.filter((f) => f > MIGRATION)) work.add(f);
  await applyMigrations(work.root, url.toString(), () => {});
  db = createDb(url.toString());
});

afterAll(async () => {
  await db?.$disconnect();
  await c?.end();
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  if (work) fs.rmSync(work.root, { recursive: true, force: true });
});

describe('the migration to normalised relations', () => {
  it('is recorded as applied, after the ones before it', async () => {
    expect(appliedThen.at(-1)).toBe(MIGRATION);
    expect(appliedThen).toContain(PREVIOUS);
  });

  it('keeps every row of every table it found, with the same values', async () => {
    expect(before.Registration).toHaveLength(8);
    expect(before.LiveChange).toHaveLength(18);
    for (const t of tables) expect(after[t], t).toEqual(t === 'Account' ? expect.arrayContaining(before[t]!) : before[t]);
  });

  it('turns each answer into a row, in order, with the same values', async () => {
    const byTurn = (a: { registrationId: string; ordinal: number }, b: { registrationId: string; ordinal: number }): number =>
      a.registrationId < b.registrationId ? -1 : a.registrationId > b.registrationId ? 1 : a.ordinal - b.ordinal;
    const rows = (await db.turnAnswer.findMany()).sort(byTurn);
    const stored = Object.values(turns)
      .flat()
      .flatMap((e) => e.answers.map((a, ordinal) => ({ registrationId: e.id, ordinal, ...a, at: new Date(a.at) })))
      .sort(byTurn);
    expect(stored).toHaveLength(5);
    expect(rows).toEqual(stored);
  });

  it('gives the repository the same live state the JSON column held: turns, answers, pause reasons, floor', async () => {
    for (const [sessionId, expected] of Object.entries(turns)) {
      const loaded = await loadLive(poolOf(db), sessionId, false);
      expect(loaded!.state.entries).toEqual(expected);
      expect(loaded!.state.floor).toEqual(floors[sessionId] ?? null);
    }
    const reasons = await c.query<{ reason: string; type: string }>(`SELECT "pauseReason"::text AS reason, pg_typeof("pauseReason")::text AS type FROM "Registration" WHERE "pauseReason" IS NOT NULL ORDER BY 1`);
    expect(reasons.rows).toEqual(['CHAIR', 'MODERATOR', 'SITE_DISCONNECTED'].map((reason) => ({ reason, type: '"PauseReason"' })));
  });

  it('keeps the minutes text readable', async () => {
    const texts = await db.minutesText.findMany({ where: { sessionId: session.closed }, orderBy: { part: 'asc' } });
    const read = (snapshot: Uint8Array, key: string): string => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, snapshot);
      return doc.getText(key).toString();
    };
    expect(read(texts[0]!.snapshot, entryTextKey(heldTurn!.id, 'answers'))).toBe('Sở trả lời theo bảng giá đất năm 2026.');
    expect(read(texts[1]!.snapshot, entryTextKey(secretTurn!.id, 'statement'))).toBe('Nội dung tố cáo được ghi riêng, không công khai.');
    const doc = await db.receptionSession.findUniqueOrThrow({ where: { id: session.closed }, include: { minutesDocument: true } });
    expect(doc.minutesDocument).toMatchObject({ status: 'APPROVED', minutesNumber: 5, noticeNumber: 5 });
  });

  it('and the later turn of petition fields into a list keeps every turn’s and entry’s field, now a row of it', async () => {
    const fieldsIn = (table: string) => before[table]!.map((r) => (JSON.parse(r) as { field: string | null }).field).filter((f) => f !== null).sort();
    const joined = async (table: string) =>
      (await c.query<{ field: string; name: string }>(`SELECT t.field, f."nameVi" AS name FROM "${table}" t JOIN "PetitionField" f ON f.code = t.field ORDER BY 1`)).rows;
    const turns = await joined('Registration');
    expect(turns.map((r) => r.field)).toEqual(fieldsIn('Registration'));
    expect(new Set(turns.map((r) => r.field)).size).toBeGreaterThan(2);
    expect(turns.find((r) => r.field === 'COMPENSATION')?.name).toBe('Bồi thường, GPMB');
    expect((await joined('MinutesEntry')).map((r) => r.field)).toEqual(fieldsIn('MinutesEntry'));
  });

  it('brings an account deleted by hand back as an inactive placeholder, so its records keep their ids', async () => {
    const gone = await db.account.findUniqueOrThrow({ where: { id: account.gone }, include: { registrations: true, liveChanges: true } });
    expect(gone).toMatchObject({ active: false, role: 'OBSERVER', fullName: 'Tài khoản không còn trong hệ thống' });
    expect(gone.registrations.map((r) => r.citizenName)).toEqual(['Vũ Văn Chờ']);
    expect(gone.liveChanges.map((l) => l.version)).toEqual([3]);
    expect(await db.account.count()).toBe(7);
  });

  /** Runs the statements in a transaction that is rolled back; returns the constraint that refused one, if any. */
  async function refusal(...statements: [string, unknown[]][]): Promise<string | undefined> {
    await c.query('BEGIN');
    try {
      for (const [text, values] of statements) await c.query(text, values);
      return undefined;
    } catch (e) {
      return (e as { constraint?: string }).constraint;
    } finally {
      await c.query('ROLLBACK');
    }
  }

  it('then holds the references: nobody who did something can be deleted from under the record of it', async () => {
    const deleteAccount = (accountId: string): [string, unknown[]] => [`DELETE FROM "Account" WHERE id = $1`, [accountId]];
    expect(await refusal(deleteAccount(account.repTnmt))).toBe('TurnAnswer_accountId_fkey');
    expect(await refusal(deleteAccount(account.moderator))).toBe('LiveChange_actorId_fkey');
    expect(await refusal(deleteAccount(account.operator))).toBe('Registration_registeredById_fkey');
    expect(await refusal(deleteAccount(account.secretary))).toMatch(/^(MinutesUpdate_accountId|MinutesEntry_updatedById)_fkey$/);
    expect(
      await refusal(
        [`DELETE FROM "SessionAgency" WHERE "agencyId" = $1`, [agency.tnmt]],
        [`UPDATE "Account" SET "agencyId" = NULL WHERE "agencyId" = $1`, [agency.tnmt]],
        [`DELETE FROM "Agency" WHERE id = $1`, [agency.tnmt]],
      ),
    ).toBe('MinutesEntry_agencyId_fkey');
  });

  it('and a deleted turn takes its answers and its minutes entry along', async () => {
    const left = `SELECT (SELECT count(*) FROM "TurnAnswer" WHERE "registrationId" = $1)::int AS answers, (SELECT count(*) FROM "MinutesEntry" WHERE "registrationId" = $1)::int AS entries`;
    expect((await c.query(left, [heldTurn!.id])).rows[0]).toEqual({ answers: 3, entries: 1 });
    await c.query('BEGIN');
    try {
      await c.query(`DELETE FROM "Registration" WHERE id = $1`, [heldTurn!.id]);
      expect((await c.query(left, [heldTurn!.id])).rows[0]).toEqual({ answers: 0, entries: 0 });
    } finally {
      await c.query('ROLLBACK');
    }
  });
});

describe('the live repository on the new tables', () => {
  async function change(sessionId: string, edit: (e: QueueEntry) => QueueEntry): Promise<LiveState> {
    const prev = (await loadLive(poolOf(db), sessionId, false))!.state;
    const target = prev.entries.find((e) => e.status === 'PAUSED')!;
    const next: LiveState = { ...prev, version: prev.version + 1, entries: prev.entries.map((e) => (e.id === target.id ? edit(e) : e)) };
    await inTransaction(poolOf(db), (tx) => saveLive(tx, prev, next, [target.id], 'floor.handToAgency', account.chair, new Date()));
    return next;
  }

  it('saves an answer added to a turn and reads the turn back the same', async () => {
    const added = answer(account.repThanhTra, 'Phạm Thị Tra', site.hoanKiem, 'Thanh tra thành phố', '2026-12-01T01:24:00.000Z');
    const next = await change(session.live, (e) => ({ ...e, answers: [...e.answers, added] }));
    expect((await loadLive(poolOf(db), session.live, false))!.state).toEqual(next);
    expect(await db.turnAnswer.count({ where: { registrationId: turns[session.live]![0]!.id } })).toBe(2);
  });

  it('rewrites a turn’s answers when they change otherwise than by one more', async () => {
    const next = await change(session.live, (e) => ({ ...e, answers: e.answers.slice(1) }));
    expect((await loadLive(poolOf(db), session.live, false))!.state).toEqual(next);
    const rows = await db.turnAnswer.findMany({ where: { registrationId: turns[session.live]![0]!.id } });
    expect(rows.map((r) => [r.ordinal, r.name])).toEqual([[0, 'Phạm Thị Tra']]);
  });
});
