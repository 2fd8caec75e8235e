// The live session's store as the service uses it: a decide-and-write in one transaction under the
// session's row lock (live.repository.ts reads and writes the rows), and the change log read back for a
// client that missed patches.
import type { LivePatch } from '../../../protocol/index.ts';
import type { Db, Prisma } from '../db/client.ts';
import { loadLive } from './live.repository.ts';

export type LiveTx = Prisma.TransactionClient;

export class LiveStore {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction: the state is loaded locked inside it (loadLive with lock). */
  transaction<T>(work: (tx: LiveTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  /** The state without a lock, for reads. */
  load(sessionId: string): ReturnType<typeof loadLive> {
    return loadLive(this.db, sessionId, false);
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
