// Where a room's LiveKit permissions stand, shared by every hub instance: the newest version of the live
// state whose restrictions were applied, and the newest media change announced. Two instances may apply
// changes of the same session (the chair's intent on one, a bridge's on the other, a sweep on both); the
// room's advisory lock makes their LiveKit updates take turns, and the marks keep an older version from
// undoing a newer one, whichever process computed it.
import type { Db } from '../db/client.ts';

export interface RoomMarks {
  /** Newest version whose restrictions reached LiveKit; -1 before any. */
  restricted: number;
  restrictedAt: Date | null;
  /** Newest media change announced to the sites (its grants may be given); -1 before any. */
  announced: number;
}

export const NO_MARKS: RoomMarks = { restricted: -1, restrictedAt: null, announced: -1 };

export class FloorMarksRepository {
  constructor(private readonly db: Db) {}

  /**
   * Runs `work` holding the room's lock across every instance, with the room's marks; stores the marks it
   * returns. The lock is held while LiveKit is called: a few milliseconds per change, never a user's wait.
   */
  withRoom<T>(roomName: string, work: (marks: RoomMarks) => Promise<{ value: T; marks?: RoomMarks }>): Promise<T> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`floor:${roomName}`}, 0))`;
      const row = await tx.floorMark.findUnique({ where: { roomName } });
      const out = await work(row ? { restricted: row.restricted, restrictedAt: row.restrictedAt, announced: row.announced } : NO_MARKS);
      if (out.marks) await tx.floorMark.upsert({ where: { roomName }, create: { roomName, ...out.marks }, update: out.marks });
      return out.value;
    });
  }
}
