// Reads and writes the live session in PostgreSQL. The session row is locked (SELECT ... FOR UPDATE) for
// the whole decide-and-write, so two server instances serialise on it instead of racing.
import type { Answer, FloorHolder, LivePatch, LiveState, QueueEntry, SiteReadiness } from '../../../protocol/index.ts';
import { Prisma } from '../db/client.ts';
import { rows, type Sql } from '../db/sql.ts';
import type { LiveContext } from '../../../protocol/live-rules/rules.ts';


/** How a turn's answers are read with it: in the order they were given. */
export const withAnswers = { answers: { orderBy: { ordinal: 'asc' } } } satisfies Prisma.RegistrationInclude;

/**
 * A turn as one row of `jsonb_to_recordset`, keys named as the columns (see ENTRY_RECORD). Times stay the
 * ISO text the state carries; the record's `timestamp` type reads them as the UTC the columns hold.
 */
function entryRecord(e: QueueEntry, registeredById: string | null) {
  return {
    id: e.id,
    siteId: e.siteId,
    citizenName: e.citizenName ?? '',
    petitionType: e.petitionType,
    field: e.field,
    subject: e.subject,
    intakeId: e.intakeId,
    returningAt: e.returning?.at ?? null,
    returningField: e.returning?.field ?? null,
    delegationSize: e.delegationSize,
    representative: e.representative,
    priority: e.priority,
    confidential: e.confidential,
    status: e.status,
    position: e.position,
    registeredAt: e.registeredAt,
    registeredById,
    askedFloorAt: e.askedFloorAt,
    calledAt: e.calledAt,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    pausedAt: e.pausedAt,
    pauseReason: e.pauseReason,
    pausedMs: e.pausedMs,
    allottedSeconds: e.allottedSeconds,
    extraSeconds: e.extraSeconds,
  };
}

/** The columns a turn writes, in one place for the record's type, the UPDATE and the INSERT. */
const ENTRY_COLUMNS: [column: string, type: string][] = [
  ['siteId', 'uuid'], ['citizenName', 'text'], ['petitionType', '"PetitionType"'], ['field', 'text'], ['subject', 'text'],
  ['intakeId', 'uuid'], ['returningAt', 'timestamp'], ['returningField', 'text'], ['delegationSize', 'int'],
  ['representative', 'text'], ['priority', '"PriorityReason"'], ['confidential', 'boolean'], ['status', '"EntryStatus"'],
  ['position', 'int'], ['registeredAt', 'timestamp'], ['askedFloorAt', 'timestamp'], ['calledAt', 'timestamp'],
  ['startedAt', 'timestamp'], ['endedAt', 'timestamp'], ['pausedAt', 'timestamp'], ['pauseReason', '"PauseReason"'],
  ['pausedMs', 'int'], ['allottedSeconds', 'int'], ['extraSeconds', 'int'],
];
const ENTRY_RECORD = Prisma.raw(`x(id uuid, "registeredById" uuid, ${ENTRY_COLUMNS.map(([c, t]) => `"${c}" ${t}`).join(', ')})`);
const ENTRY_SET = Prisma.raw(ENTRY_COLUMNS.map(([c]) => `"${c}" = x."${c}"`).join(', '));
const ENTRY_INSERT = Prisma.raw(`INSERT INTO "Registration" (id, "sessionId", "registeredById", ${ENTRY_COLUMNS.map(([c]) => `"${c}"`).join(', ')})`);
const ENTRY_VALUES = Prisma.raw(ENTRY_COLUMNS.map(([c]) => `x."${c}"`).join(', '));

/** An answer as a row of `jsonb_to_recordset` (its time the ISO text the state carries). */
const answerRow = (a: Answer, ordinal: number) => ({ ordinal, accountId: a.accountId, name: a.name, siteId: a.siteId, agencyName: a.agencyName, at: a.at });

const sameAnswer = (a: Answer, b: Answer): boolean =>
  a.accountId === b.accountId && a.name === b.name && a.siteId === b.siteId && a.agencyName === b.agencyName && a.at === b.at;

/**
 * What turns a turn's stored answers from `before` into `after`: the state machine only appends (one answer
 * per hand-off to an agency), so most changes write nothing here or one new row; any other change rewrites
 * the turn's answers.
 */
function answerWrites(before: Answer[], after: Answer[]): { replace: boolean; rows: ReturnType<typeof answerRow>[] } | null {
  const kept = before.length <= after.length && before.every((a, i) => sameAnswer(a, after[i]!));
  if (kept && before.length === after.length) return null;
  if (kept) return { replace: false, rows: after.slice(before.length).map((a, i) => answerRow(a, before.length + i)) };
  return { replace: true, rows: after.map(answerRow) };
}

/** A timestamp column as the ISO text JavaScript's toISOString gives (columns hold UTC). */
const iso = (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** The petition fields a new registration may be given (read only for a registration: the list is small). */
export async function activeFieldCodes(sql: Sql): Promise<ReadonlySet<string>> {
  return new Set((await rows<{ code: string }>(sql, Prisma.sql`SELECT code FROM "PetitionField" WHERE active`)).map((f) => f.code));
}

/** The intake a registration names: its site, whether a turn has it already, the visit it returns to. */
export async function intakeFacts(sql: Sql, id: string): Promise<LiveContext['intake']> {
  const [i] = await rows<{ id: string; siteId: string; queued: boolean; returningAt: string | null; returningField: string | null }>(sql, Prisma.sql`
    SELECT i.id, i."siteId", EXISTS (SELECT 1 FROM "Registration" r WHERE r."intakeId" = i.id) AS queued,
      ${iso('o."receivedAt"')} AS "returningAt", o.field AS "returningField"
    FROM "Intake" i LEFT JOIN "Intake" o ON o.id = i."returningOfId"
    WHERE i.id = ${id}::uuid`);
  if (!i) return null;
  return { id: i.id, siteId: i.siteId, queued: i.queued, returning: i.returningAt !== null && i.returningField !== null ? { at: i.returningAt, field: i.returningField } : null };
}

interface LiveRow {
  id: string;
  roomName: string;
  hostSiteId: string;
  liveVersion: number;
  status: LiveState['status'];
  turnSeconds: number;
  roundRobin: boolean;
  floor: FloorHolder | null;
  readiness: Record<string, SiteReadiness>;
  openedAt: string | null;
  startedAt: string | null;
  closedAt: string | null;
  entries: QueueEntry[];
  siteIds: string[];
  reps: { id: string; name: string; siteId: string; agencyName: string | null }[];
}

/**
 * The live state and what the rules need beside it, in one statement after the lock (an intent holds the
 * session's row lock meanwhile, so every round trip here is time the next intent waits: this was nine). The entries are
 * built in the database in the shape of QueueEntry, keys in its order, as the state machine and the
 * patches carry them.
 */
export async function loadLive(sql: Sql, sessionId: string, lock: boolean): Promise<{ state: LiveState; ctx: Omit<LiveContext, 'newId' | 'activeFields' | 'intake'>; roomName: string } | null> {
  // The lock is a statement of its own: a statement that waited for the lock would still read the rows
  // beside the session (its registrations) as they were when it began, before the writer it waited for
  // committed. The read after it starts afresh and sees that writer's work.
  if (lock) await rows(sql, Prisma.sql`SELECT 1 FROM "ReceptionSession" WHERE id = ${sessionId}::uuid FOR UPDATE`);
  const [s] = await rows<LiveRow>(sql, Prisma.sql`
    SELECT s.id, s."roomName", s."hostSiteId", s."liveVersion", s.status::text AS status, s."turnSeconds", s."roundRobin",
      s.floor, s.readiness, ${iso('s."openedAt"')} AS "openedAt", ${iso('s."startedAt"')} AS "startedAt", ${iso('s."closedAt"')} AS "closedAt",
      (SELECT coalesce(json_agg(e.entry ORDER BY e."registeredAt", e.id), '[]'::json) FROM (
        SELECT r.id, r."registeredAt", json_build_object(
          'id', r.id, 'siteId', r."siteId", 'citizenName', r."citizenName", 'petitionType', r."petitionType", 'field', r.field,
          'subject', r.subject, 'intakeId', r."intakeId",
          'returning', CASE WHEN r."returningAt" IS NOT NULL AND r."returningField" IS NOT NULL
            THEN json_build_object('at', ${iso('r."returningAt"')}, 'field', r."returningField") END,
          'delegationSize', r."delegationSize", 'representative', r.representative, 'priority', r.priority,
          'confidential', r.confidential, 'status', r.status, 'position', r.position,
          'registeredAt', ${iso('r."registeredAt"')}, 'askedFloorAt', ${iso('r."askedFloorAt"')}, 'calledAt', ${iso('r."calledAt"')},
          'startedAt', ${iso('r."startedAt"')}, 'endedAt', ${iso('r."endedAt"')}, 'pausedAt', ${iso('r."pausedAt"')},
          'pauseReason', r."pauseReason", 'pausedMs', r."pausedMs", 'allottedSeconds', r."allottedSeconds", 'extraSeconds', r."extraSeconds",
          'answers', (SELECT coalesce(json_agg(json_build_object('accountId', a."accountId", 'name', a.name, 'siteId', a."siteId",
              'agencyName', a."agencyName", 'at', ${iso('a.at')}) ORDER BY a.ordinal), '[]'::json)
            FROM "TurnAnswer" a WHERE a."registrationId" = r.id)
        ) AS entry
        FROM "Registration" r WHERE r."sessionId" = s.id
      ) e) AS entries,
      (SELECT coalesce(json_agg(ss."siteId"), '[]'::json) FROM "SessionSite" ss WHERE ss."sessionId" = s.id) AS "siteIds",
      (SELECT coalesce(json_agg(json_build_object('id', acc.id, 'name', acc."fullName", 'siteId', acc."siteId", 'agencyName', ag.name)), '[]'::json)
        FROM "SessionAgency" sa JOIN "Agency" ag ON ag.id = sa."agencyId" JOIN "Account" acc ON acc."agencyId" = ag.id
        WHERE sa."sessionId" = s.id AND acc.role = 'AGENCY_REP' AND acc.active) AS reps
    FROM "ReceptionSession" s WHERE s.id = ${sessionId}::uuid`);
  if (!s) return null;
  const agencyReps = new Map<string, { name: string; siteId: string; agencyName: string | null }>();
  for (const a of s.reps) agencyReps.set(a.id, { name: a.name, siteId: a.siteId, agencyName: a.agencyName });
  return {
    roomName: s.roomName,
    ctx: { hostSiteId: s.hostSiteId, siteIds: new Set([s.hostSiteId, ...s.siteIds]), agencyReps },
    state: {
      sessionId: s.id,
      version: s.liveVersion,
      status: s.status,
      settings: { turnSeconds: s.turnSeconds, roundRobin: s.roundRobin },
      floor: s.floor ?? null,
      entries: s.entries,
      readiness: s.readiness,
      openedAt: s.openedAt,
      startedAt: s.startedAt,
      closedAt: s.closedAt,
    },
  };
}

export function headerOf(state: LiveState): LivePatch['header'] {
  const { entries: _entries, ...header } = state;
  return header;
}

/**
 * Writes the new state and its patch in one statement (every round trip here is time the next intent waits
 * on the session's lock): the session row, the changed turns, the new turns and the change log, each part
 * joined to the session's row so that nothing is written when another writer got in first (the lock makes
 * that rare). Times go as ISO text cast to the columns' UTC timestamps, whatever the server's time zone.
 */
export async function saveLive(sql: Sql, prev: LiveState, next: LiveState, changed: string[], command: string, actorId: string | null, at: Date, registeredById?: string): Promise<LivePatch> {
  const known = new Map(prev.entries.map((e) => [e.id, e]));
  const entries = next.entries.filter((e) => changed.includes(e.id));
  const updates = entries.filter((e) => known.has(e.id));
  const inserts = entries.filter((e) => !known.has(e.id));
  const patch: LivePatch = { sessionId: prev.sessionId, version: next.version, at: at.toISOString(), header: headerOf(next), entries };
  const [written] = await rows<{ session: number; updated: number; inserted: number }>(sql, Prisma.sql`
    WITH s AS (
      UPDATE "ReceptionSession" SET "liveVersion" = ${next.version}, status = ${next.status}::"SessionStatus",
        "turnSeconds" = ${next.settings.turnSeconds}, "roundRobin" = ${next.settings.roundRobin},
        floor = ${next.floor ? JSON.stringify(next.floor) : null}::jsonb, readiness = ${JSON.stringify(next.readiness)}::jsonb,
        "openedAt" = ${next.openedAt}::timestamp, "startedAt" = ${next.startedAt}::timestamp, "closedAt" = ${next.closedAt}::timestamp
      WHERE id = ${prev.sessionId}::uuid AND "liveVersion" = ${prev.version}
      RETURNING id),
    u AS (
      UPDATE "Registration" r SET ${ENTRY_SET}
      FROM jsonb_to_recordset(${JSON.stringify(updates.map((e) => entryRecord(e, null)))}::jsonb) AS ${ENTRY_RECORD}, s
      WHERE r.id = x.id AND r."sessionId" = s.id
      RETURNING r.id),
    i AS (
      ${ENTRY_INSERT}
      SELECT x.id, s.id, x."registeredById", ${ENTRY_VALUES}
      FROM jsonb_to_recordset(${JSON.stringify(inserts.map((e) => entryRecord(e, registeredById ?? null)))}::jsonb) AS ${ENTRY_RECORD}, s
      RETURNING id),
    c AS (
      INSERT INTO "LiveChange" ("sessionId", version, at, command, "actorId", patch)
      SELECT s.id, ${next.version}::int, ${patch.at}::timestamp, ${command}::text, ${actorId}::uuid, ${JSON.stringify(patch)}::jsonb FROM s
      RETURNING 1)
    SELECT (SELECT count(*) FROM s)::int AS session, (SELECT count(*) FROM u)::int AS updated, (SELECT count(*) FROM i)::int AS inserted,
      (SELECT count(*) FROM c)::int AS logged`);
  if (written?.session !== 1) throw new Error(`live state of ${prev.sessionId} moved past version ${prev.version} during a write`);
  if (written.updated !== updates.length || written.inserted !== inserts.length) {
    throw new Error(`live state of ${prev.sessionId}: wrote ${written.updated} of ${updates.length} changed and ${written.inserted} of ${inserts.length} new turns`);
  }
  // A turn's answers change only when it is handed to an agency: rare, and after the turn's row exists.
  for (const e of entries) {
    const writes = answerWrites(known.get(e.id)?.answers ?? [], e.answers);
    if (!writes) continue;
    if (writes.replace) await rows(sql, Prisma.sql`DELETE FROM "TurnAnswer" WHERE "registrationId" = ${e.id}::uuid`);
    await rows(sql, Prisma.sql`
      INSERT INTO "TurnAnswer" ("registrationId", ordinal, "accountId", name, "siteId", "agencyName", at)
      SELECT ${e.id}::uuid, x.ordinal, x."accountId", x.name, x."siteId", x."agencyName", x.at
      FROM jsonb_to_recordset(${JSON.stringify(writes.rows)}::jsonb) AS x(ordinal int, "accountId" uuid, name text, "siteId" uuid, "agencyName" text, at timestamp)`);
  }
  return patch;
}
