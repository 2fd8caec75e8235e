// The minutes as a Yjs document kept in PostgreSQL: a snapshot plus the updates since. The server holds
// no document in memory (any instance can serve any secretary); it merges stored updates when asked and
// compacts them into the snapshot now and then, so a 3-hour session stays small to load.
import * as Y from 'yjs';
import { MAX_MINUTES_UPDATE_BYTES, MINUTES_EDITORS, type Role } from '../../../protocol/index.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';

/** Fold the update log into the snapshot once it holds this many updates... */
const COMPACT_AFTER = 500;
/** ...checked on every this-many-th stored update (ids are global), to keep the check cheap. */
const CHECK_EVERY = 25n;
const EMPTY = Y.encodeStateAsUpdate(new Y.Doc());

export class MinutesService {
  constructor(
    private readonly db: Db,
    private readonly log: (m: string) => void,
  ) {}

  static canEdit(role: Role): boolean {
    return (MINUTES_EDITORS as readonly string[]).includes(role);
  }

  /** The whole document as one update. */
  async load(sessionId: string): Promise<Uint8Array> {
    const doc = await this.db.minutesDocument.findUnique({ where: { sessionId } });
    const updates = await this.db.minutesUpdate.findMany({
      where: { sessionId, id: { gt: doc?.compactedThrough ?? 0n } },
      orderBy: { id: 'asc' },
      select: { update: true },
    });
    const parts = [...(doc ? [new Uint8Array(doc.snapshot)] : []), ...updates.map((u) => new Uint8Array(u.update))];
    return parts.length ? Y.mergeUpdates(parts) : Y.encodeStateAsUpdate(new Y.Doc());
  }

  /** Stores one update from an editor; resolves only once it is durable. */
  async apply(sessionId: string, accountId: string, update: Uint8Array): Promise<void> {
    if (update.byteLength === 0 || update.byteLength > MAX_MINUTES_UPDATE_BYTES) {
      throw new AppError('BAD_REQUEST', 'Bản cập nhật biên bản rỗng hoặc quá lớn.');
    }
    try {
      Y.decodeUpdate(update);
    } catch {
      throw new AppError('BAD_REQUEST', 'Bản cập nhật biên bản bị hỏng; trình duyệt sẽ gửi lại toàn bộ.');
    }
    // The shared row lock orders this insert against compaction (which takes the lock exclusively): an
    // update is either folded into the snapshot or stays in the log, never lost in between.
    const row = await this.db.$transaction(async (tx) => {
      await tx.minutesDocument.createMany({ data: [{ sessionId, snapshot: Buffer.from(EMPTY) }], skipDuplicates: true });
      await tx.$queryRaw`SELECT 1 FROM "MinutesDocument" WHERE "sessionId" = ${sessionId}::uuid FOR SHARE`;
      return tx.minutesUpdate.create({ data: { sessionId, accountId, update: Buffer.from(update) }, select: { id: true } });
    });
    if (row.id % CHECK_EVERY === 0n) void this.compactIfLong(sessionId).catch((e: unknown) => this.log(`minutes: compaction failed: ${String(e)}`));
  }

  private async compactIfLong(sessionId: string): Promise<void> {
    const doc = await this.db.minutesDocument.findUnique({ where: { sessionId }, select: { compactedThrough: true } });
    const pending = await this.db.minutesUpdate.count({ where: { sessionId, id: { gt: doc?.compactedThrough ?? 0n } } });
    if (pending >= COMPACT_AFTER) await this.compact(sessionId);
  }

  /** Folds every stored update into the snapshot, in one transaction under the document's row lock. */
  async compact(sessionId: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.minutesDocument.createMany({ data: [{ sessionId, snapshot: Buffer.from(EMPTY) }], skipDuplicates: true });
      await tx.$queryRaw`SELECT 1 FROM "MinutesDocument" WHERE "sessionId" = ${sessionId}::uuid FOR UPDATE`;
      const doc = await tx.minutesDocument.findUniqueOrThrow({ where: { sessionId } });
      const updates = await tx.minutesUpdate.findMany({ where: { sessionId, id: { gt: doc.compactedThrough } }, orderBy: { id: 'asc' } });
      if (updates.length === 0) return;
      const merged = Y.mergeUpdates([new Uint8Array(doc.snapshot), ...updates.map((u) => new Uint8Array(u.update))]);
      const through = updates[updates.length - 1]!.id;
      await tx.minutesDocument.update({ where: { sessionId }, data: { snapshot: Buffer.from(merged), compactedThrough: through } });
      // The audit trail of who changed what keeps its rows; only their bytes are dropped once folded in.
      await tx.minutesUpdate.updateMany({ where: { sessionId, id: { lte: through } }, data: { update: Buffer.alloc(0) } });
    });
  }
}
