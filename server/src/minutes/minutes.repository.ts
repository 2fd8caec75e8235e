// The minutes as stored: the document row (status, numbers, the lock that orders writers against approval
// and compaction), the Yjs text of each part (a snapshot plus the update log after it), each turn's
// structured fields, and the approved versions. `MinutesRows` is one set of these queries bound to the
// database or to a transaction, so a service composes them inside one transaction without touching Prisma.
import type { ConclusionType, Field, MinutesContent, MinutesIssuer, MinutesPart, MinutesStatus, MinutesVersionSummary, PetitionType } from '../../../protocol/index.ts';
import type { Db, Prisma } from '../db/client.ts';
import type { FullView } from './minutes-view.ts';
import { loadFullView } from './minutes-view.repository.ts';

type Client = Db | Prisma.TransactionClient;

const PART = { open: 'OPEN', closed: 'CLOSED' } as const satisfies Record<MinutesPart, string>;

export interface EntryFieldsRow {
  petitionType: PetitionType | null;
  field: Field | null;
  conclusionType: ConclusionType | null;
  agencyId: string | null;
  deadline: Date | null;
  updatedById: string;
  updatedAt: Date;
}

export class MinutesRepository {
  readonly rows: MinutesRows;

  constructor(private readonly db: Db) {
    this.rows = new MinutesRows(db);
  }

  /** Runs `work` in one transaction (REPEATABLE READ when asked: two reads see one snapshot). */
  transaction<T>(work: (rows: MinutesRows) => Promise<T>, opts: { repeatableRead?: boolean; timeoutMs?: number } = {}): Promise<T> {
    return this.db.$transaction((tx) => work(new MinutesRows(tx)), {
      ...(opts.repeatableRead ? { isolationLevel: 'RepeatableRead' as const } : {}),
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    });
  }
}

export class MinutesRows {
  constructor(private readonly q: Client) {}

  /**
   * Locks the session's document row (made on first use) and returns its status. FOR SHARE lets writers
   * store text side by side; FOR UPDATE (approval, compaction, moving text) waits for them and excludes them.
   */
  async lockDocument(sessionId: string, mode: 'FOR SHARE' | 'FOR UPDATE'): Promise<MinutesStatus> {
    await this.q.minutesDocument.createMany({ data: [{ sessionId }], skipDuplicates: true });
    const rows =
      mode === 'FOR SHARE'
        ? await this.q.$queryRaw<{ status: MinutesStatus }[]>`SELECT status::text AS status FROM "MinutesDocument" WHERE "sessionId" = ${sessionId}::uuid FOR SHARE`
        : await this.q.$queryRaw<{ status: MinutesStatus }[]>`SELECT status::text AS status FROM "MinutesDocument" WHERE "sessionId" = ${sessionId}::uuid FOR UPDATE`;
    return rows[0]!.status;
  }

  // --- the text ---------------------------------------------------------------------------------

  async snapshotOf(sessionId: string, part: MinutesPart): Promise<{ snapshot: Uint8Array; compactedThrough: bigint } | null> {
    const text = await this.q.minutesText.findUnique({ where: { sessionId_part: { sessionId, part: PART[part] } } });
    return text ? { snapshot: new Uint8Array(text.snapshot), compactedThrough: text.compactedThrough } : null;
  }

  /** The stored updates after `after`, in order. */
  async updatesAfter(sessionId: string, part: MinutesPart, after: bigint): Promise<{ id: bigint; update: Uint8Array }[]> {
    const rows = await this.q.minutesUpdate.findMany({ where: { sessionId, part: PART[part], id: { gt: after } }, orderBy: { id: 'asc' }, select: { id: true, update: true } });
    return rows.map((r) => ({ id: r.id, update: new Uint8Array(r.update) }));
  }

  countUpdatesAfter(sessionId: string, part: MinutesPart, after: bigint): Promise<number> {
    return this.q.minutesUpdate.count({ where: { sessionId, part: PART[part], id: { gt: after } } });
  }

  /** Stores one update (accountId null: made by the hub itself); returns its id. */
  async insertUpdate(sessionId: string, part: MinutesPart, accountId: string | null, update: Uint8Array): Promise<bigint> {
    return (await this.q.minutesUpdate.create({ data: { sessionId, part: PART[part], accountId, update: Buffer.from(update) }, select: { id: true } })).id;
  }

  /** The snapshot now holds every update up to `through`; their bytes are dropped, their rows kept (who wrote when). */
  async writeSnapshot(sessionId: string, part: MinutesPart, snapshot: Uint8Array, through: bigint): Promise<void> {
    const stored = PART[part];
    const bytes = Buffer.from(snapshot);
    await this.q.minutesText.upsert({
      where: { sessionId_part: { sessionId, part: stored } },
      create: { sessionId, part: stored, snapshot: bytes, compactedThrough: through },
      update: { snapshot: bytes, compactedThrough: through },
    });
    await this.q.minutesUpdate.updateMany({ where: { sessionId, part: stored, id: { lte: through } }, data: { update: Buffer.alloc(0) } });
  }

  /** The turns that reached the minutes (started), with whether each is confidential. */
  startedTurns(sessionId: string): Promise<{ id: string; confidential: boolean }[]> {
    return this.q.registration.findMany({ where: { sessionId, startedAt: { not: null } }, select: { id: true, confidential: true } });
  }

  // --- fields -----------------------------------------------------------------------------------

  async turnStarted(sessionId: string, entryId: string): Promise<boolean> {
    const entry = await this.q.registration.findFirst({ where: { id: entryId, sessionId }, select: { startedAt: true } });
    return !!entry?.startedAt;
  }

  storedFields(entryId: string): Promise<{ deadline: Date | null; petitionType: PetitionType | null; field: Field | null } | null> {
    return this.q.minutesEntry.findUnique({ where: { registrationId: entryId }, select: { deadline: true, petitionType: true, field: true } });
  }

  /** A field may be given if it is offered, or if this turn has it already (a field deactivated since). */
  async fieldAllowed(code: string, entryId: string): Promise<boolean> {
    const onThisTurn = [{ registrations: { some: { id: entryId } } }, { minutesEntries: { some: { registrationId: entryId } } }];
    return (await this.q.petitionField.count({ where: { code, OR: [{ active: true }, ...onThisTurn] } })) > 0;
  }

  async sessionAgencyIds(sessionId: string): Promise<string[]> {
    return (await this.q.sessionAgency.findMany({ where: { sessionId }, select: { agencyId: true } })).map((a) => a.agencyId);
  }

  async saveFields(sessionId: string, entryId: string, data: EntryFieldsRow): Promise<void> {
    await this.q.minutesEntry.upsert({ where: { registrationId: entryId }, create: { registrationId: entryId, sessionId, ...data }, update: data });
  }

  /** Fields or status changed: readers compare this counter to know their view is behind. */
  async bumpMeta(sessionId: string): Promise<void> {
    await this.q.minutesDocument.update({ where: { sessionId }, data: { metaVersion: { increment: 1 } } });
  }

  async versionCounters(sessionId: string): Promise<{ liveVersion: number; metaVersion: number | undefined }> {
    const [session, doc] = await Promise.all([
      this.q.receptionSession.findUnique({ where: { id: sessionId }, select: { liveVersion: true } }),
      this.q.minutesDocument.findUnique({ where: { sessionId }, select: { metaVersion: true } }),
    ]);
    return { liveVersion: session?.liveVersion ?? 0, metaVersion: doc?.metaVersion };
  }

  fullView(sessionId: string, issuer: MinutesIssuer): Promise<FullView> {
    return loadFullView(this.q, sessionId, issuer);
  }

  // --- approval and versions ----------------------------------------------------------------------

  document(sessionId: string) {
    return this.q.minutesDocument.findUniqueOrThrow({ where: { sessionId } });
  }

  latestVersion(sessionId: string) {
    return this.q.minutesVersion.findFirst({ where: { sessionId }, orderBy: { number: 'desc' } });
  }

  async createVersion(v: {
    sessionId: string;
    number: number;
    approvedAt: Date;
    approvedById: string;
    reason: string | null;
    amendedById: string | null;
    editors: string[];
    changes: MinutesVersionSummary['changes'];
    content: MinutesContent;
  }): Promise<void> {
    await this.q.minutesVersion.create({
      data: { ...v, editors: v.editors, changes: v.changes as unknown as Prisma.InputJsonValue, content: v.content as unknown as Prisma.InputJsonValue },
    });
  }

  async markApproved(sessionId: string, numbers: { year: number; minutes: number; notice: number } | null): Promise<void> {
    await this.q.minutesDocument.update({
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
  }

  async markAmending(sessionId: string, reason: string, byId: string, at: Date): Promise<void> {
    await this.q.minutesDocument.update({ where: { sessionId }, data: { status: 'AMENDING', amendReason: reason, amendById: byId, amendOpenedAt: at, metaVersion: { increment: 1 } } });
  }

  versionsWithoutContent(sessionId: string) {
    return this.q.minutesVersion.findMany({ where: { sessionId }, orderBy: { number: 'desc' }, omit: { content: true } });
  }

  async versionContent(sessionId: string, number: number): Promise<MinutesContent | null> {
    const row = await this.q.minutesVersion.findUnique({ where: { sessionId_number: { sessionId, number } }, select: { content: true } });
    return row ? (row.content as unknown as MinutesContent) : null;
  }

  /** The next number of a document type in a year; the counter row's lock keeps numbers unique. */
  async nextNumber(year: number, symbol: string): Promise<number> {
    const rows = await this.q.$queryRaw<{ last: number }[]>`
      INSERT INTO "DocumentCounter" (year, symbol, last) VALUES (${year}, ${symbol}, 1)
      ON CONFLICT (year, symbol) DO UPDATE SET last = "DocumentCounter".last + 1
      RETURNING last`;
    return rows[0]!.last;
  }

  /** Who wrote text or set fields since `since` (every writer when null). */
  async editorIdsSince(sessionId: string, since: Date | null): Promise<string[]> {
    const after = since ? { gt: since } : undefined;
    const [writers, setters] = await Promise.all([
      this.q.minutesUpdate.findMany({ where: { sessionId, createdAt: after }, distinct: ['accountId'], select: { accountId: true } }),
      this.q.minutesEntry.findMany({ where: { sessionId, updatedAt: after }, distinct: ['updatedById'], select: { updatedById: true } }),
    ]);
    return [...new Set([...writers.map((w) => w.accountId), ...setters.map((s) => s.updatedById)].filter((id): id is string => !!id))];
  }

  async namesOf(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.q.account.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, fullName: true } });
    return new Map(rows.map((r) => [r.id, r.fullName]));
  }
}
