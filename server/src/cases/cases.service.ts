// Cases followed to the citizen's answer. The approved conclusion notice makes each matter it assigned a
// case (and an amended notice updates them); the agency it is with works it through the workflow of
// case-rules.ts; the host office decides extensions, transfers and reopenings and sees the whole city.
// What each person sees of the citizen is access/case-sight.ts's decision.
import { CASE_PAGE_SIZE, msg, type CaseActionFields, type CaseFilter, type CaseListPage, type CaseView, type LookupReply, type PendingIntakeView, type CaseFromIntakeFields } from '../../../protocol/index.ts';
import type { Caller, Person } from '../access/caller.ts';
import { caseScope, caseSight, opensCaseDocument } from '../access/case-sight.ts';
import { hasPermission } from '../access/permissions.ts';
import type { HolidayLookup } from '../calendar/working-days.ts';
import { AppError } from '../errors/app-error.ts';
import { randomUUID } from 'node:crypto';
import { checkUpload, type Upload } from '../intake/attachment-check.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { BlobReferencesRepository } from '../storage/blob-references.repository.ts';
import type { EventBus } from '../events/event-bus.ts';
import { newTrackingCode } from '../intake/intake.service.ts';
import { initials, WITHHELD_CITIZEN } from '../intake/citizen-view.ts';
import { dayOfDate, vietnamDay } from '../calendar/vietnam-clock.ts';
import { isOverdue, legalDeadline } from './case-clock.ts';
import { decide, LEGAL_LIMIT_DAYS, type CaseAction, type CaseActor, type CaseState } from './case-rules.ts';
import { stateOf, type CaseRow, type CasesRepository, type CaseWithEvents, type NoticeItem } from './cases.repository.ts';

/** The legal deadline of a case in this state on `today`; none before the agency accepted it. */
function legalDeadlineOf(state: CaseState, limitDays: number, today: string, holiday: HolidayLookup): string | null {
  if (!state.acceptedDay) return null;
  return legalDeadline({ acceptedDay: state.acceptedDay, limitDays, extensionDays: state.extensionDays, pausedDays: state.pausedDays, pausedSince: state.pausedSince }, today, holiday);
}

/** At most this many documents on one case. */
export const CASE_DOCUMENTS_MAX = 20;

/**
 * The citizen's own words (a comment, a reason to reopen) reach only those who see the citizen in full; a
 * document's file name (which may be a citizen's name) only those who open every document of the case.
 */
function eventData(kind: string, data: Record<string, unknown>, sight: string, opensEveryDocument: boolean): Record<string, unknown> {
  if (kind === 'document' && !opensEveryDocument) {
    const { fileName: _fileName, ...rest } = data;
    return rest;
  }
  if (sight === 'full' || (kind !== 'rate' && kind !== 'askReopen')) return data;
  const { comment: _comment, reason: _reason, ...rest } = data;
  return rest;
}

/** How far back a restart looks for approved notices whose cases may not have been made. */
const CATCH_UP_DAYS = 60;

export class CasesService {
  constructor(
    private readonly repo: CasesRepository,
    private readonly holidays: () => Promise<HolidayLookup>,
    private readonly now: () => Date = () => new Date(),
    private readonly log: (m: string) => void = () => {},
    private readonly events?: EventBus,
    /** Where a case's documents are kept (the same store as the intakes' scans). */
    private readonly files?: { store: BlobStore; references: BlobReferencesRepository },
  ) {}

  /** Subscribes to approvals, and makes the cases of notices approved while this process was not running. */
  async follow(events: EventBus): Promise<void> {
    events.on('minutes.approved', async ({ sessionId }) => void (await this.fromNotice(sessionId)));
    for (const sessionId of await this.repo.approvedSince(new Date(this.now().getTime() - CATCH_UP_DAYS * 86_400_000))) await this.fromNotice(sessionId);
  }

  /** Every matter the session's latest approved notice assigned, as a case (idempotent). */
  async fromNotice(sessionId: string): Promise<{ created: number; updated: number }> {
    const notice = await this.repo.latestNotice(sessionId);
    if (!notice) return { created: 0, updated: 0 };
    const items: NoticeItem[] = notice.content.entries
      .filter((e) => e.fields.conclusionType === 'ASSIGNED' && e.fields.agencyId)
      .map((e) => ({
        registrationId: e.facts.entryId,
        agencyId: e.fields.agencyId!,
        deadline: e.fields.deadline,
        summary: e.facts.subject ?? e.text.conclusion.slice(0, 500),
        kind: e.fields.petitionType ?? e.facts.petitionType,
        field: e.fields.field ?? e.facts.field,
      }));
    const saved = await this.repo.saveFromNotice(sessionId, notice.version, items, this.now(), (kind) => LEGAL_LIMIT_DAYS[kind], newTrackingCode);
    if (saved.created + saved.updated > 0) this.log(`cases: ${saved.created} new, ${saved.updated} updated from the notice of session ${sessionId}`);
    return saved;
  }

  /** The regular reception's accepted intakes waiting for the host office to assign them an agency. */
  async pendingIntakes(caller: Caller): Promise<PendingIntakeView[]> {
    this.decider(caller);
    return (await this.repo.pendingIntakes(200)).map((i) => ({
      id: i.id,
      receivedAt: i.receivedAt.toISOString(),
      site: i.site,
      // The deciders are the chair's circle: they see every citizen, a denouncer included.
      citizen: { fullName: i.citizenName, shown: 'full' },
      kind: i.kind,
      field: i.field,
      summary: i.content.slice(0, 500),
    }));
  }

  /** Opens the case of an intake accepted at a regular reception, with the agency (and deadline) the office gives it. */
  async fromIntake(caller: Caller, request: CaseFromIntakeFields): Promise<CaseView> {
    const person = this.decider(caller);
    if (!(await this.repo.agencyActive(request.agencyId))) throw new AppError('BAD_REQUEST', msg('case.agencyUnknown'), { details: { agencyId: msg('case.agencyUnknown') } });
    const made = await this.repo.fromIntake(request.intakeId, { agencyId: request.agencyId, deadline: request.deadline }, person.accountId, this.now(), (kind) => LEGAL_LIMIT_DAYS[kind]);
    if (made === 'unknown') throw new AppError('NOT_FOUND', msg('intake.notFound'));
    if (made === 'notAccepted') throw new AppError('CONFLICT', msg('case.intakeNotAccepted'));
    if (made === 'fromSession') throw new AppError('CONFLICT', msg('case.intakeOfSession'));
    if (made === 'followed') throw new AppError('CONFLICT', msg('case.intakeFollowed'));
    return this.get(caller, made.id);
  }

  async list(caller: Caller, filter: CaseFilter): Promise<CaseListPage> {
    const person = this.reader(caller);
    const scope = caseScope(person)!;
    const today = vietnamDay(this.now());
    const { rows, total } = await this.repo.list(
      {
        ...filter,
        ...scope,
        ...(filter.overdue === true ? { overdueOn: today } : filter.overdue === false ? { notOverdueOn: today } : {}),
      },
      (filter.page - 1) * CASE_PAGE_SIZE,
      CASE_PAGE_SIZE,
    );
    const holiday = await this.holidays();
    return { cases: rows.map((r) => this.view(person, r, holiday)), agencies: await this.repo.activeAgencies(), sites: scope.agencyId || scope.siteId ? [] : await this.repo.activeSites(), total, page: filter.page, pageSize: CASE_PAGE_SIZE };
  }

  /** Cases a report's figure counts, each as this person sees it; one they may not see is left out. */
  async views(caller: Caller, ids: string[]): Promise<CaseView[]> {
    const person = this.reader(caller);
    const rows = (await this.repo.byIds(ids)).filter((r) => caseSight(person, r));
    const holiday = await this.holidays();
    return rows.map((r) => this.view(person, r, holiday));
  }

  async get(caller: Caller, id: string): Promise<CaseView> {
    const person = this.reader(caller);
    const row = await this.repo.byId(id);
    if (!row || !caseSight(person, row)) throw new AppError('NOT_FOUND', msg('case.notFound'));
    return this.view(person, row, await this.holidays());
  }

  /** One step of the workflow, by the agency the case is with or by the host office's circle. */
  async act(caller: Caller, id: string, request: CaseActionFields): Promise<CaseView> {
    const person = this.reader(caller);
    const actor: CaseActor | null =
      person.role === 'AGENCY_REP' && person.agencyId ? { kind: 'agency', agencyId: person.agencyId } : hasPermission(person, 'case.decide') && person.siteKind === 'HOST_OFFICE' ? { kind: 'host' } : null;
    const action: CaseAction = request.type === 'resolve' ? { type: 'resolve', result: request.result, answer: request.answer, hasDocument: request.document !== null } : request;
    const at = this.now();
    const today = vietnamDay(at);
    const holiday = await this.holidays();
    // Every check on the row as locked: whether the person sees it, may act, and what the workflow says.
    const acted = await this.repo.act(id, person.accountId, at, async (stored) => {
      if (!caseSight(person, stored)) throw new AppError('NOT_FOUND', msg('case.notFound'));
      if (!actor) throw new AppError('FORBIDDEN', msg('case.agencyActs'));
      if (request.type === 'transfer' && !(await this.repo.agencyActive(request.toAgencyId))) throw new AppError('BAD_REQUEST', msg('case.agencyUnknown'), { details: { toAgencyId: msg('case.agencyUnknown') } });
      const decision = decide(stateOf(stored), actor, action, today, holiday);
      if (!decision.ok) throw new AppError('CONFLICT', decision.refusal);
      const next = decision.next;
      const deadline = legalDeadlineOf(next, stored.legalLimitDays, today, holiday);
      const data = request.type === 'resolve' ? { ...decision.event.data, document: request.document } : decision.event.data;
      // The host office sees every transfer an agency makes, at once.
      const told = request.type === 'transfer' && actor.kind === 'agency' ? { tellDeciders: 'CASE_TRANSFERRED' as const, reopenReason: request.reason } : {};
      return { next, legalDeadline: deadline, event: { ...decision.event, data }, ...told };
    });
    if (!acted) throw new AppError('NOT_FOUND', msg('case.notFound'));
    if (Object.keys(acted.unread).length > 0) await this.events?.publish('notifications.changed', { unread: acted.unread });
    // An agency that sent the case on no longer reads it: it gets the case as it left it.
    if (!caseSight(person, acted.row)) return this.view(person, acted.row, holiday);
    return this.get(caller, id);
  }

  /**
   * The citizen's word from the public page, once the lookup has checked their pair: how satisfied they
   * are with the answer, or a request to reopen, which the host office's deciders are told of at once.
   */
  async citizenReplies(caseId: string, reply: LookupReply): Promise<void> {
    const at = this.now();
    const today = vietnamDay(at);
    const holiday = await this.holidays();
    const action: CaseAction = reply.type === 'rate' ? { type: 'rate', satisfaction: reply.satisfaction, comment: reply.comment } : { type: 'askReopen', reason: reply.reason };
    const told = await this.repo.act(
      caseId,
      null,
      at,
      async (stored) => {
        const decision = decide(stateOf(stored), { kind: 'citizen' }, action, today, holiday);
        if (!decision.ok) throw new AppError('CONFLICT', decision.refusal);
        const deadline = legalDeadlineOf(decision.next, stored.legalLimitDays, today, holiday);
        return {
          next: decision.next,
          legalDeadline: deadline,
          event: decision.event,
          ...(reply.type === 'askReopen' ? { reopenReason: reply.reason, tellDeciders: 'CASE_REOPEN_ASKED' as const } : { satisfactionComment: reply.comment }),
        };
      },
    );
    if (!told) throw new AppError('NOT_FOUND', msg('lookup.noCase'));
    if (Object.keys(told.unread).length > 0) await this.events?.publish('notifications.changed', { unread: told.unread });
  }

  /**
   * Attaches a document (an answer, a decision, a verification's minutes) to a case: by the agency it is
   * with, or by the office's deciders. Taken for what its bytes are, like an intake's scans.
   */
  async addDocument(caller: Caller, id: string, upload: Upload | null): Promise<CaseView> {
    const person = this.reader(caller);
    const row = await this.repo.byId(id);
    if (!row || !caseSight(person, row)) throw new AppError('NOT_FOUND', msg('case.notFound'));
    const ownAgency = person.role === 'AGENCY_REP' && person.agencyId === row.agencyId;
    const decides = hasPermission(person, 'case.decide') && person.siteKind === 'HOST_OFFICE';
    if (!ownAgency && !decides) throw new AppError('FORBIDDEN', msg('case.agencyActs'));
    if (!upload) throw new AppError('BAD_REQUEST', msg('case.documentMissing'), { details: { file: msg('case.documentMissing') } });
    const checked = await checkUpload(upload);
    if (!checked.ok) throw new AppError('BAD_REQUEST', checked.problem, { details: { file: checked.problem } });
    const files = this.filesOrFail();
    const key = await files.store.put(checked.file.bytes);
    const doc = { id: randomUUID(), sha256: key, size: checked.file.bytes.length, contentType: checked.file.contentType, fileName: checked.file.fileName };
    let added: Awaited<ReturnType<CasesRepository['addDocument']>>;
    try {
      added = await this.repo.addDocument(id, doc, person.accountId, this.now(), CASE_DOCUMENTS_MAX, async () => {
        if (!(await files.store.has(key))) await files.store.put(checked.file.bytes);
      });
    } catch (e) {
      await files.references.removeIfUnreferenced(key, () => files.store.remove(key)).catch(() => {});
      throw e;
    }
    if (added !== 'added') {
      await files.references.removeIfUnreferenced(key, () => files.store.remove(key)).catch(() => {});
      if (added === 'unknown') throw new AppError('NOT_FOUND', msg('case.notFound'));
      throw new AppError('CONFLICT', msg('case.documentsFull', { max: CASE_DOCUMENTS_MAX }));
    }
    return this.get(caller, id);
  }

  /** A case's document, for the agency it is with and those who see the citizen in full; every download is audited. */
  async document(caller: Caller, id: string, documentId: string): Promise<{ bytes: Buffer; contentType: string; fileName: string }> {
    const person = this.reader(caller);
    const row = await this.repo.byId(id);
    const sight = row ? caseSight(person, row) : null;
    const doc = row?.documents.find((d) => d.id === documentId);
    if (!row || !sight || !doc) throw new AppError('NOT_FOUND', msg('case.documentNotFound'));
    if (!opensCaseDocument(person, row, sight, doc.uploadedBy.agencyId)) throw new AppError('FORBIDDEN', msg('case.documentMasked'));
    const bytes = await this.filesOrFail().store.get(doc.sha256);
    if (!bytes) throw new AppError('NOT_FOUND', msg('case.documentNotFound'));
    await this.repo.audit({ actorId: person.accountId, action: 'case.download', subject: 'case', subjectId: row.id, subjectLabel: `Vụ việc ${row.number}`, after: { document: doc.id, fileName: doc.fileName } });
    return { bytes, contentType: doc.contentType, fileName: doc.fileName };
  }

  private filesOrFail(): { store: BlobStore; references: BlobReferencesRepository } {
    if (!this.files) throw new Error('CasesService was built without a file store');
    return this.files;
  }

  private view(person: Person, row: CaseRow | CaseWithEvents, holiday: HolidayLookup): CaseView {
    const sight = caseSight(person, row) ?? 'withheld';
    const now = this.now();
    const today = vietnamDay(now);
    const state = stateOf(row);
    const legal = legalDeadlineOf(state, row.legalLimitDays, today, holiday);
    const open = row.status === 'ASSIGNED' || row.status === 'IN_PROGRESS';
    const noticeDeadline = row.noticeDeadline ? dayOfDate(row.noticeDeadline) : null;
    // A document of unknown origin: opened only by those who open them all.
    const opensEveryDocument = opensCaseDocument(person, row, sight, null);
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      overdue: open && (isOverdue(noticeDeadline, now) || isOverdue(legal, now)),
      agency: row.agency,
      site: row.site,
      sessionId: row.sessionId,
      kind: row.kind,
      field: row.field,
      summary: sight === 'withheld' && person.role !== 'AGENCY_REP' ? null : row.summary,
      citizen: { fullName: sight === 'full' ? row.citizenName : sight === 'masked' ? initials(row.citizenName) : WITHHELD_CITIZEN, shown: sight },
      noticeDeadline,
      legalDeadline: legal,
      acceptedDay: state.acceptedDay,
      extensionAsked: row.extensionAsked,
      result: row.result,
      resolvedDay: state.resolvedDay,
      informedDay: state.informedDay,
      withGroup: row.withGroup,
      reopenAsked: row.reopenAskedAt ? { at: row.reopenAskedAt.toISOString(), reason: sight === 'full' ? row.reopenReason : null } : null,
      satisfaction: row.satisfaction && row.satisfiedAt ? { value: row.satisfaction, comment: sight === 'full' ? row.satisfactionComment : null, at: row.satisfiedAt.toISOString() } : null,
      ...('documents' in row
        ? {
            documentCount: row.documents.length,
            documents: row.documents
              .filter((d) => opensCaseDocument(person, row, sight, d.uploadedBy.agencyId))
              .map((d) => ({ id: d.id, fileName: d.fileName, contentType: d.contentType, size: d.size, uploadedAt: d.uploadedAt.toISOString(), uploadedBy: d.uploadedBy.fullName })),
          }
        : {}),
      ...('events' in row ? { events: row.events.map((e) => ({ at: e.at.toISOString(), actor: e.actor?.fullName ?? null, kind: e.kind, data: eventData(e.kind, e.data as Record<string, unknown>, sight, opensEveryDocument) })) } : {}),
    };
  }

  /** Someone who decides for the office: these roles at a host office. */
  private decider(caller: Caller): Person {
    const person = this.reader(caller);
    if (!hasPermission(person, 'case.decide') || person.siteKind !== 'HOST_OFFICE') throw new AppError('FORBIDDEN', msg('case.hostAssigns'));
    return person;
  }

  private reader(caller: Caller): Person {
    if (caller.kind !== 'person' || !hasPermission(caller, 'case.read')) throw new AppError('FORBIDDEN', msg('case.readOnly'));
    return caller;
  }
}
