// The live minutes (biên bản). Two kinds of content, kept apart on purpose:
// - what secretaries write (statements, answers, conclusions, opening and closing remarks) is a Yjs
//   document synchronised over our socket and stored in PostgreSQL; updates are Yjs binary updates and an
//   acknowledgement means the update is stored;
// - what the hub knows (the header, each turn's facts, the structured fields of each entry) is built by
//   the server from the live session and validated rows. It is never in the Yjs document, so the facts can
//   follow the live session without touching what secretaries wrote, and a confidential citizen's name
//   can be left out of what a viewer outside the chair's circle receives.
import { z } from 'zod';
import { schemaText as t } from './messages/index.ts';
import { PETITION_TYPES, type EntryStatus, type PetitionType } from './live.ts';
import { FieldCode, type Field } from './petition-fields.ts';
import type { SessionKind } from './sessions.ts';

/** Largest single update a client may send (a burst of typing is a few hundred bytes). */
export const MAX_MINUTES_UPDATE_BYTES = 256 * 1024;

const bytes = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, { message: t('v.minutesBytes') })
  .refine((v) => v.byteLength <= MAX_MINUTES_UPDATE_BYTES, { message: t('v.minutesTooLarge', { max: MAX_MINUTES_UPDATE_BYTES / 1024 }) });
const sessionId = z.string().uuid({ message: t('v.id') });

/**
 * The text is kept in two Yjs documents ("parts"). What a confidential citizen (a denouncer who asked for
 * protection) said is in the closed part, which only the chair's circle opens: the Law on Denunciation
 * (2018, art. 47) wants everything that could reveal them kept inside it, and one Yjs document cannot be
 * shown in part. Everything else, including the office's answers and conclusion on a confidential turn
 * (its own words, needed at the bridge points to follow the matter), is in the open part.
 */
export const MINUTES_PARTS = ['open', 'closed'] as const;
export type MinutesPart = (typeof MINUTES_PARTS)[number];
const part = z.enum(MINUTES_PARTS, { message: t('v.minutesPart') }).default('open');

/** socket.io hands binary over as an ArrayBuffer, a Uint8Array or a Node Buffer, depending on the path it took. */
export function toBytes(value: Uint8Array | ArrayBuffer): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}

export const MinutesSessionRequest = z.object({ sessionId });
export const MinutesOpenRequest = z.object({ sessionId, part });
export const MinutesUpdateRequest = z.object({ sessionId, part, update: bytes });

/** Roles that write the minutes; everyone else who can see the session reads them. */
export const MINUTES_EDITORS = ['SECRETARY', 'CHAIR', 'MODERATOR'] as const;

// ---------------------------------------------------------------------------------------------
// The text a secretary writes: one top-level Y.Text per field. Top-level types are merged by name, so two
// secretaries who start the same entry at once both keep their text (a nested type created twice
// concurrently would drop one of them).
export const ENTRY_TEXT_FIELDS = ['statement', 'answers', 'conclusion'] as const;
export type EntryTextField = (typeof ENTRY_TEXT_FIELDS)[number];
export const SESSION_TEXT_FIELDS = ['opening', 'closing'] as const;
export type SessionTextField = (typeof SESSION_TEXT_FIELDS)[number];

export const entryTextKey = (entryId: string, field: EntryTextField): string => `entry:${entryId}:${field}`;
export const sessionTextKey = (field: SessionTextField): string => `session:${field}`;

/** The part that holds a field of an entry: a confidential citizen's statement is closed. */
export const partOfField = (confidential: boolean, field: EntryTextField): MinutesPart =>
  confidential && field === 'statement' ? 'closed' : 'open';

// ---------------------------------------------------------------------------------------------
// Structured fields of an entry, validated by the server.
/** Answered on the spot, assigned to an agency with a deadline, guided to the competent authority, taken for study. */
export const CONCLUSION_TYPES = ['ANSWERED', 'ASSIGNED', 'GUIDED', 'STUDY'] as const;
export type ConclusionType = (typeof CONCLUSION_TYPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: t('v.deadlineFormat') });

/** Sets an entry's structured fields (all of them at once; null clears one). */
export const MinutesFieldsRequest = z.object({
  sessionId,
  entryId: z.string().uuid({ message: t('v.entryId') }),
  /** The petition type as the minutes classify it; null keeps the one given at registration. */
  petitionType: z.enum(PETITION_TYPES, { message: t('v.petitionTypeInvalid') }).nullable(),
  field: FieldCode('v.fieldInvalid').nullable(),
  conclusionType: z.enum(CONCLUSION_TYPES, { message: t('v.conclusionInvalid') }).nullable(),
  agencyId: z.string().uuid({ message: t('v.agencyInvalid') }).nullable(),
  /** Date (Vietnam time) by which the agency must resolve an assigned matter. */
  deadline: isoDate.nullable(),
});
export type MinutesFieldsRequest = z.infer<typeof MinutesFieldsRequest>;

/**
 * The conclusion the chair states as a turn ends (answered on the spot, assigned with agency and deadline,
 * guided, taken for study): written into the minutes' fields, leaving the secretary's classification alone.
 */
export const MinutesConclusionRequest = z.object({
  sessionId,
  entryId: z.string().uuid({ message: t('v.entryId') }),
  conclusionType: z.enum(CONCLUSION_TYPES, { message: t('v.conclusionInvalid') }),
  agencyId: z.string().uuid({ message: t('v.agencyInvalid') }).nullable(),
  deadline: isoDate.nullable(),
});
export type MinutesConclusionRequest = z.infer<typeof MinutesConclusionRequest>;

/** A calendar day "2026-05-20" as Vietnamese writing puts it, "20/05/2026" (no time zone: it is a day). */
export const calendarDayVi = (isoDate: string): string => isoDate.split('-').reverse().join('/');

export type FieldsProblem = 'needAgency' | 'needDeadline' | 'pastDeadline';

/**
 * The rules of an entry's fields that need no database, in the order the server lists them: an assignment
 * needs an agency and a deadline, and a deadline may not be before `today` (Hanoi's calendar day) unless
 * it is the one already stored (amended minutes keep the deadlines they were given). The server applies
 * them with its own checks (the agency takes part, the date exists); the page warns with them before a
 * round trip.
 */
export function fieldsProblems(
  fields: { conclusionType: string | null; agencyId: string | null; deadline: string | null },
  today: string,
  storedDeadline: string | null,
): FieldsProblem[] {
  const problems: FieldsProblem[] = [];
  if (fields.conclusionType === 'ASSIGNED') {
    if (!fields.agencyId) problems.push('needAgency');
    if (!fields.deadline) problems.push('needDeadline');
  }
  // ISO dates compare as text.
  if (fields.deadline && fields.deadline < today && fields.deadline !== storedDeadline) problems.push('pastDeadline');
  return problems;
}

export const MinutesApproveRequest = z.object({ sessionId });
export const MinutesAmendRequest = z.object({
  sessionId,
  reason: z.string().trim().min(5, { message: t('v.amendReason') }).max(500, { message: t('v.amendReasonLong') }),
});
export const MinutesVersionRequest = z.object({ sessionId, number: z.number().int().min(1) });

/** Query of GET /api/sessions/:id/minutes/export. */
export const MinutesExportQuery = z.object({
  doc: z.enum(['minutes', 'notice']).default('minutes'),
  format: z.enum(['docx', 'pdf']).default('docx'),
  /** "public" withholds the identity of confidential citizens; only the chair's circle gets "full". */
  copy: z.enum(['full', 'public']).default('full'),
  /** An approved version; absent: the current text (a draft until approved). */
  version: z.coerce.number().int().min(1).optional(),
});
export type MinutesExportQuery = z.infer<typeof MinutesExportQuery>;

// ---------------------------------------------------------------------------------------------
// What the server builds.
/** DRAFT while written; APPROVED locks it; AMENDING is a correction under way, approved as a new version. */
export const MINUTES_STATUSES = ['DRAFT', 'APPROVED', 'AMENDING'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export interface MinutesIssuer {
  /** Parent body, e.g. "UBND THÀNH PHỐ HÀ NỘI" (may be empty). */
  parent: string;
  /** Issuing body, e.g. "BAN TIẾP CÔNG DÂN THÀNH PHỐ". */
  name: string;
  /** Symbol of the issuing body in document numbers, e.g. "BTCD" in "05/TB-BTCD". */
  symbol: string;
  /** Place in the date line, e.g. "Hà Nội". */
  place: string;
}

export interface MinutesHeader {
  sessionId: string;
  title: string;
  kind: SessionKind;
  scheduledStart: string;
  startedAt: string | null;
  closedAt: string | null;
  hostSite: { code: string; name: string; address: string | null };
  /** Bridge points of the session, and whether they connected at some point. */
  sites: { code: string; name: string; tookPart: boolean }[];
  chair: { name: string };
  /** Secretaries of the host office (the first signs the minutes). */
  secretaries: { name: string }[];
  agencies: { id: string; code: string; name: string }[];
  /** The hub's petition fields and their Vietnamese names when the content was made (absent in versions
   * approved before fields became a list: their fields are among the statutory seven). */
  fields?: { code: string; name: string }[];
  issuer: MinutesIssuer;
}

export interface AnsweredBy {
  accountName: string;
  agencyName: string | null;
}

/** What the hub knows of one turn: filled in by itself, following the live session. */
export interface EntryFacts {
  entryId: string;
  /** 1-based order of the turn in the session. */
  number: number;
  confidential: boolean;
  /** Null when withheld from this viewer (confidential turn outside the chair's circle). */
  citizenName: string | null;
  representative: string | null;
  subject: string | null;
  delegationSize: number;
  siteCode: string;
  siteName: string;
  petitionType: PetitionType;
  field: Field;
  status: EntryStatus;
  startedAt: string | null;
  endedAt: string | null;
  /** Speaking time without pauses, whole seconds; null while the turn is still on. */
  durationSeconds: number | null;
  answeredBy: AnsweredBy[];
}

export interface EntryFields {
  petitionType: PetitionType | null;
  field: Field | null;
  conclusionType: ConclusionType | null;
  agencyId: string | null;
  deadline: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface MinutesEntryView {
  facts: EntryFacts;
  fields: EntryFields;
}

export interface MinutesView {
  header: MinutesHeader;
  entries: MinutesEntryView[];
  status: MinutesStatus;
  /** Bumped on every change of facts, fields or status: a client refetches when it sees a newer one. */
  metaVersion: number;
  /** Number of approved versions so far. */
  versions: number;
  /** "05/BB-BTCD" and "05/TB-BTCD" once first approved. */
  numbers: { minutes: string | null; notice: string | null };
  amendReason: string | null;
  canEdit: boolean;
  canApprove: boolean;
  /** Only the chair's circle reopens approved minutes for a correction (the minutes are the office's record). */
  canAmend: boolean;
  /** True when confidential identities were withheld from this viewer. */
  redacted: boolean;
  /** This viewer is in the chair's circle and opens the closed part too (see MINUTES_PARTS). */
  seesClosed: boolean;
}

/** The complete minutes of one moment: the input of the exports and the content of a stored version. */
export interface MinutesContent {
  header: MinutesHeader;
  entries: (MinutesEntryView & { text: Record<EntryTextField, string> })[];
  text: Record<SessionTextField, string>;
  numbers: { minutes: string | null; notice: string | null };
  /** Null for a draft. */
  approved: { version: number; at: string; by: string; reason: string | null } | null;
}

export interface MinutesVersionSummary {
  number: number;
  approvedAt: string;
  approvedBy: string;
  /** Null for the first version. */
  reason: string | null;
  /** Who opened the amendment, and who wrote in it. */
  amendedBy: string | null;
  editors: string[];
  /** What changed since the previous version, field by field. */
  changes: { where: string; before: string; after: string }[];
}

export interface MinutesOpened {
  /** The whole document of the part asked for, as one Yjs update. */
  update: Uint8Array;
  canEdit: boolean;
  view: MinutesView;
}

// The official Vietnamese terms for the hub's codes: what the documents print and the Vietnamese screens
// show (web/src/i18n/vi*.ts use these very objects), so a printed minutes says what the screen said.
export const CONCLUSION_LABELS_VI: Record<ConclusionType, string> = {
  ANSWERED: 'Đã trả lời trực tiếp tại buổi tiếp',
  ASSIGNED: 'Giao cơ quan chuyên môn giải quyết',
  GUIDED: 'Hướng dẫn đến cơ quan có thẩm quyền',
  STUDY: 'Tiếp thu, nghiên cứu',
};

export const SESSION_KIND_LABELS_VI: Record<SessionKind, string> = {
  PERIODIC: 'Định kỳ',
  REGULAR: 'Thường xuyên',
  THEMATIC: 'Chuyên đề',
  AD_HOC: 'Đột xuất',
  DIALOGUE: 'Hội nghị đối thoại',
};

export const PETITION_TYPE_LABELS_VI: Record<PetitionType, string> = {
  COMPLAINT: 'Khiếu nại',
  DENUNCIATION: 'Tố cáo',
  RECOMMENDATION: 'Kiến nghị',
  FEEDBACK: 'Phản ánh',
};

