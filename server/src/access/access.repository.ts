// The queries access questions need, answered by the database: which sessions a person may see is a
// WHERE clause (the list never loads rows it then throws away), and the facts of one session are read
// with nothing else (every socket intent passes here).
import { poolOf, Prisma, type Db } from '../db/client.ts';
import { rows } from '../db/sql.ts';
import type { Person } from './caller.ts';
import { hasPermission } from './permissions.ts';
import type { SessionFacts } from './policy.ts';

/** A session id the database can cast; anything else names no session (and is no error of the database's). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AccessRepository {
  constructor(private readonly db: Db) {}

  async sessionFacts(sessionId: string): Promise<SessionFacts | null> {
    // One statement on the driver directly (db/sql.ts), the sites with the session: Prisma's include would
    // be a second round trip before every intent. A cancelled session has no room, queue or minutes: to the live features it does not exist.
    if (!UUID.test(sessionId)) return null;
    const [s] = await rows<{ chairId: string; hostSiteId: string; status: string; siteIds: string[] }>(poolOf(this.db), Prisma.sql`
      SELECT s."chairId", s."hostSiteId", s.status::text AS status,
        coalesce((SELECT json_agg(ss."siteId") FROM "SessionSite" ss WHERE ss."sessionId" = s.id), '[]'::json) AS "siteIds"
      FROM "ReceptionSession" s WHERE s.id = ${sessionId}::uuid AND s."cancelledAt" IS NULL`);
    return s ? { chairId: s.chairId, hostSiteId: s.hostSiteId, status: s.status, siteIds: s.siteIds } : null;
  }
}

/** The sessions a person may see, as a filter (the same rule as canViewSession, in SQL). */
export function visibleSessions(person: Person): Prisma.ReceptionSessionWhereInput {
  if (hasPermission(person, 'session.readAnywhere')) return {};
  return { OR: [{ chairId: person.accountId }, { hostSiteId: person.siteId }, { sites: { some: { siteId: person.siteId } } }] };
}
