// The minutes of a session: the Yjs text secretaries write (a snapshot plus the updates since), the
// structured fields of each entry, approval and amended versions. The server holds no document in memory
// (any instance can serve any secretary); it merges stored updates when asked and compacts them into the
// snapshot now and then, so a 3-hour session stays small to load. Every change is committed before it is
// acknowledged or announced.
import * as Y from 'yjs';
import {
  ENTRY_TEXT_FIELDS,
  MAX_MINUTES_UPDATE_BYTES,
  MINUTES_PARTS,
  SESSION_TEXT_FIELDS,
  entryTextKey,
  msg,
  partOfField,
  sessionTextKey,
  type MinutesContent,
  type MinutesConclusionRequest,
  type MinutesFieldsRequest,
  type MinutesIssuer,
  type MinutesPart,
  type MinutesStatus,
  type MinutesVersionSummary,
  type MinutesView,
} from '../../../protocol/index.ts';
import type { Db, Prisma } from '../db/client.ts';
import { AppError } from '../errors/app-error.ts';
import { publicCopy } from './export/public-copy.ts';
import { checkApprovable, checkFields, diffContents, refuseIfLocked, vietnamToday } from './minutes-rules.ts';
import { documentNumber, forViewer, isSessionChair, loadFullView, mayEditMinutes, metaVersionOf, refuseClosedOutsideCircle, seesIdentities, type FullView, type MinutesViewer } from './minutes-view.ts';

/** Fold the update log into the snapshot once it holds this many updates... */
const COMPACT_AFTER = 500;
/** ...checked on every this-many-th stored update (ids are global), to keep the check cheap. */
const CHECK_EVERY = 25n;
const EMPTY = Y.encodeStateAsUpdate(new Y.Doc());
const PART = { open: 'OPEN', closed: 'CLOSED' } as const satisfies Record<MinutesPart, string>;

type Tx = Prisma.TransactionClient;

export class MinutesService {
  private readonly changeListeners = new Set<(sessionId: string) => void>();

  constructor(
    private readonly db: Db,
    private readonly issuer: MinutesIssuer,
    private readonly log: (m: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Whether this account writes this session's minutes (see mayEditMinutes); only a chair costs a query. */
  async isEditor(sessionId: string, viewer: Pick<MinutesViewer, 'accountId' | 'role'>): Promise<boolean> {
    if (viewer.role !== 'CHAIR') return mayEditMinutes(viewer, '');
    const session = await this.db.receptionSession.findUnique({ where: { id: sessionId }, select: { chairId: true } });
    return mayEditMinutes(viewer, session?.chairId ?? '');
  }

  private async refuseReader(sessionId: string, viewer: Pick<MinutesViewer, 'accountId' | 'role'>): Promise<void> {
    if (!(await this.isEditor(sessionId, viewer))) {
      throw new AppError(
        'FORBIDDEN',
        viewer.role === 'CHAIR' ? msg('minutes.onlySessionChairWrites') : msg('minutes.readOnly'),
      );
    }
  }

  /** Called after every committed change of fields or status (socket broadcast of `minutes:changed`). */
  onChange(listener: (sessionId: string) => void): void {
    this.changeListeners.add(listener);
  }

  private changed(sessionId: string): void {
    for (const l of this.changeListeners) l(sessionId);
  }

  // --- the text --------------------------------------------------------------------------------

  /**
   * The whole document of one part as one update. The snapshot and the log after it are read in one
   * REPEATABLE READ transaction: a compaction that commits in between folds log rows into a new snapshot
   * and empties their bytes, so two separate reads could merge the old snapshot with emptied rows and lose
   * stored text. Inside a caller's transaction (which holds the document's row lock) the reads are ordered
   * against compaction already.
   */
  async load(sessionId: string, part: MinutesPart = 'open', tx?: Tx): Promise<Uint8Array> {
    if (tx) return this.readPart(tx, sessionId, part);
    return this.db.$transaction((t) => this.readPart(t, sessionId, part), { isolationLevel: 'RepeatableRead' });
  }

  private async readPart(tx: Tx, sessionId: string, part: MinutesPart): Promise<Uint8Array> {
    const stored = PART[part];
    const text = await tx.minutesText.findUnique({ where: { sessionId_part: { sessionId, part: stored } } });
    await this.betweenReads();
    const updates = await tx.minutesUpdate.findMany({
      where: { sessionId, part: stored, id: { gt: text?.compactedThrough ?? 0n } },
      orderBy: { id: 'asc' },
      select: { update: true },
    });
    const parts = [...(text ? [new Uint8Array(text.snapshot)] : []), ...updates.map((u) => new Uint8Array(u.update))];
    return parts.length ? Y.mergeUpdates(parts) : EMPTY;
  }

  /** Does nothing; a test overrides it to commit a compaction between the two reads of a load. */
  protected async betweenReads(): Promise<void> {}

  /**
   * Stores one update from an editor; resolves only once it is durable. Refused while the minutes are
   * approved, and for the closed part outside the chair's circle.
   */
  async apply(sessionId: string, part: MinutesPart, writer: MinutesViewer, update: Uint8Array): Promise<void> {
    await this.refuseReader(sessionId, writer);
    refuseClosedOutsideCircle(part, writer);
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
    const row = await this.db.$transaction(async (tx) => {
      const status = await this.lockDocument(tx, sessionId, 'FOR SHARE');
      refuseIfLocked(status);
      return tx.minutesUpdate.create({ data: { sessionId, part: PART[part], accountId: writer.accountId, update: Buffer.from(update) }, select: { id: true } });
    });
    if (row.id % CHECK_EVERY === 0n) void this.compactIfLong(sessionId, part).catch((e: unknown) => this.log(`minutes: compaction failed: ${String(e)}`));
  }

  private async lockDocument(tx: Tx, sessionId: string, mode: 'FOR SHARE' | 'FOR UPDATE'): Promise<MinutesStatus> {
    await tx.minutesDocument.createMany({ data: [{ sessionId }], skipDuplicates: true });
    const rows =
      mode === 'FOR SHARE'
        ? await tx.$queryRaw<{ status: MinutesStatus }[]>`SELECT status::text AS status FROM "MinutesDocument" WHERE "sessionId" = ${sessionId}::uuid FOR SHARE`
        : await tx.$queryRaw<{ status: MinutesStatus }[]>`SELECT status::text AS status FROM "MinutesDocument" WHERE "sessionId" = ${sessionId}::uuid FOR UPDATE`;
    return rows[0]!.status;
  }

  private async compactIfLong(sessionId: string, part: MinutesPart): Promise<void> {
    const text = await this.db.minutesText.findUnique({ where: { sessionId_part: { sessionId, part: PART[part] } }, select: { compactedThrough: true } });
    const pending = await this.db.minutesUpdate.count({ where: { sessionId, part: PART[part], id: { gt: text?.compactedThrough ?? 0n } } });
    if (pending >= COMPACT_AFTER) await this.compact(sessionId, part);
  }

  /** Folds every stored update of a part into its snapshot, in one transaction under the document's row lock. */
  async compact(sessionId: string, part: MinutesPart = 'open'): Promise<void> {
    const stored = PART[part];
    await this.db.$transaction(async (tx) => {
      await this.lockDocument(tx, sessionId, 'FOR UPDATE');
      const text = await tx.minutesText.findUnique({ where: { sessionId_part: { sessionId, part: stored } } });
      const updates = await tx.minutesUpdate.findMany({ where: { sessionId, part: stored, id: { gt: text?.compactedThrough ?? 0n } }, orderBy: { id: 'asc' } });
      if (updates.length === 0) return;
      const snapshot = reencode([...(text ? [new Uint8Array(text.snapshot)] : []), ...updates.map((u) => new Uint8Array(u.update))]);
      await this.writeSnapshot(tx, sessionId, part, snapshot, updates[updates.length - 1]!.id);
    });
  }

  private async writeSnapshot(tx: Tx, sessionId: string, part: MinutesPart, snapshot: Uint8Array, through: bigint): Promise<void> {
    const stored = PART[part];
    const bytes = Buffer.from(snapshot);
    await tx.minutesText.upsert({
      where: { sessionId_part: { sessionId, part: stored } },
      create: { sessionId, part: stored, snapshot: bytes, compactedThrough: through },
      update: { snapshot: bytes, compactedThrough: through },
    });
    // The audit trail of who wrote when keeps its rows; only their bytes are dropped once folded in.
    await tx.minutesUpdate.updateMany({ where: { sessionId, part: stored, id: { lte: through } }, data: { update: Buffer.alloc(0) } });
  }

  /**
   * Puts every entry's text in the part its confidentiality asks for (see MINUTES_PARTS): when the
   * moderator marks a turn confidential after secretaries began its statement, the text moves to the
   * closed part and is deleted from the open one (and back when the mark is lifted). Returns the updates
   * made, for the caller to relay to each part's readers. Nothing moves while the minutes are approved:
   * the content of an approval reads both parts anyway.
   */
  async placeText(sessionId: string): Promise<{ part: MinutesPart; update: Uint8Array }[]> {
    const made = await this.db.$transaction(async (tx) => {
      const status = await this.lockDocument(tx, sessionId, 'FOR UPDATE');
      if (status === 'APPROVED') return [];
      const entries = await tx.registration.findMany({ where: { sessionId, startedAt: { not: null } }, select: { id: true, confidential: true } });
      const docs = { open: new Y.Doc(), closed: new Y.Doc() };
      Y.applyUpdate(docs.open, await this.readPart(tx, sessionId, 'open'));
      Y.applyUpdate(docs.closed, await this.readPart(tx, sessionId, 'closed'));
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
        const row = await tx.minutesUpdate.create({ data: { sessionId, part: PART[m.part], accountId: null, update: Buffer.from(m.update) }, select: { id: true } });
        // Compacted at once: the deleted text must not stay in the log that every reader of the part loads.
        // (The document drops deleted text from its state; the log would still carry the original insert.)
        await this.writeSnapshot(tx, sessionId, m.part, Y.encodeStateAsUpdate(docs[m.part]), row.id);
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
  private async loadParts(sessionId: string, tx?: Tx): Promise<Record<MinutesPart, Uint8Array>> {
    const read = async (t: Tx): Promise<Record<MinutesPart, Uint8Array>> => ({ open: await this.readPart(t, sessionId, 'open'), closed: await this.readPart(t, sessionId, 'closed') });
    return tx ? read(tx) : this.db.$transaction(read, { isolationLevel: 'RepeatableRead' });
  }

  // --- facts, fields, approval -----------------------------------------------------------------

  /** The number clients compare to know their view is behind (see FullView.metaVersion). */
  async metaVersion(sessionId: string): Promise<number> {
    const [session, doc] = await Promise.all([
      this.db.receptionSession.findUnique({ where: { id: sessionId }, select: { liveVersion: true } }),
      this.db.minutesDocument.findUnique({ where: { sessionId }, select: { metaVersion: true } }),
    ]);
    return metaVersionOf(session?.liveVersion ?? 0, doc?.metaVersion);
  }

  async view(sessionId: string, viewer: MinutesViewer): Promise<MinutesView> {
    return forViewer(await loadFullView(this.db, sessionId, this.issuer), viewer);
  }

  async setFields(viewer: MinutesViewer, req: MinutesFieldsRequest): Promise<MinutesView> {
    await this.refuseReader(req.sessionId, viewer);
    await this.db.$transaction(async (tx) => {
      refuseIfLocked(await this.lockDocument(tx, req.sessionId, 'FOR UPDATE'));
      const entry = await tx.registration.findFirst({ where: { id: req.entryId, sessionId: req.sessionId }, select: { startedAt: true } });
      if (!entry?.startedAt) throw new AppError('NOT_FOUND', msg('minutes.entryNotInMinutes'));
      const [stored, agencies] = await Promise.all([
        tx.minutesEntry.findUnique({ where: { registrationId: req.entryId }, select: { deadline: true } }),
        tx.sessionAgency.findMany({ where: { sessionId: req.sessionId }, select: { agencyId: true } }),
      ]);
      checkFields(req, {
        today: vietnamToday(this.now()),
        storedDeadline: stored?.deadline?.toISOString().slice(0, 10) ?? null,
        sessionAgencyIds: agencies.map((a) => a.agencyId),
      });
      const data = {
        petitionType: req.petitionType,
        field: req.field,
        conclusionType: req.conclusionType,
        agencyId: req.agencyId,
        deadline: req.deadline ? new Date(`${req.deadline}T00:00:00Z`) : null,
        updatedById: viewer.accountId,
        updatedAt: this.now(),
      };
      await tx.minutesEntry.upsert({ where: { registrationId: req.entryId }, create: { registrationId: req.entryId, sessionId: req.sessionId, ...data }, update: data });
      await tx.minutesDocument.update({ where: { sessionId: req.sessionId }, data: { metaVersion: { increment: 1 } } });
    });
    this.changed(req.sessionId);
    return this.view(req.sessionId, viewer);
  }

  /** The conclusion stated as the turn ends: the conclusion fields only; the classification stays as it is. */
  async setConclusion(viewer: MinutesViewer, req: MinutesConclusionRequest): Promise<MinutesView> {
    const stored = await this.db.minutesEntry.findUnique({ where: { registrationId: req.entryId }, select: { petitionType: true, field: true } });
    return this.setFields(viewer, { ...req, petitionType: stored?.petitionType ?? null, field: stored?.field ?? null });
  }

  /** The chair approves: the content as it stands becomes a numbered version and the minutes lock. */
  async approve(sessionId: string, viewer: MinutesViewer): Promise<MinutesView> {
    await this.db.$transaction(
      async (tx) => {
        const status = await this.lockDocument(tx, sessionId, 'FOR UPDATE');
        const full = await loadFullView(tx, sessionId, this.issuer);
        if (!isSessionChair(viewer, full.chairId)) throw new AppError('FORBIDDEN', msg('minutes.onlyChairApproves'));
        checkApprovable(full.sessionStatus, status, full.entries.map((e) => ({ number: e.facts.number, conclusionType: e.fields.conclusionType })));
        const doc = await tx.minutesDocument.findUniqueOrThrow({ where: { sessionId } });
        const at = this.now();
        const numbers = doc.minutesNumber ? null : await this.allocateNumbers(tx, Number(vietnamToday(at).slice(0, 4)));
        const previous = await tx.minutesVersion.findFirst({ where: { sessionId }, orderBy: { number: 'desc' } });
        const approver = await tx.account.findUniqueOrThrow({ where: { id: viewer.accountId }, select: { fullName: true } });
        const number = (previous?.number ?? 0) + 1;
        const withNumbers: FullView = numbers
          ? { ...full, numbers: { minutes: documentNumber(numbers.minutes, 'BB', this.issuer.symbol), notice: documentNumber(numbers.notice, 'TB', this.issuer.symbol) } }
          : full;
        const content = contentOf(withNumbers, await this.loadParts(sessionId, tx), {
          version: number,
          at: at.toISOString(),
          by: approver.fullName,
          reason: previous ? doc.amendReason : null,
        });
        await tx.minutesVersion.create({
          data: {
            sessionId,
            number,
            approvedAt: at,
            approvedById: viewer.accountId,
            reason: previous ? doc.amendReason : null,
            amendedById: previous ? doc.amendById : null,
            editors: await this.editorsSince(tx, sessionId, previous?.approvedAt ?? null),
            changes: diffContents(previous ? (previous.content as unknown as MinutesContent) : null, content) as unknown as Prisma.InputJsonValue,
            content: content as unknown as Prisma.InputJsonValue,
          },
        });
        await tx.minutesDocument.update({
          where: { sessionId },
          data: {
            status: 'APPROVED',
            metaVersion: { increment: 1 },
            amendReason: null,
            amendById: null,
            amendOpenedAt: null,
            ...(numbers ? { numberYear: numbers.year, minutesNumber: numbers.minutes, noticeNumber: numbers.notice } : {}),
          },
        });
      },
      { timeout: 20_000 },
    );
    this.changed(sessionId);
    return this.view(sessionId, viewer);
  }

  /** Opens a correction of approved minutes; approving it again makes the next version. */
  async amend(sessionId: string, viewer: MinutesViewer, reason: string): Promise<MinutesView> {
    await this.refuseReader(sessionId, viewer);
    if (!seesIdentities(viewer)) {
      throw new AppError('FORBIDDEN', msg('minutes.amendOnlyCircle'));
    }
    await this.db.$transaction(async (tx) => {
      const status = await this.lockDocument(tx, sessionId, 'FOR UPDATE');
      if (status !== 'APPROVED') {
        throw new AppError('CONFLICT', status === 'AMENDING' ? msg('minutes.amending') : msg('minutes.notApprovedYet'));
      }
      await tx.minutesDocument.update({
        where: { sessionId },
        data: { status: 'AMENDING', amendReason: reason, amendById: viewer.accountId, amendOpenedAt: this.now(), metaVersion: { increment: 1 } },
      });
    });
    this.changed(sessionId);
    return this.view(sessionId, viewer);
  }

  async versions(sessionId: string): Promise<MinutesVersionSummary[]> {
    const rows = await this.db.minutesVersion.findMany({ where: { sessionId }, orderBy: { number: 'desc' }, omit: { content: true } });
    const names = await this.namesOf(rows.flatMap((r) => [r.approvedById, ...(r.amendedById ? [r.amendedById] : [])]));
    return rows.map((r) => ({
      number: r.number,
      approvedAt: r.approvedAt.toISOString(),
      approvedBy: names.get(r.approvedById) ?? '',
      reason: r.reason,
      amendedBy: r.amendedById ? (names.get(r.amendedById) ?? '') : null,
      editors: r.editors as unknown as string[],
      changes: r.changes as unknown as MinutesVersionSummary['changes'],
    }));
  }

  /** One approved version as this viewer may read it. */
  async version(sessionId: string, number: number, viewer: MinutesViewer): Promise<MinutesContent> {
    const row = await this.db.minutesVersion.findUnique({ where: { sessionId_number: { sessionId, number } }, select: { content: true } });
    if (!row) throw new AppError('NOT_FOUND', msg('minutes.noSuchVersion', { number }));
    return redactContent(row.content as unknown as MinutesContent, viewer);
  }

  /** The content to export: an approved version, or else the current text (a draft unless approved). */
  async content(sessionId: string, viewer: MinutesViewer, version?: number): Promise<MinutesContent> {
    if (version !== undefined) return this.version(sessionId, version, viewer);
    const full = await loadFullView(this.db, sessionId, this.issuer);
    if (full.status === 'APPROVED') return this.version(sessionId, full.versions, viewer);
    return redactContent(contentOf(full, await this.loadParts(sessionId), null), viewer);
  }

  /** Numbers count from 1 each year per document type; the counter row's lock keeps them unique. */
  private async allocateNumbers(tx: Tx, year: number): Promise<{ year: number; minutes: number; notice: number }> {
    const next = async (symbol: string): Promise<number> => {
      const rows = await tx.$queryRaw<{ last: number }[]>`
        INSERT INTO "DocumentCounter" (year, symbol, last) VALUES (${year}, ${symbol}, 1)
        ON CONFLICT (year, symbol) DO UPDATE SET last = "DocumentCounter".last + 1
        RETURNING last`;
      return rows[0]!.last;
    };
    return { year, minutes: await next(`BB-${this.issuer.symbol}`), notice: await next(`TB-${this.issuer.symbol}`) };
  }

  /** Who wrote text or set fields since the previous approval. */
  private async editorsSince(tx: Tx, sessionId: string, since: Date | null): Promise<string[]> {
    const after = since ? { gt: since } : undefined;
    const [writers, setters] = await Promise.all([
      tx.minutesUpdate.findMany({ where: { sessionId, createdAt: after }, distinct: ['accountId'], select: { accountId: true } }),
      tx.minutesEntry.findMany({ where: { sessionId, updatedAt: after }, distinct: ['updatedById'], select: { updatedById: true } }),
    ]);
    const ids = [...new Set([...writers.map((w) => w.accountId), ...setters.map((s) => s.updatedById)].filter((id): id is string => !!id))];
    const names = await this.namesOf(ids, tx);
    return ids.map((id) => names.get(id) ?? '').sort((a, b) => a.localeCompare(b, 'vi'));
  }

  private async namesOf(ids: string[], db: Db | Tx = this.db): Promise<Map<string, string>> {
    const rows = await db.account.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, fullName: true } });
    return new Map(rows.map((r) => [r.id, r.fullName]));
  }
}

/** The view plus the text of both parts: the input of the exports and the body of a version. */
export function contentOf(full: FullView, parts: Record<MinutesPart, Uint8Array>, approved: MinutesContent['approved']): MinutesContent {
  const docs = Object.fromEntries(
    MINUTES_PARTS.map((p) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, parts[p]);
      return [p, doc];
    }),
  ) as Record<MinutesPart, Y.Doc>;
  // A field's text is in one part; should a move have been skipped (approved minutes), both count.
  const text = (key: string): string =>
    MINUTES_PARTS.map((p) => docs[p].getText(key).toString())
      .filter(Boolean)
      .join('\n');
  return {
    header: full.header,
    entries: full.entries.map((e) => ({
      ...e,
      text: Object.fromEntries(ENTRY_TEXT_FIELDS.map((f) => [f, text(entryTextKey(e.facts.entryId, f))])) as MinutesContent['entries'][number]['text'],
    })),
    text: Object.fromEntries(SESSION_TEXT_FIELDS.map((f) => [f, text(sessionTextKey(f))])) as MinutesContent['text'],
    numbers: full.numbers,
    approved,
  };
}

/** Outside the chair's circle a version reads as the public copy: no confidential identity, no statement. */
export function redactContent(content: MinutesContent, viewer: Pick<MinutesViewer, 'role' | 'siteKind'>): MinutesContent {
  return seesIdentities(viewer) ? content : publicCopy(content);
}

/** Re-encoded through a Y.Doc: deleted text is dropped and runs of keystrokes joined (bench/README.md). */
function reencode(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(updates));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
