// Reception sessions as stored: the list a person may see (filtered by access's WHERE clause), one session
// with its sites and agencies, and the two turns that decide a new participant's grants.
import type { Db, Prisma } from '../db/client.ts';

export const sessionInclude = {
  chair: { select: { id: true, fullName: true } },
  hostSite: true,
  sites: { include: { site: true } },
  agencies: { include: { agency: { include: { accounts: { where: { role: 'AGENCY_REP', active: true } } } } } },
} satisfies Prisma.ReceptionSessionInclude;
export type SessionRecord = Prisma.ReceptionSessionGetPayload<{ include: typeof sessionInclude }>;
export type SessionFilter = Prisma.ReceptionSessionWhereInput;

const entryFacts = { status: true, confidential: true, siteId: true } as const;
export type EntryFacts = Prisma.RegistrationGetPayload<{ select: typeof entryFacts }>;

export class SessionsRepository {
  constructor(private readonly db: Db) {}

  /** Not closed, or closed since `closedSince`, among those `visible`; by scheduled start. */
  list(visible: SessionFilter, closedSince: Date, take: number): Promise<SessionRecord[]> {
    return this.db.receptionSession.findMany({
      include: sessionInclude,
      orderBy: { scheduledStart: 'asc' },
      where: { AND: [visible, { cancelledAt: null }, { OR: [{ status: { not: 'CLOSED' } }, { closedAt: { gte: closedSince } }] }] },
      take,
    });
  }

  byId(sessionId: string): Promise<SessionRecord | null> {
    return this.db.receptionSession.findUnique({ where: { id: sessionId }, include: sessionInclude });
  }

  /** The turn holding the floor (by its id) and the one called, if any. */
  async floorTurns(sessionId: string, floorEntryId: string | null): Promise<{ active: EntryFacts | null; called: EntryFacts | null }> {
    const [active, called] = await Promise.all([
      floorEntryId ? this.db.registration.findUnique({ where: { id: floorEntryId }, select: entryFacts }) : null,
      this.db.registration.findFirst({ where: { sessionId, status: 'CALLED' }, select: entryFacts }),
    ]);
    return { active, called };
  }

  /** The session whose video room this is (LiveKit's webhooks and tracks name rooms, not sessions). */
  async sessionOfRoom(roomName: string): Promise<string | null> {
    return (await this.db.receptionSession.findUnique({ where: { roomName }, select: { id: true } }))?.id ?? null;
  }

  /** Sessions whose room may have participants. */
  runningRooms(): Promise<{ id: string; roomName: string }[]> {
    return this.db.receptionSession.findMany({ where: { status: { in: ['OPEN', 'LIVE', 'PAUSED'] } }, select: { id: true, roomName: true } });
  }
}
