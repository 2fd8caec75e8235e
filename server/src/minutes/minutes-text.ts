// The text secretaries write, as Yjs updates: a snapshot plus the updates since, per part (the open part
// everyone who sees the session reads, the closed one for the chair's circle). The server holds no
// document in memory (any instance can serve any secretary); it merges stored updates when asked and
// compacts them into the snapshot now and then, so a 3-hour session stays small to load. Every update is
// committed before it is acknowledged or relayed.
import * as Y from 'yjs';
import { ENTRY_TEXT_FIELDS, MAX_MINUTES_UPDATE_BYTES, MINUTES_PARTS, entryTextKey, msg, partOfField, type MinutesPart } from '../../../protocol/index.ts';
import type { Person } from '../access/caller.ts';
import type { SessionAccess } from '../access/session-access.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../events/event-bus.ts';
import { refuseIfLocked } from './minutes-rules.ts';
import type { MinutesRepository, MinutesRows } from './minutes.repository.ts';

/** Fold the update log into the snapshot once it holds this many updates... */
const COMPACT_AFTER = 500;
/** ...checked on every this-many-th stored update (ids are global), to keep the check cheap. */
const CHECK_EVERY = 25n;
const EMPTY = Y.encodeStateAsUpdate(new Y.Doc());

export class MinutesText {
  constructor(
    private readonly repo: MinutesRepository,
    private readonly access: SessionAccess,
    private readonly events: EventBus,
    private readonly log: (m: string) => void,
  ) {}

  /**
   * The whole document of one part as one update. The snapshot and the log after it are read in one
   * REPEATABLE READ transaction: a compaction that commits in between folds log rows into a new snapshot
   * and empties their bytes, so two separate reads could merge the old snapshot with emptied rows and lose
   * stored text. Inside a caller's transaction (which holds the document's row lock) the reads are ordered
   * against compaction already.
   */
  async load(sessionId: string, part: MinutesPart = 'open', rows?: MinutesRows): Promise<Uint8Array> {
    if (rows) return this.readPart(rows, sessionId, part);
    return this.repo.transaction((r) => this.readPart(r, sessionId, part), { repeatableRead: true });
  }

  private async readPart(rows: MinutesRows, sessionId: string, part: MinutesPart): Promise<Uint8Array> {
    const text = await rows.snapshotOf(sessionId, part);
    await this.betweenReads();
    const updates = await rows.updatesAfter(sessionId, part, text?.compactedThrough ?? 0n);
    const parts = [...(text ? [text.snapshot] : []), ...updates.map((u) => u.update)];
    return parts.length ? Y.mergeUpdates(parts) : EMPTY;
  }

  /** Does nothing; a test overrides it to commit a compaction between the two reads of a load. */
  protected async betweenReads(): Promise<void> {}

  /**
   * Stores one update from an editor; resolves only once it is durable, then relays it to the part's other
   * readers. Refused while the minutes are approved, and for the closed part outside the chair's circle.
   */
  async apply(writer: Person, sessionId: string, part: MinutesPart, update: Uint8Array, fromSocketId?: string): Promise<void> {
    await this.access.writesMinutes(writer, sessionId);
    this.access.readsPart(writer, part);
    if (update.byteLength === 0 || update.byteLength > MAX_MINUTES_UPDATE_BYTES) {
      throw new AppError('BAD_REQUEST', msg('minutes.updateEmptyOrLarge'));
    }
    try {
      Y.decodeUpdate(update);
    } catch {
      throw new AppError('BAD_REQUEST', msg('minutes.updateCorrupt'));
    }
    // The shared row lock orders this insert against compaction and approval (which take the lock
    // exclusively): an update is either folded into the snapshot or stays in the log, and it is either in
    // the approved version or refused, never lost in between.
    const id = await this.repo.transaction(async (rows) => {
      refuseIfLocked(await rows.lockDocument(sessionId, 'FOR SHARE'));
      return rows.insertUpdate(sessionId, part, writer.accountId, update);
    });
    if (id % CHECK_EVERY === 0n) void this.compactIfLong(sessionId, part).catch((e: unknown) => this.log(`minutes: compaction failed: ${String(e)}`));
    void this.events.publish('minutes.text', { sessionId, part, update, ...(fromSocketId ? { fromSocketId } : {}) });
  }

  private async compactIfLong(sessionId: string, part: MinutesPart): Promise<void> {
    const text = await this.repo.rows.snapshotOf(sessionId, part);
    if ((await this.repo.rows.countUpdatesAfter(sessionId, part, text?.compactedThrough ?? 0n)) >= COMPACT_AFTER) await this.compact(sessionId, part);
  }

  /** Folds every stored update of a part into its snapshot, in one transaction under the document's row lock. */
  async compact(sessionId: string, part: MinutesPart = 'open'): Promise<void> {
    await this.repo.transaction(async (rows) => {
      await rows.lockDocument(sessionId, 'FOR UPDATE');
      const text = await rows.snapshotOf(sessionId, part);
      const updates = await rows.updatesAfter(sessionId, part, text?.compactedThrough ?? 0n);
      if (updates.length === 0) return;
      const snapshot = reencode([...(text ? [text.snapshot] : []), ...updates.map((u) => u.update)]);
      await rows.writeSnapshot(sessionId, part, snapshot, updates[updates.length - 1]!.id);
    });
  }

  /**
   * Puts every entry's text in the part its confidentiality asks for (see MINUTES_PARTS): when the
   * moderator marks a turn confidential after secretaries began its statement, the text moves to the
   * closed part and is deleted from the open one (and back when the mark is lifted). Returns the updates
   * made, for the caller to relay to each part's readers. Nothing moves while the minutes are approved:
   * the content of an approval reads both parts anyway.
   */
  async placeText(sessionId: string): Promise<{ part: MinutesPart; update: Uint8Array }[]> {
    const made = await this.repo.transaction(async (rows) => {
      const status = await rows.lockDocument(sessionId, 'FOR UPDATE');
      if (status === 'APPROVED') return [];
      const entries = await rows.startedTurns(sessionId);
      const docs = { open: new Y.Doc(), closed: new Y.Doc() };
      Y.applyUpdate(docs.open, await this.readPart(rows, sessionId, 'open'));
      Y.applyUpdate(docs.closed, await this.readPart(rows, sessionId, 'closed'));
      const updates: Record<MinutesPart, Uint8Array[]> = { open: [], closed: [] };
      for (const p of MINUTES_PARTS) docs[p].on('update', (u: Uint8Array) => updates[p].push(u));
      for (const e of entries) {
        for (const field of ENTRY_TEXT_FIELDS) {
          const home = partOfField(e.confidential, field);
          const from = docs[home === 'open' ? 'closed' : 'open'].getText(entryTextKey(e.id, field));
          if (from.length === 0) continue;
          const to = docs[home].getText(entryTextKey(e.id, field));
          const moved = from.toString();
          to.insert(to.length, to.length > 0 ? `\n${moved}` : moved);
          from.delete(0, from.length);
        }
      }
      const made = MINUTES_PARTS.filter((p) => updates[p].length > 0).map((p) => ({ part: p, update: Y.mergeUpdates(updates[p]) }));
      for (const m of made) {
        const id = await rows.insertUpdate(sessionId, m.part, null, m.update);
        // Compacted at once: the deleted text must not stay in the log that every reader of the part loads.
        // (The document drops deleted text from its state; the log would still carry the original insert.)
        await rows.writeSnapshot(sessionId, m.part, Y.encodeStateAsUpdate(docs[m.part]), id);
      }
      return made;
    });
    if (made.length > 0) this.log(`minutes: moved text of session ${sessionId} to the part its confidentiality asks for`);
    return made;
  }

  /**
   * Both parts, each as one update: what approval and export read. One snapshot for both, or a statement
   * that moved between the parts meanwhile (placeText) would be read twice or not at all.
   */
  loadParts(sessionId: string, rows?: MinutesRows): Promise<Record<MinutesPart, Uint8Array>> {
    const read = async (r: MinutesRows): Promise<Record<MinutesPart, Uint8Array>> => ({ open: await this.readPart(r, sessionId, 'open'), closed: await this.readPart(r, sessionId, 'closed') });
    return rows ? read(rows) : this.repo.transaction(read, { repeatableRead: true });
  }
}

/** Re-encoded through a Y.Doc: deleted text is dropped and runs of keystrokes joined (bench/README.md). */
function reencode(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(updates));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
