// Room presence rows (one per participant identity and session), as LiveKit's webhooks report them. Each
// change bumps the session's presence version in the same transaction, so clients can order snapshots.
import type { Db } from '../db/client.ts';

export interface ParticipantEvent {
  kind: 'joined' | 'left';
  roomName: string;
  identity: string;
  at: Date;
}

export class PresenceRepository {
  constructor(private readonly db: Db) {}

  /**
   * Applies one event unless a newer one for the same participant was applied (webhooks may arrive out of
   * order); says whether the participant's site as a whole was and is connected.
   */
  async applyEvent(sessionId: string, account: { id: string; siteId: string }, event: ParticipantEvent): Promise<{ changed: boolean; siteWasConnected: boolean; siteIsConnected: boolean }> {
    const siteConnected = async (tx: Pick<Db, 'roomPresence'>): Promise<boolean> =>
      (await tx.roomPresence.count({ where: { sessionId, siteId: account.siteId, connected: true } })) > 0;
    return this.db.$transaction(async (tx) => {
      const key = { sessionId_identity: { sessionId, identity: event.identity } };
      const current = await tx.roomPresence.findUnique({ where: key });
      if (current && current.lastEventAt > event.at) return { changed: false, siteWasConnected: false, siteIsConnected: false };
      const siteWasConnected = await siteConnected(tx);
      const connected = event.kind === 'joined';
      await tx.roomPresence.upsert({
        where: key,
        create: {
          sessionId,
          identity: event.identity,
          accountId: account.id,
          siteId: account.siteId,
          connected,
          joinedAt: event.at,
          leftAt: connected ? null : event.at,
          lastEventAt: event.at,
        },
        update: connected ? { connected, joinedAt: event.at, leftAt: null, lastEventAt: event.at } : { connected, leftAt: event.at, lastEventAt: event.at },
      });
      await tx.receptionSession.update({ where: { id: sessionId }, data: { version: { increment: 1 } } });
      return { changed: true, siteWasConnected, siteIsConnected: await siteConnected(tx) };
    });
  }

  /** Marks as gone everyone connected to a session as of `at` (or only `identities`). */
  async markLeft(sessionId: string, at: Date, identities?: string[]): Promise<void> {
    await this.db.$transaction([
      this.db.roomPresence.updateMany({
        where: { sessionId, connected: true, ...(identities ? { identity: { in: identities } } : { lastEventAt: { lte: at } }) },
        data: { connected: false, leftAt: at, lastEventAt: at },
      }),
      this.db.receptionSession.update({ where: { id: sessionId }, data: { version: { increment: 1 } } }),
    ]);
  }

  /** Everyone believed connected, in every session, with their room. */
  connected() {
    return this.db.roomPresence.findMany({ where: { connected: true }, include: { session: { select: { roomName: true } } } });
  }

  /** A session's sites and every presence row, for a snapshot. */
  sessionWithPresence(sessionId: string) {
    return this.db.receptionSession.findUniqueOrThrow({
      where: { id: sessionId },
      include: {
        hostSite: true,
        sites: { include: { site: true } },
        presence: { include: { account: { select: { fullName: true, role: true } } } },
      },
    });
  }
}
