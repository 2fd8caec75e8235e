// Forbidden publishes, as recorded (MediaOffense).
import type { Db } from '../db/client.ts';

export interface Offense {
  sessionId: string;
  accountId: string;
  identity: string;
  trackSid: string;
  trackType: string;
  trackSource: string;
  sanction: 'REVOKED' | 'REMOVED';
}

export class MediaOffenseRepository {
  constructor(private readonly db: Db) {}

  /** The accounts of a session with an offense since `since`. */
  async offendersSince(sessionId: string, since: Date): Promise<Set<string>> {
    const rows = await this.db.mediaOffense.findMany({ where: { sessionId, at: { gt: since } }, distinct: ['accountId'], select: { accountId: true } });
    return new Set(rows.map((r) => r.accountId));
  }

  /** When the account was last removed from the session's room since `since`, if it was. */
  async lastRemoval(sessionId: string, accountId: string, since: Date): Promise<Date | null> {
    const last = await this.db.mediaOffense.findFirst({
      where: { sessionId, accountId, sanction: 'REMOVED', at: { gt: since } },
      orderBy: { at: 'desc' },
      select: { at: true },
    });
    return last?.at ?? null;
  }

  count(sessionId: string, accountId: string): Promise<number> {
    return this.db.mediaOffense.count({ where: { sessionId, accountId } });
  }

  /** Records an offense once per track (webhook and sweep may both see it): false when already recorded. */
  async recordOnce(offense: Offense): Promise<boolean> {
    const recorded = await this.db.mediaOffense.createMany({ data: [offense], skipDuplicates: true });
    return recorded.count > 0;
  }

}
