// Makes a reception session like today's demo one (same host office, bridge points and agencies), some
// days later so the demo session stays first in every list. Shared by tests and benchmarks.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../server/src/db/generated/client.ts';

export async function cloneDemoSession(db: PrismaClient, title: string, daysLater: number, roomPrefix: string): Promise<string> {
  const demo = await db.receptionSession.findFirstOrThrow({ include: { sites: true, agencies: true }, orderBy: { scheduledStart: 'asc' } });
  const id = randomUUID();
  await db.receptionSession.create({
    data: {
      id,
      title,
      kind: 'THEMATIC',
      scheduledStart: new Date(demo.scheduledStart.getTime() + daysLater * 24 * 3600_000),
      chairId: demo.chairId,
      hostSiteId: demo.hostSiteId,
      roomName: `${roomPrefix}-${id}`,
      sites: { create: demo.sites.map((s) => ({ siteId: s.siteId })) },
      agencies: { create: demo.agencies.map((a) => ({ agencyId: a.agencyId })) },
    },
  });
  return id;
}
