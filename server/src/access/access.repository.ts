// The queries access questions need, answered by the database: which sessions a person may see is a
// WHERE clause (the list never loads rows it then throws away), and the facts of one session are read
// with nothing else (every socket intent passes here).
import type { Db, Prisma } from '../db/client.ts';
import type { Person } from './caller.ts';
import { hasPermission } from './permissions.ts';
import { sessionFacts, type SessionFacts } from './policy.ts';

export class AccessRepository {
  constructor(private readonly db: Db) {}

  async sessionFacts(sessionId: string): Promise<SessionFacts | null> {
    // A cancelled session has no room, queue or minutes: to the live features it does not exist.
    const s = await this.db.receptionSession.findFirst({
      where: { id: sessionId, cancelledAt: null },
      select: { chairId: true, hostSiteId: true, status: true, sites: { select: { siteId: true } } },
    });
    return s ? sessionFacts(s) : null;
  }
}

/** The sessions a person may see, as a filter (the same rule as canViewSession, in SQL). */
export function visibleSessions(person: Person): Prisma.ReceptionSessionWhereInput {
  if (hasPermission(person, 'session.readAnywhere')) return {};
  return { OR: [{ chairId: person.accountId }, { hostSiteId: person.siteId }, { sites: { some: { siteId: person.siteId } } }] };
}
