// Direct database access for test set-up (never for the assertions a user would make).
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { inject } from 'vitest';
import { PrismaClient } from '../../server/src/db/generated/client.ts';

export function testDb(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: inject('databaseUrl') }) });
}

/**
 * A fresh reception session like today's demo one (same host office, bridge points and agencies), a day
 * later so the demo session stays first in every list. Returns its id.
 */
export async function createSession(title: string): Promise<string> {
  const db = testDb();
  try {
    const demo = await db.receptionSession.findFirstOrThrow({ include: { sites: true, agencies: true }, orderBy: { scheduledStart: 'asc' } });
    const id = randomUUID();
    await db.receptionSession.create({
      data: {
        id,
        title,
        kind: 'THEMATIC',
        scheduledStart: new Date(demo.scheduledStart.getTime() + 24 * 3600_000),
        chairId: demo.chairId,
        hostSiteId: demo.hostSiteId,
        roomName: `test-${id}`,
        sites: { create: demo.sites.map((s) => ({ siteId: s.siteId })) },
        agencies: { create: demo.agencies.map((a) => ({ agencyId: a.agencyId })) },
      },
    });
    return id;
  } finally {
    await db.$disconnect();
  }
}
