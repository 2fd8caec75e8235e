// The live session's store as the service uses it: a decide-and-write in one transaction under the
// session's row lock (live.repository.ts reads and writes the rows), and the change log read back for a
// client that missed patches.
import type { LivePatch } from '../../../protocol/index.ts';
import type pg from 'pg';
import { poolOf, type Db } from '../db/client.ts';
import { inTransaction, type Sql } from '../db/sql.ts';
import { loadLive } from './live.repository.ts';

export type LiveTx = Sql;

export class LiveStore {
  private readonly pool: pg.Pool;

  constructor(private readonly db: Db) {
    this.pool = poolOf(db);
  }

  /**
   * Runs `work` in one transaction: the state is loaded locked inside it (loadLive with lock). On the
   * driver directly (db/sql.ts): the session's lock is held across every statement here.
   */
  transaction<T>(work: (tx: LiveTx) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  /** The state without a lock, for reads. */
  load(sessionId: string): ReturnType<typeof loadLive> {
    return loadLive(this.pool, sessionId, false);
  }

  async liveVersion(sessionId: string): Promise<number | null> {
    return (await this.db.receptionSession.findUnique({ where: { id: sessionId }, select: { liveVersion: true } }))?.liveVersion ?? null;
  }

  /** The patches after `version`, in order. */
  async patchesAfter(sessionId: string, version: number): Promise<LivePatch[]> {
    const rows = await this.db.liveChange.findMany({ where: { sessionId, version: { gt: version } }, orderBy: { version: 'asc' } });
    return rows.map((r) => r.patch as unknown as LivePatch);
  }
}
