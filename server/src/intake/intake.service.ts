// Citizen intake: a visit recorded once, at a session's bridge point or the office's regular reception,
// by someone who works at that site. The citizen is found again by their CCCD (or name and address), and a
// visit about the same field within a year of an earlier one is linked to it and flagged as returning
// ("đã tiếp trước đây", counted as tái diễn). What a viewer sees of the citizen is access/intake-sight.ts's;
// every full read of a record taken at another site goes to the audit log.
import { randomBytes, randomUUID } from 'node:crypto';
import { ATTACHMENTS_PER_INTAKE, checkVietnamesePhone, msg, type AttachmentView, type CitizenHistory, type CommandResult, type HandlingFields, type ReplyFields, type LiveCommand, type HistoryLookup, type IntakeFields, type IntakePlaces, type IntakeView } from '../../../protocol/index.ts';
import type { Caller, Person } from '../access/caller.ts';
import { fullReadFromElsewhere, intakeSight, type IntakeSight } from '../access/intake-sight.ts';
import { hasPermission } from '../access/permissions.ts';
import type { AuditDraft } from '../audit/audit.repository.ts';
import { AppError } from '../errors/app-error.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import type { BlobReferencesRepository } from '../storage/blob-references.repository.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { dateOfDay, dayOfDate, vietnamDay } from '../calendar/vietnam-clock.ts';
import type { Issuer } from '../documents/decree-parts.ts';
import type { DocumentFormat, RenderedFile } from '../documents/render.ts';
import { checkUpload, type CheckedUpload, type Upload } from './attachment-check.ts';
import { exportSlip, lookupUrl, type SlipKind } from './slips/index.ts';
import { citizenView, lookupKeyOf } from './citizen-view.ts';
import type { IntakeRepository, IntakeRow, VisitRow } from './intake.repository.ts';

/** A visit about the same field within this many days of an earlier one returns to it. */
export const RETURNING_DAYS = 365;

/** 16 characters of Crockford's base32 (80 random bits), grouped: TD-7K3M-Q9XA-2BHE-P4RW. */
export function newTrackingCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `TD-${out.match(/.{4}/g)!.join('-')}`;
}

/** How an intake joins a session's speaker queue: the live session's own intent, as the person sends it. */
export type QueueRegistrar = (caller: Person, sessionId: string, command: LiveCommand) => Promise<CommandResult>;

export interface IntakeServiceOptions {
  now?: () => Date;
  register?: QueueRegistrar;
  /** Where the scans are kept, and which of them rows still refer to. */
  files: { store: BlobStore; references: BlobReferencesRepository };
  /** The body the slips are issued in the name of (the Decree 30 header). */
  issuer: Issuer;
}

/** Which handling each slip prints for: the receipt for any visit. */
const SLIP_NEEDS: Record<SlipKind, IntakeRow['handling'] | null> = { receipt: null, guidance: 'GUIDED', forwarding: 'FORWARDED' };

/** A scan as it leaves the hub: its bytes, the sniffed type it was stored with, and its name. */
export interface AttachmentFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export class IntakeService {
  private readonly now: () => Date;
  private readonly register?: QueueRegistrar;
  private readonly files: IntakeServiceOptions['files'];
  private readonly issuer: Issuer;

  constructor(
    private readonly repo: IntakeRepository,
    options: IntakeServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.register = options.register;
    this.files = options.files;
    this.issuer = options.issuer;
  }

  /**
   * The receipt (with the tracking code and its QR code), the guidance slip or the forwarding slip of a
   * visit, for those who see the citizen in full: each prints the citizen's personal data. Printed is audited.
   */
  async slip(caller: Caller, id: string, query: { kind: SlipKind; format: DocumentFormat }, origin: string): Promise<RenderedFile> {
    const person = this.reader(caller);
    const row = await this.repo.byId(id);
    const sight = row ? intakeSight(person, row) : null;
    if (!row || !sight) throw new AppError('NOT_FOUND', msg('intake.notFound'));
    if (sight !== 'full') throw new AppError('FORBIDDEN', msg('intake.slipFullOnly'));
    const needs = SLIP_NEEDS[query.kind];
    if (needs && row.handling !== needs) throw new AppError('CONFLICT', msg(needs === 'GUIDED' ? 'intake.slipNeedsGuided' : 'intake.slipNeedsForwarded'));
    const citizen = citizenView(row.citizen, 'full');
    const file = await exportSlip(
      query.kind,
      query.format,
      {
        receivedAt: row.receivedAt.toISOString(),
        handledAt: row.handledAt?.toISOString() ?? null,
        siteName: row.site.name,
        citizen: { fullName: citizen.fullName, idNumber: citizen.idNumber, birthYear: citizen.birthYear, address: citizen.address, phone: citizen.phone },
        petitionType: row.petitionType,
        fieldName: row.fieldOption.nameVi,
        content: row.content,
        confidential: row.confidential,
        delegationSize: row.delegationSize,
        representatives: row.representatives,
        attachments: row.attachments.map((a) => a.fileName),
        handledBy: row.handledBy,
        officer: row.receivedBy.fullName,
        trackingCode: row.trackingCode,
        lookupUrl: lookupUrl(origin, row.trackingCode),
      },
      this.issuer,
    );
    await this.repo.audit({ actorId: person.accountId, action: 'intake.print', subject: 'intake', subjectId: row.id, subjectLabel: `Lượt tiếp ${row.trackingCode}`, after: { slip: query.kind, format: query.format } });
    return file;
  }

  /**
   * The citizen of an intake joins a session's speaker queue without a word typed again: the turn is made
   * from the intake and refers to it, and shows the chair whether the citizen came before.
   */
  async queue(caller: Caller, id: string, sessionId: string): Promise<{ entryId: string }> {
    const person = this.taker(caller);
    const row = await this.repo.byId(id);
    if (!row || row.siteId !== person.siteId) throw new AppError('NOT_FOUND', msg('intake.notFound'));
    if (!this.register) throw new AppError('UNAVAILABLE', msg('intake.noLiveSession'));
    const result = await this.register(person, sessionId, {
      type: 'entry.register',
      entry: {
        siteId: row.siteId,
        citizenName: row.citizen.fullName,
        // The queue knows the four kinds of the law: a petition of several kinds is registered as a recommendation.
        petitionType: row.petitionType === 'MIXED' ? 'RECOMMENDATION' : row.petitionType,
        field: row.field,
        subject: row.content.length > 200 ? `${row.content.slice(0, 199)}…` : row.content,
        delegationSize: row.delegationSize,
        representative: row.representatives[0] ?? null,
        confidential: row.confidential,
        intakeId: row.id,
      },
    });
    if (!result.ok) throw new AppError(result.error.code, result.error.key ? { key: result.error.key, params: result.error.params } : result.error.message);
    return { entryId: result.entryId! };
  }

  /**
   * Records a visit with its scans. The scans are checked by their bytes first; their files are written
   * before the row commits, and removed again if it does not (a crash in between leaves them to the orphan
   * sweep): a refused intake leaves no row and no file.
   */
  async create(caller: Caller, fields: IntakeFields, uploads: Upload[] = []): Promise<IntakeView> {
    const person = this.taker(caller);
    const scans = await this.checkScans(uploads);
    if (fields.siteId !== person.siteId) throw new AppError('FORBIDDEN', msg('intake.ownSiteOnly'));
    if (fields.sessionId) await this.checkSession(fields.sessionId, fields.siteId);
    if (!(await this.repo.fieldOffered(fields.field))) {
      const problem = msg('live.fieldUnknown', { field: fields.field });
      throw new AppError('BAD_REQUEST', problem, { details: { field: problem } });
    }
    const at = this.now();
    const citizen = {
      fullName: fields.fullName,
      idNumber: fields.idNumber,
      birthYear: fields.birthYear,
      province: fields.province,
      ward: fields.ward,
      street: fields.street,
      phone: fields.phone ? (checkVietnamesePhone(fields.phone) as { ok: true; e164: string }).e164 : null,
      lookupKey: lookupKeyOf(fields),
    };
    const visit = {
      siteId: fields.siteId,
      sessionId: fields.sessionId,
      receivedAt: at,
      receivedById: person.accountId,
      content: fields.content,
      petitionType: fields.petitionType,
      field: fields.field,
      competent: fields.competent,
      admissible: fields.admissible,
      handledBefore: fields.handledBefore,
      delegationSize: fields.delegationSize,
      representatives: fields.representatives,
      // A denunciation is confidential from its first line: the denouncer is protected by default.
      confidential: fields.petitionType === 'DENUNCIATION',
      trackingCode: newTrackingCode(),
    };
    const id = randomUUID();
    const audit = (citizenId: string): AuditDraft => ({ actorId: person.accountId, action: 'intake.create', subject: 'intake', subjectId: id, subjectLabel: `Lượt tiếp ${visit.trackingCode}`, after: { citizen: citizenId, site: fields.siteId, field: fields.field } });
    const since = new Date(at.getTime() - RETURNING_DAYS * 86_400_000);
    const keys = await Promise.all(scans.map((scan) => this.files.store.put(scan.bytes)));
    const attachments = scans.map((scan, i) => ({ id: randomUUID(), sha256: keys[i]!, size: scan.bytes.length, contentType: scan.contentType, fileName: scan.fileName }));
    const bytesOf = new Map(scans.map((scan, i) => [keys[i]!, scan.bytes]));
    const ensureStored = async (key: string) => {
      if (!(await this.files.store.has(key))) await this.files.store.put(bytesOf.get(key)!);
    };
    const save = () => this.repo.create(id, randomUUID(), citizen, visit, since, audit, attachments, ensureStored);
    let row: IntakeRow;
    try {
      try {
        row = await save();
      } catch (e) {
        // Two first visits of one CCCD at the same moment: the second finds the citizen the first created.
        if (!isUniqueViolation(e)) throw e;
        row = await save();
      }
    } catch (e) {
      await this.discard(keys);
      throw e;
    }
    return this.view(person, row, 'full');
  }

  /**
   * A scan of a visit, for someone who sees the visit in full; every download is in the audit log, whoever
   * makes it. Masked readers (observers, the administrator) see that scans exist, never what they show.
   */
  async attachment(caller: Caller, id: string, attachmentId: string): Promise<AttachmentFile> {
    const person = this.reader(caller);
    const row = await this.repo.byId(id);
    const sight = row ? intakeSight(person, row) : null;
    const attachment = row?.attachments.find((a) => a.id === attachmentId);
    if (!row || !sight || !attachment) throw new AppError('NOT_FOUND', msg('intake.attachmentNotFound'));
    if (sight !== 'full') throw new AppError('FORBIDDEN', msg('intake.attachmentMasked'));
    const bytes = await this.files.store.get(attachment.sha256);
    if (!bytes) throw new AppError('NOT_FOUND', msg('intake.attachmentNotFound'));
    await this.repo.audit({
      actorId: person.accountId,
      action: 'intake.download',
      subject: 'intake',
      subjectId: row.id,
      subjectLabel: `Lượt tiếp ${row.trackingCode}`,
      after: { attachment: attachment.id, fileName: attachment.fileName, site: row.siteId },
    });
    return { bytes, contentType: attachment.contentType, fileName: attachment.fileName };
  }

  private async checkScans(uploads: Upload[]): Promise<CheckedUpload[]> {
    if (uploads.length > ATTACHMENTS_PER_INTAKE) {
      const problem = msg('intake.fileTooMany', { max: ATTACHMENTS_PER_INTAKE });
      throw new AppError('BAD_REQUEST', problem, { details: { attachments: problem } });
    }
    const checked = await Promise.all(uploads.map(checkUpload));
    const problems = checked.flatMap((c, i) => (c.ok ? [] : [[`attachments.${i}`, c.problem] as const]));
    if (problems.length > 0) throw new AppError('BAD_REQUEST', problems[0]![1], { details: Object.fromEntries(problems) });
    return checked.map((c) => (c as { ok: true; file: CheckedUpload }).file);
  }

  /** After a failed save: the files it wrote go, unless another visit refers to the same bytes. */
  private async discard(keys: string[]): Promise<void> {
    for (const key of new Set(keys)) {
      await this.files.references.removeIfUnreferenced(key, () => this.files.store.remove(key)).catch(() => {
        // The sweep removes it later; the request's own error is the one the person must see.
      });
    }
  }

  /**
   * How the visit is handled, decided at the site that took it (or by the host office's chair's circle): a
   * matter within the office's competence is accepted; one outside it is guided or forwarded to the body
   * named. Decided again, the later decision stands, and both are in the audit log.
   */
  async handle(caller: Caller, id: string, req: HandlingFields): Promise<IntakeView> {
    const { person, row } = await this.decidable(caller, id);
    if (req.handling === 'ACCEPTED' && !row.competent) throw new AppError('BAD_REQUEST', msg('intake.acceptNotCompetent'), { details: { handling: msg('intake.acceptNotCompetent') } });
    const handledBy = req.handling === 'ACCEPTED' ? null : req.handledBy;
    const audit: AuditDraft = {
      actorId: person.accountId,
      action: 'intake.handle',
      subject: 'intake',
      subjectId: row.id,
      subjectLabel: `Lượt tiếp ${row.trackingCode}`,
      before: { handling: row.handling, handledBy: row.handledBy },
      after: { handling: req.handling, handledBy },
    };
    return this.view(person, await this.repo.handle(row.id, { handling: req.handling, handledBy, handledAt: this.now() }, audit), 'full');
  }

  /**
   * The written reply of the body a visit was guided or forwarded to, recorded by those who decide its
   * handling. Recorded again, the later one stands; both are in the audit log.
   */
  async recordReply(caller: Caller, id: string, req: ReplyFields): Promise<IntakeView> {
    const { person, row } = await this.decidable(caller, id);
    if (row.handling !== 'GUIDED' && row.handling !== 'FORWARDED') throw new AppError('CONFLICT', msg('intake.replyNotSent'));
    if (req.day > vietnamDay(this.now())) throw new AppError('BAD_REQUEST', msg('intake.replyFuture'), { details: { day: msg('intake.replyFuture') } });
    const audit: AuditDraft = {
      actorId: person.accountId,
      action: 'intake.reply',
      subject: 'intake',
      subjectId: row.id,
      subjectLabel: `Lượt tiếp ${row.trackingCode}`,
      before: { replyReceivedOn: row.replyReceivedOn ? dayOfDate(row.replyReceivedOn) : null },
      after: { replyReceivedOn: req.day, from: row.handledBy },
    };
    return this.view(person, await this.repo.reply(row.id, { replyReceivedOn: dateOfDay(req.day), replyNote: req.note }, audit), 'full');
  }

  /** A visit whose handling this person decides: at the site that took it, or the host office's circle. */
  private async decidable(caller: Caller, id: string): Promise<{ person: Person; row: IntakeRow }> {
    const person = this.taker(caller);
    const row = await this.repo.byId(id);
    const sight = row ? intakeSight(person, row) : null;
    if (!row || sight !== 'full' || (row.siteId !== person.siteId && person.siteKind !== 'HOST_OFFICE')) throw new AppError('NOT_FOUND', msg('intake.notFound'));
    return { person, row };
  }

  /** The wards and districts the intake form offers for an address (the citizen may live elsewhere: typed then). */
  async places(caller: Caller): Promise<IntakePlaces> {
    this.taker(caller);
    return this.repo.places();
  }

  /** One visit as this person may see it; a full read of another site's record is audited. */
  async get(caller: Caller, id: string): Promise<IntakeView> {
    const person = this.reader(caller);
    const row = await this.repo.byId(id);
    const sight = row ? intakeSight(person, row) : null;
    if (!row || !sight) throw new AppError('NOT_FOUND', msg('intake.notFound'));
    if (fullReadFromElsewhere(person, row, sight)) {
      await this.repo.audit({ actorId: person.accountId, action: 'intake.read', subject: 'intake', subjectId: row.id, subjectLabel: `Lượt tiếp ${row.trackingCode}`, after: { site: row.siteId } });
    }
    return this.view(person, row, sight);
  }

  /**
   * What the hub knows of a citizen as their CCCD (or name and address) is typed at an intake: their earlier
   * visits this person may see. The one typing has the card in hand: the citizen is shown to them as the
   * strongest of their sights of those visits allows.
   */
  async history(caller: Caller, query: HistoryLookup): Promise<CitizenHistory> {
    const person = this.taker(caller);
    const citizens = await this.repo.findCitizens('idNumber' in query ? { idNumber: query.idNumber } : { lookupKey: lookupKeyOf(query) });
    if (citizens.length === 0) return { known: false, citizen: null, visits: [] };
    const visits = (await this.repo.visitsOf(citizens.map((c) => c.id)))
      .map((row) => ({ row, sight: intakeSight(person, row) ?? this.otherSiteSight(row) }))
      .filter((v): v is { row: VisitRow; sight: IntakeSight } => v.sight !== null);
    const ownSight: IntakeSight = visits.some((v) => v.sight === 'full') || 'idNumber' in query ? 'full' : 'masked';
    return {
      known: true,
      citizen: citizenView(citizens[0]!, ownSight),
      visits: visits.map(({ row, sight }) => ({
        id: row.id,
        receivedAt: row.receivedAt.toISOString(),
        siteName: row.site.name,
        petitionType: row.petitionType,
        field: row.field,
        handling: row.handling,
        content: sight === 'full' ? row.content : null,
        case: sight === 'full' && row.case ? { number: row.case.number, status: row.case.status, agency: row.case.agency.name, deadline: row.case.noticeDeadline ? dayOfDate(row.case.noticeDeadline) : null } : null,
      })),
    };
  }

  /**
   * At an intake, an earlier visit at another site is shown by its date, kind and outcome (that it exists is
   * what tells the officer the matter is returning), never its content; a denunciation elsewhere not at all.
   */
  private otherSiteSight(row: VisitRow): IntakeSight | null {
    return row.confidential ? null : 'masked';
  }

  private view(person: Person, row: IntakeRow, sight: IntakeSight): IntakeView {
    const full = sight === 'full';
    return {
      id: row.id,
      receivedAt: row.receivedAt.toISOString(),
      site: { id: row.site.id, code: row.site.code, name: row.site.name },
      sessionId: row.sessionId,
      citizen: citizenView(row.citizen, sight),
      content: sight === 'withheld' ? null : row.content,
      petitionType: row.petitionType,
      field: row.field,
      competent: row.competent,
      handledBefore: row.handledBefore,
      delegationSize: row.delegationSize,
      representatives: full ? row.representatives : [],
      attachments: full ? row.attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType as AttachmentView['contentType'], size: a.size })) : [],
      attachmentCount: row.attachments.length,
      confidential: row.confidential,
      handling: row.handling,
      handledBy: row.handledBy,
      trackingCode: full ? row.trackingCode : null,
      returningOf: row.returningOf ? { id: row.returningOf.id, receivedAt: row.returningOf.receivedAt.toISOString(), field: row.returningOf.field, handling: row.returningOf.handling } : null,
    };
  }

  private async checkSession(sessionId: string, siteId: string): Promise<void> {
    const s = await this.repo.session(sessionId);
    if (!s || s.cancelledAt) throw new AppError('NOT_FOUND', msg('session.notFound'));
    if (s.status === 'CLOSED') throw new AppError('CONFLICT', msg('live.closedNoRegistration'));
    if (siteId !== s.hostSiteId && !s.sites.some((x) => x.siteId === siteId)) throw new AppError('BAD_REQUEST', msg('live.siteNotInSession'));
  }

  private taker(caller: Caller): Person {
    if (caller.kind !== 'person' || !hasPermission(caller, 'intake.take')) throw new AppError('FORBIDDEN', msg('intake.only'));
    return caller;
  }

  private reader(caller: Caller): Person {
    if (caller.kind !== 'person' || !hasPermission(caller, 'intake.read')) throw new AppError('FORBIDDEN', msg('intake.readOnly'));
    return caller;
  }
}
