// Reads and writes the live session in PostgreSQL. The session row is locked (SELECT ... FOR UPDATE) for
// the whole decide-and-write, so two server instances serialise on it instead of racing.
import type { Answer, FloorHolder, LivePatch, LiveState, QueueEntry, SiteReadiness } from '../../../protocol/index.ts';
import { Prisma } from '../db/client.ts';
import type { LiveContext } from '../../../protocol/live-rules/rules.ts';

type Tx = Prisma.TransactionClient;

/** How a turn's answers are read with it: in the order they were given. */
export const withAnswers = { answers: { orderBy: { ordinal: 'asc' } } } satisfies Prisma.RegistrationInclude;

const date = (s: string | null): Date | null => (s ? new Date(s) : null);

function entryColumns(e: QueueEntry) {
  return {
    siteId: e.siteId,
    citizenName: e.citizenName ?? '',
    petitionType: e.petitionType,
    field: e.field,
    subject: e.subject,
    intakeId: e.intakeId,
    returningAt: e.returning ? new Date(e.returning.at) : null,
    returningField: e.returning?.field ?? null,
    delegationSize: e.delegationSize,
    representative: e.representative,
    priority: e.priority,
    confidential: e.confidential,
    status: e.status,
    position: e.position,
    registeredAt: new Date(e.registeredAt),
    askedFloorAt: date(e.askedFloorAt),
    calledAt: date(e.calledAt),
    startedAt: date(e.startedAt),
    endedAt: date(e.endedAt),
    pausedAt: date(e.pausedAt),
    pauseReason: e.pauseReason,
    pausedMs: e.pausedMs,
    allottedSeconds: e.allottedSeconds,
    extraSeconds: e.extraSeconds,
  };
}

const answerRow = (a: Answer, ordinal: number) => ({ ordinal, accountId: a.accountId, name: a.name, siteId: a.siteId, agencyName: a.agencyName, at: new Date(a.at) });

const sameAnswer = (a: Answer, b: Answer): boolean =>
  a.accountId === b.accountId && a.name === b.name && a.siteId === b.siteId && a.agencyName === b.agencyName && a.at === b.at;

/**
 * The nested write that turns a turn's stored answers from `before` into `after`. The state machine only
 * appends (one answer per hand-off to an agency), so most changes write nothing here or one new row; any
 * other change rewrites the turn's answers.
 */
function answerWrites(before: Answer[], after: Answer[]): Prisma.RegistrationUpdateInput['answers'] {
  const kept = before.length <= after.length && before.every((a, i) => sameAnswer(a, after[i]!));
  if (kept && before.length === after.length) return undefined;
  if (kept) return { createMany: { data: after.slice(before.length).map((a, i) => answerRow(a, before.length + i)) } };
  return { deleteMany: {}, createMany: { data: after.map(answerRow) } };
}

/** The petition fields a new registration may be given (read only for a registration: the list is small). */
export async function activeFieldCodes(tx: Tx): Promise<ReadonlySet<string>> {
  return new Set((await tx.petitionField.findMany({ where: { active: true }, select: { code: true } })).map((f) => f.code));
}

/** The intake a registration names: its site, whether a turn has it already, the visit it returns to. */
export async function intakeFacts(tx: Tx, id: string): Promise<LiveContext['intake']> {
  const i = await tx.intake.findUnique({ where: { id }, select: { id: true, siteId: true, registration: { select: { id: true } }, returningOf: { select: { receivedAt: true, field: true } } } });
  if (!i) return null;
  return { id: i.id, siteId: i.siteId, queued: i.registration !== null, returning: i.returningOf ? { at: i.returningOf.receivedAt.toISOString(), field: i.returningOf.field } : null };
}

/** A timestamp column as the ISO text JavaScript's toISOString gives (columns hold UTC). */
const iso = (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

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
export async function loadLive(tx: Tx, sessionId: string, lock: boolean): Promise<{ state: LiveState; ctx: Omit<LiveContext, 'newId' | 'activeFields' | 'intake'>; roomName: string } | null> {
  // The lock is a statement of its own: a statement that waited for the lock would still read the rows
  // beside the session (its registrations) as they were when it began, before the writer it waited for
  // committed. The read after it starts afresh and sees that writer's work.
  if (lock) await tx.$queryRaw`SELECT 1 FROM "ReceptionSession" WHERE id = ${sessionId}::uuid FOR UPDATE`;
  const rows = await tx.$queryRaw<LiveRow[]>`
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
    FROM "ReceptionSession" s WHERE s.id = ${sessionId}::uuid`;
  const s = rows[0];
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

/** Writes the new state and its patch; fails if another writer got in first (the lock makes that rare). */
export async function saveLive(tx: Tx, prev: LiveState, next: LiveState, changed: string[], command: string, actorId: string | null, at: Date, registeredById?: string): Promise<LivePatch> {
  // The session's row and the change log in plain statements: a round trip each, no query planning in
  // between, while the session's lock is held (the registrations keep Prisma's nested writes). Times go as
  // ISO text cast to the columns' UTC timestamps, whatever the server's time zone.
  const updated = await tx.$executeRaw`
    UPDATE "ReceptionSession" SET "liveVersion" = ${next.version}, status = ${next.status}::"SessionStatus",
      "turnSeconds" = ${next.settings.turnSeconds}, "roundRobin" = ${next.settings.roundRobin},
      floor = ${next.floor ? JSON.stringify(next.floor) : null}::jsonb, readiness = ${JSON.stringify(next.readiness)}::jsonb,
      "openedAt" = ${next.openedAt}::timestamp, "startedAt" = ${next.startedAt}::timestamp, "closedAt" = ${next.closedAt}::timestamp
    WHERE id = ${prev.sessionId}::uuid AND "liveVersion" = ${prev.version}`;
  if (updated !== 1) throw new Error(`live state of ${prev.sessionId} moved past version ${prev.version} during a write`);
  const known = new Map(prev.entries.map((e) => [e.id, e]));
  const entries = next.entries.filter((e) => changed.includes(e.id));
  for (const e of entries) {
    const before = known.get(e.id);
    if (before) await tx.registration.update({ where: { id: e.id }, data: { ...entryColumns(e), answers: answerWrites(before.answers, e.answers) } });
    else {
      const answers = e.answers.length ? { createMany: { data: e.answers.map(answerRow) } } : undefined;
      await tx.registration.create({ data: { id: e.id, sessionId: prev.sessionId, registeredById: registeredById ?? null, ...entryColumns(e), answers } });
    }
  }
  const patch: LivePatch = { sessionId: prev.sessionId, version: next.version, at: at.toISOString(), header: headerOf(next), entries };
  await tx.$executeRaw`
    INSERT INTO "LiveChange" ("sessionId", version, at, command, "actorId", patch)
    VALUES (${prev.sessionId}::uuid, ${next.version}, ${at.toISOString()}::timestamp, ${command}, ${actorId}::uuid, ${JSON.stringify(patch)}::jsonb)`;
  return patch;
}
