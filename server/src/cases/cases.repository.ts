// Cases and their timelines in PostgreSQL. A case is born from an approved notice (or an accepted intake)
// in one transaction with its first event; each later step locks the case's row, lets the workflow decide
// on the row as stored, and writes the new state and its event together, so two steps at once cannot both
// pass on the same state.
import { randomUUID } from 'node:crypto';
import type { MinutesContent } from '../../../protocol/index.ts';
import { dateOfDay, dayOfDate } from '../calendar/vietnam-clock.ts';
import type { Db, Prisma } from '../db/client.ts';
import { inGivenOrder } from '../db/in-given-order.ts';
import type { MailComposer } from '../mail/mail-words.ts';
import { recordIn, type AuditDraft } from '../audit/audit.repository.ts';
import { lockBlob } from '../storage/blob-references.repository.ts';
import { tellOfficeDeciders } from './office-deciders.repository.ts';
import type { CaseEventDraft, CaseState } from './case-rules.ts';

const withNames = {
  agency: { select: { id: true, name: true } },
  site: { select: { id: true, name: true } },
} satisfies Prisma.CaseInclude;
export type CaseRow = Prisma.CaseGetPayload<{ include: typeof withNames }>;
const withTimeline = {
  ...withNames,
  events: { orderBy: { id: 'asc' }, include: { actor: { select: { fullName: true } } } },
  documents: { orderBy: { uploadedAt: 'asc' }, include: { uploadedBy: { select: { fullName: true, agencyId: true } } } },
} satisfies Prisma.CaseInclude;
export type CaseWithEvents = Prisma.CaseGetPayload<{ include: typeof withTimeline }>;

/** What the workflow decided for one step, and what the repository writes with it. */
export interface StepDecision {
  next: CaseState;
  legalDeadline: string | null;
  event: CaseEventDraft;
  /** The citizen's words: a request to reopen, or the comment with their satisfaction. */
  reopenReason?: string;
  satisfactionComment?: string | null;
  /** Tells the host office's deciders, in the same transaction (with `reopenReason` as the reason shown). */
  tellDeciders?: 'CASE_REOPEN_ASKED' | 'CASE_TRANSFERRED';
}

/** A matter the notice assigned, with what the turn knew of the citizen. */
export interface NoticeItem {
  registrationId: string;
  agencyId: string;
  deadline: string | null;
  summary: string;
  kind: CaseRow['kind'];
  field: string;
}

export interface CaseListFilter {
  agencyId?: string;
  siteId?: string;
  status?: CaseRow['status'];
  /** Overdue on this day: unresolved, with a deadline before it. */
  overdueOn?: string;
  notOverdueOn?: string;
}

const OPEN_STATUSES: CaseRow['status'][] = ['ASSIGNED', 'IN_PROGRESS'];

/** A deadline before the day (the notice's or the legal one). */
export const pastDeadline = (d: string): Prisma.CaseWhereInput => ({ OR: [{ noticeDeadline: { lt: dateOfDay(d) } }, { legalDeadline: { lt: dateOfDay(d) } }] });
/**
 * Neither deadline before the day, a missing one counting as met. Not `NOT pastDeadline`: in SQL a null
 * deadline makes that NULL, and the case would drop out of both lists.
 */
export const withinDeadlines = (d: string): Prisma.CaseWhereInput => ({
  AND: [{ OR: [{ noticeDeadline: null }, { noticeDeadline: { gte: dateOfDay(d) } }] }, { OR: [{ legalDeadline: null }, { legalDeadline: { gte: dateOfDay(d) } }] }],
});

/** The office's next case number of the year ("VV-2026-00042"); the caller holds the numbering lock. */
async function nextNumber(tx: Prisma.TransactionClient, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const count = await tx.case.count({ where: { number: { startsWith: `VV-${year}-` } } });
  return `VV-${year}-${String(count + 1).padStart(5, '0')}`;
}

/** An intake accepted for resolution at a regular reception that no case follows yet. */
export interface PendingIntake {
  id: string;
  receivedAt: Date;
  site: { id: string; name: string };
  citizenName: string;
  confidential: boolean;
  kind: CaseRow['kind'];
  field: string;
  content: string;
}

const day = (d: Date | null): string | null => (d ? dayOfDate(d) : null);
const date = (d: string | null): Date | null => (d ? dateOfDay(d) : null);

/** The workflow's view of a stored case. */
export function stateOf(
  row: Pick<CaseRow, 'status' | 'kind' | 'agencyId' | 'acceptedDay' | 'pausedSince' | 'pausedDays' | 'extensionDays' | 'extensionAsked' | 'result' | 'resolvedDay' | 'informedDay' | 'noticeDeadline' | 'reopenAskedAt' | 'satisfaction'>,
): CaseState {
  return {
    status: row.status,
    kind: row.kind,
    agencyId: row.agencyId,
    acceptedDay: day(row.acceptedDay),
    pausedSince: day(row.pausedSince),
    pausedDays: row.pausedDays,
    extensionDays: row.extensionDays,
    extensionAsked: row.extensionAsked,
    result: row.result,
    resolvedDay: day(row.resolvedDay),
    informedDay: day(row.informedDay),
    noticeDeadline: day(row.noticeDeadline),
    reopenAsked: row.reopenAskedAt !== null,
    satisfaction: row.satisfaction,
  };
}

export class CasesRepository {
  constructor(
    private readonly db: Db,
    /** When the hub sends e-mail: what the office's deciders are told is queued to their addresses too. */
    private readonly compose?: MailComposer,
  ) {}

  /** The latest approved version of a session's minutes, whose notice assigns the matters. */
  async latestNotice(sessionId: string): Promise<{ version: number; content: MinutesContent } | null> {
    const v = await this.db.minutesVersion.findFirst({ where: { sessionId }, orderBy: { number: 'desc' }, select: { number: true, content: true } });
    return v ? { version: v.number, content: v.content as unknown as MinutesContent } : null;
  }

  /** Sessions whose minutes were approved since a moment: what a restart catches up on. */
  async approvedSince(since: Date): Promise<string[]> {
    const rows = await this.db.minutesVersion.findMany({ where: { approvedAt: { gte: since } }, select: { sessionId: true }, distinct: ['sessionId'] });
    return rows.map((r) => r.sessionId);
  }

  /**
   * Makes the notice's matters cases, or brings existing ones up to an amended notice (agency, deadline,
   * summary), each with its event; a case already further along keeps its state and history.
   */
  saveFromNotice(sessionId: string, version: number, items: NoticeItem[], at: Date, legalDays: (kind: CaseRow['kind']) => number, newCode: () => string): Promise<{ created: number; updated: number }> {
    return this.db.$transaction(async (tx) => {
      let created = 0;
      let updated = 0;
      if (items.length > 0) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('case-number', 0))`;
      // A dialogue conference's opinions are the group's it was held with (the plan names it).
      const held = await tx.receptionSession.findUnique({ where: { id: sessionId }, select: { kind: true, planned: { select: { withGroup: true } } } });
      const withGroup = held?.kind === 'DIALOGUE' ? (held.planned?.withGroup ?? null) : null;
      for (const item of items) {
        const existing = await tx.case.findUnique({ where: { registrationId: item.registrationId } });
        if (existing) {
          if (existing.noticeVersion !== null && existing.noticeVersion >= version) continue;
          const changed = existing.agencyId !== item.agencyId || day(existing.noticeDeadline) !== item.deadline || existing.summary !== item.summary;
          await tx.case.update({
            where: { id: existing.id },
            data: { noticeVersion: version, ...(changed ? { agencyId: item.agencyId, noticeDeadline: date(item.deadline), summary: item.summary, updatedAt: at } : {}) },
          });
          if (changed) {
            await tx.caseEvent.create({ data: { caseId: existing.id, at, kind: 'notice.amended', data: { version, agencyId: item.agencyId, deadline: item.deadline } } });
            updated++;
          }
          continue;
        }
        const reg = await tx.registration.findUniqueOrThrow({
          where: { id: item.registrationId },
          select: { siteId: true, citizenName: true, confidential: true, intake: { select: { id: true, trackingCode: true, citizen: { select: { idNumber: true } } } } },
        });
        const id = randomUUID();
        await tx.case.create({
          data: {
            id,
            number: await nextNumber(tx, at),
            origin: 'NOTICE',
            sessionId,
            registrationId: item.registrationId,
            intakeId: reg.intake?.id ?? null,
            siteId: reg.siteId,
            agencyId: item.agencyId,
            kind: item.kind,
            field: item.field,
            summary: item.summary,
            citizenName: reg.citizenName,
            confidential: reg.confidential,
            trackingCode: reg.intake?.trackingCode ?? newCode(),
            idSuffix: reg.intake?.citizen.idNumber?.slice(-4) ?? null,
            noticeDeadline: date(item.deadline),
            noticeVersion: version,
            withGroup,
            legalLimitDays: legalDays(item.kind),
            createdAt: at,
            updatedAt: at,
            events: { create: { at, kind: 'notice.assigned', data: { version, agencyId: item.agencyId, deadline: item.deadline } } },
          },
        });
        created++;
      }
      return { created, updated };
    });
  }

  /** Intakes of the regular reception accepted for resolution with no case yet, oldest first. */
  async pendingIntakes(take: number): Promise<PendingIntake[]> {
    const rows = await this.db.intake.findMany({
      where: { handling: 'ACCEPTED', sessionId: null, case: null },
      orderBy: { receivedAt: 'asc' },
      take,
      select: { id: true, receivedAt: true, confidential: true, petitionType: true, field: true, content: true, site: { select: { id: true, name: true } }, citizen: { select: { fullName: true } } },
    });
    return rows.map((r) => ({ id: r.id, receivedAt: r.receivedAt, site: r.site, citizenName: r.citizen.fullName, confidential: r.confidential, kind: r.petitionType, field: r.field, content: r.content }));
  }

  /**
   * A case for an intake accepted at a regular reception, assigned to an agency by the host office; null
   * when the intake is not one (`refuse` says why) or a case follows it already.
   */
  fromIntake(
    intakeId: string,
    assign: { agencyId: string; deadline: string | null },
    actorId: string,
    at: Date,
    legalDays: (kind: CaseRow['kind']) => number,
  ): Promise<{ id: string } | 'unknown' | 'notAccepted' | 'fromSession' | 'followed'> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('case-number', 0))`;
      const intake = await tx.intake.findUnique({ where: { id: intakeId }, include: { citizen: { select: { fullName: true, idNumber: true } }, case: { select: { id: true } } } });
      if (!intake) return 'unknown';
      if (intake.case) return 'followed';
      if (intake.sessionId) return 'fromSession';
      if (intake.handling !== 'ACCEPTED') return 'notAccepted';
      const id = randomUUID();
      await tx.case.create({
        data: {
          id,
          number: await nextNumber(tx, at),
          origin: 'INTAKE',
          intakeId,
          siteId: intake.siteId,
          agencyId: assign.agencyId,
          kind: intake.petitionType,
          field: intake.field,
          summary: intake.content.slice(0, 500),
          citizenName: intake.citizen.fullName,
          confidential: intake.confidential,
          trackingCode: intake.trackingCode,
          idSuffix: intake.citizen.idNumber?.slice(-4) ?? null,
          noticeDeadline: date(assign.deadline),
          legalLimitDays: legalDays(intake.petitionType),
          createdAt: at,
          updatedAt: at,
          events: { create: { at, actorId, kind: 'intake.assigned', data: { agencyId: assign.agencyId, deadline: assign.deadline } } },
        },
      });
      return { id };
    });
  }

  private where(filter: CaseListFilter): Prisma.CaseWhereInput {
    return {
      ...(filter.agencyId ? { agencyId: filter.agencyId } : {}),
      ...(filter.siteId ? { siteId: filter.siteId } : {}),
      AND: [
        ...(filter.status ? [{ status: filter.status }] : []),
        ...(filter.overdueOn ? [{ status: { in: OPEN_STATUSES } }, pastDeadline(filter.overdueOn)] : []),
        ...(filter.notOverdueOn ? [{ OR: [{ status: { notIn: OPEN_STATUSES } }, withinDeadlines(filter.notOverdueOn)] }] : []),
      ],
    };
  }

  /** A page of cases, the nearest deadline first (the notice's, else the legal one). */
  async list(filter: CaseListFilter, skip: number, take: number): Promise<{ rows: CaseRow[]; total: number }> {
    const where = this.where(filter);
    const [rows, total] = await this.db.$transaction([
      this.db.case.findMany({ where, include: withNames, orderBy: [{ noticeDeadline: { sort: 'asc', nulls: 'last' } }, { legalDeadline: { sort: 'asc', nulls: 'last' } }, { number: 'asc' }], skip, take }),
      this.db.case.count({ where }),
    ]);
    return { rows, total };
  }

  /** The cases with these ids, in the order given (a report's drill-down chose and ordered them). */
  async byIds(ids: string[]): Promise<CaseRow[]> {
    return inGivenOrder(ids, await this.db.case.findMany({ where: { id: { in: ids } }, include: withNames }));
  }

  byId(id: string): Promise<CaseWithEvents | null> {
    return this.db.case.findUnique({ where: { id }, include: withTimeline });
  }

  /**
   * Attaches a stored file to a case with its timeline event, under the case's row lock and the file's lock
   * (`ensureStored` puts the bytes back if a sweep removed them meanwhile); false when the case is gone.
   */
  addDocument(caseId: string, doc: { id: string; sha256: string; size: number; contentType: string; fileName: string }, actorId: string, at: Date, max: number, ensureStored: () => Promise<void>): Promise<'added' | 'unknown' | 'full'> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
      const row = await tx.case.findUnique({ where: { id: caseId }, select: { status: true, _count: { select: { documents: true } } } });
      if (!row) return 'unknown';
      if (row._count.documents >= max) return 'full';
      await lockBlob(tx, doc.sha256);
      await ensureStored();
      await tx.caseDocument.create({ data: { ...doc, caseId, uploadedAt: at, uploadedById: actorId } });
      await tx.caseEvent.create({ data: { caseId, at, actorId, kind: 'document', data: { status: row.status, fileName: doc.fileName } } });
      await tx.case.update({ where: { id: caseId }, data: { updatedAt: at } });
      return 'added';
    });
  }

  audit(draft: AuditDraft): Promise<void> {
    return this.db.$transaction((tx) => recordIn(tx, draft));
  }

  activeAgencies(): Promise<{ id: string; name: string }[]> {
    return this.db.agency.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  }

  activeSites(): Promise<{ id: string; name: string }[]> {
    return this.db.site.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: [{ kind: 'asc' }, { name: 'asc' }] });
  }

  async agencyActive(id: string): Promise<boolean> {
    return (await this.db.agency.count({ where: { id, active: true } })) > 0;
  }

  /**
   * One step: the row locked, `decide` given the case as stored (it throws to refuse: nothing is written),
   * the new state and its event written together.
   */
  act(
    id: string,
    actorId: string | null,
    at: Date,
    decide: (row: CaseRow) => Promise<StepDecision>,
  ): Promise<{ row: CaseRow; unread: Record<string, number> } | null> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "Case" WHERE id = ${id}::uuid FOR UPDATE`;
      const row = await tx.case.findUnique({ where: { id }, include: withNames });
      if (!row) return null;
      const { next, legalDeadline, event, reopenReason, satisfactionComment, tellDeciders } = await decide(row);
      await tx.caseEvent.create({ data: { caseId: id, at, actorId, kind: event.kind, data: event.data as Prisma.InputJsonValue } });
      // Told in the same transaction as the step: a request is never recorded without its notification.
      const unread = tellDeciders
        ? await tellOfficeDeciders(tx, at, { kind: tellDeciders, params: { title: `${row.number}: ${row.summary}`.slice(0, 200), startsAt: at.toISOString(), reason: reopenReason ?? '' }, caseId: id, caseNumber: row.number }, this.compose)
        : {};
      const updated = await tx.case.update({
        where: { id },
        data: {
          status: next.status,
          agencyId: next.agencyId,
          acceptedDay: date(next.acceptedDay),
          pausedSince: date(next.pausedSince),
          pausedDays: next.pausedDays,
          extensionDays: next.extensionDays,
          extensionAsked: next.extensionAsked,
          result: next.result,
          resolvedDay: date(next.resolvedDay),
          informedDay: date(next.informedDay),
          legalDeadline: date(legalDeadline),
          noticeDeadline: date(next.noticeDeadline),
          // The request's moment and reason while it waits; the citizen's word with its moment.
          ...(next.reopenAsked ? (row.reopenAskedAt ? {} : { reopenAskedAt: at, reopenReason: reopenReason ?? null }) : { reopenAskedAt: null, reopenReason: null }),
          ...(next.satisfaction === null
            ? { satisfaction: null, satisfactionComment: null, satisfiedAt: null }
            : row.satisfaction === null
              ? { satisfaction: next.satisfaction, satisfactionComment: satisfactionComment ?? null, satisfiedAt: at }
              : {}),
          updatedAt: at,
        },
        include: withNames,
      });
      return { row: updated, unread };
    });
  }
}
