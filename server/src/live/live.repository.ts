// Reads and writes the live session in PostgreSQL. The session row is locked (SELECT ... FOR UPDATE) for
// the whole decide-and-write, so two server instances serialise on it instead of racing.
import type { Answer, FloorHolder, LivePatch, LiveState, QueueEntry, SiteReadiness } from '../../../protocol/index.ts';
import type { Prisma, Registration, TurnAnswer } from '../db/client.ts';
import type { LiveContext } from '../../../protocol/live-rules/rules.ts';

type Tx = Prisma.TransactionClient;

/** How a turn's answers are read with it: in the order they were given. */
export const withAnswers = { answers: { orderBy: { ordinal: 'asc' } } } satisfies Prisma.RegistrationInclude;

function toAnswer(a: TurnAnswer): Answer {
  return { accountId: a.accountId, name: a.name, siteId: a.siteId, agencyName: a.agencyName, at: a.at.toISOString() };
}

export function toEntry(r: Registration & { answers: TurnAnswer[] }): QueueEntry {
  return {
    id: r.id,
    siteId: r.siteId,
    citizenName: r.citizenName,
    petitionType: r.petitionType,
    field: r.field,
    subject: r.subject,
    intakeId: r.intakeId,
    returning: r.returningAt && r.returningField ? { at: r.returningAt.toISOString(), field: r.returningField } : null,
    delegationSize: r.delegationSize,
    representative: r.representative,
    priority: r.priority,
    confidential: r.confidential,
    status: r.status,
    position: r.position,
    registeredAt: r.registeredAt.toISOString(),
    askedFloorAt: r.askedFloorAt?.toISOString() ?? null,
    calledAt: r.calledAt?.toISOString() ?? null,
    startedAt: r.startedAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    pausedAt: r.pausedAt?.toISOString() ?? null,
    pauseReason: r.pauseReason,
    pausedMs: r.pausedMs,
    allottedSeconds: r.allottedSeconds,
    extraSeconds: r.extraSeconds,
    answers: r.answers.map(toAnswer),
  };
}

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

export async function loadLive(tx: Tx, sessionId: string, lock: boolean): Promise<{ state: LiveState; ctx: Omit<LiveContext, 'newId' | 'activeFields' | 'intake'>; roomName: string } | null> {
  if (lock) await tx.$queryRaw`SELECT 1 FROM "ReceptionSession" WHERE id = ${sessionId}::uuid FOR UPDATE`;
  const s = await tx.receptionSession.findUnique({
    where: { id: sessionId },
    include: {
      registrations: { orderBy: [{ registeredAt: 'asc' }, { id: 'asc' }], include: withAnswers },
      sites: { select: { siteId: true } },
      agencies: { include: { agency: { include: { accounts: { where: { role: 'AGENCY_REP', active: true } } } } } },
    },
  });
  if (!s) return null;
  const agencyReps = new Map<string, { name: string; siteId: string; agencyName: string | null }>();
  for (const { agency } of s.agencies) for (const a of agency.accounts) agencyReps.set(a.id, { name: a.fullName, siteId: a.siteId, agencyName: agency.name });
  return {
    roomName: s.roomName,
    ctx: { hostSiteId: s.hostSiteId, siteIds: new Set([s.hostSiteId, ...s.sites.map((x) => x.siteId)]), agencyReps },
    state: {
      sessionId: s.id,
      version: s.liveVersion,
      status: s.status,
      settings: { turnSeconds: s.turnSeconds, roundRobin: s.roundRobin },
      floor: (s.floor as unknown as FloorHolder | null) ?? null,
      entries: s.registrations.map(toEntry),
      readiness: s.readiness as unknown as Record<string, SiteReadiness>,
      openedAt: s.openedAt?.toISOString() ?? null,
      startedAt: s.startedAt?.toISOString() ?? null,
      closedAt: s.closedAt?.toISOString() ?? null,
    },
  };
}

export function headerOf(state: LiveState): LivePatch['header'] {
  const { entries: _entries, ...header } = state;
  return header;
}

/** Writes the new state and its patch; fails if another writer got in first (the lock makes that rare). */
export async function saveLive(tx: Tx, prev: LiveState, next: LiveState, changed: string[], command: string, actorId: string | null, at: Date, registeredById?: string): Promise<LivePatch> {
  const updated = await tx.receptionSession.updateMany({
    where: { id: prev.sessionId, liveVersion: prev.version },
    data: {
      liveVersion: next.version,
      status: next.status,
      turnSeconds: next.settings.turnSeconds,
      roundRobin: next.settings.roundRobin,
      floor: (next.floor ?? null) as unknown as Prisma.InputJsonValue,
      readiness: next.readiness as unknown as Prisma.InputJsonValue,
      openedAt: date(next.openedAt),
      startedAt: date(next.startedAt),
      closedAt: date(next.closedAt),
    },
  });
  if (updated.count !== 1) throw new Error(`live state of ${prev.sessionId} moved past version ${prev.version} during a write`);
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
  await tx.liveChange.create({
    data: { sessionId: prev.sessionId, version: next.version, at, command, actorId, patch: patch as unknown as Prisma.InputJsonValue },
  });
  return patch;
}
