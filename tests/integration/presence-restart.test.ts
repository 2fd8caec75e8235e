import { PrismaPg } from '@prisma/adapter-pg';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PrismaClient } from '../../server/src/db/generated/client.ts';
import type { PresenceSnapshot } from '../../protocol/index.ts';
import { restartServer, signedIn } from '../support/api.ts';

describe('presence across a server restart', () => {
  it('corrects a site that left while the server was down, by asking LiveKit who is really in the room', async () => {
    const host = await signedIn('dieuphoi');
    const sessionId = (await host.request('GET', '/api/sessions')).body[0].id as string;
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: inject('databaseUrl') }) });
    try {
      // As if Long Biên had joined and its "left" webhook was lost while no server was up.
      const account = await db.account.findUniqueOrThrow({ where: { username: 'diemcau.hadong' } });
      const now = new Date();
      await db.roomPresence.upsert({
        where: { sessionId_identity: { sessionId, identity: 'diemcau.hadong@HA-DONG' } },
        create: { sessionId, identity: 'diemcau.hadong@HA-DONG', accountId: account.id, siteId: account.siteId, connected: true, joinedAt: now, lastEventAt: now },
        update: { connected: true, leftAt: null },
      });
    } finally {
      await db.$disconnect();
    }
    const before = (await host.request('GET', `/api/sessions/${sessionId}/presence`)).body as PresenceSnapshot;
    expect(before.sites.find((s) => s.site.code === 'HA-DONG')?.connected).toBe(true);

    await restartServer('SIGKILL');

    const again = await signedIn('dieuphoi');
    const after = (await again.request('GET', `/api/sessions/${sessionId}/presence`)).body as PresenceSnapshot;
    expect(after.sites.find((s) => s.site.code === 'HA-DONG')?.connected).toBe(false);
    expect(after.version).toBeGreaterThan(before.version);
    // The sign-in from before the crash still works: sessions live in PostgreSQL, not in the process.
    expect((await host.request('GET', '/api/auth/me')).status).toBe(200);
  });
});
