// Reads and writes the live session in PostgreSQL. The session row is locked (SELECT ... FOR UPDATE) for
// the whole decide-and-write, so two server instances serialise on it instead of racing.
import type { FloorHolder, LivePatch, LiveState, QueueEntry, SiteReadiness } from '../../../protocol/index.ts';
import type { Prisma, Registration } from '../db/client.ts';
import type { LiveContext } from '../../../protocol/live-rules/rules.ts';

type Tx = Prisma.TransactionClient;

export function toEntry(r: Registration): QueueEntry {
  return {
    id: r.id,
    siteId: r.siteId,
    citizenName: r.citizenName,
    petitionType: r.petitionType,
    field: r.field,
    subject: r.subject,
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
    pauseReason: (r.pauseReason as QueueEntry['pauseReason']) ?? null,
    pausedMs: r.pausedMs,
    allottedSeconds: r.allottedSeconds,
    extraSeconds: r.extraSeconds,
    answers: r.answers as unknown as QueueEntry['answers'],
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
    answers: e.answers as unknown as Prisma.InputJsonValue,
  };
}

export async function loadLive(tx: Tx, sessionId: string, lock: boolean): Promise<{ state: LiveState; ctx: Omit<LiveContext, 'newId'>; roomName: string } | null> {
  if (lock) await tx.$queryRaw`SELECT 1 FROM "ReceptionSession" WHERE id = ${sessionId}::uuid FOR UPDATE`;
  const s = await tx.receptionSession.findUnique({
    where: { id: sessionId },
    include: {
      registrations: { orderBy: [{ registeredAt: 'asc' }, { id: 'asc' }] },
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
  const known = new Set(prev.entries.map((e) => e.id));
  const entries = next.entries.filter((e) => changed.includes(e.id));
  for (const e of entries) {
    if (known.has(e.id)) await tx.registration.update({ where: { id: e.id }, data: entryColumns(e) });
    else await tx.registration.create({ data: { id: e.id, sessionId: prev.sessionId, registeredById: registeredById ?? null, ...entryColumns(e) } });
  }
  const patch: LivePatch = { sessionId: prev.sessionId, version: next.version, at: at.toISOString(), header: headerOf(next), entries };
  await tx.liveChange.create({
    data: { sessionId: prev.sessionId, version: next.version, at, command, actorId, patch: patch as unknown as Prisma.InputJsonValue },
  });
  return patch;
}
