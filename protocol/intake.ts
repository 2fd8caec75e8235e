// Citizen intake (tiếp nhận) and the reception book: a visit recorded once, at a session's bridge point or
// at the office's regular reception, with the citizen found again by their CCCD. What a viewer sees of a
// citizen's personal data is decided on the server (masked outside the citizen's own site and the host
// office, nothing of a denouncer outside the chair's circle); these are the shapes on the wire.
import { z } from 'zod';
import type { AttachmentView } from './attachments.ts';
import { PROVINCES, checkCccd, normaliseCccd, type CccdProblem } from './citizen-id.ts';
import { schemaText } from './messages/index.ts';
import { FieldCode, type Field } from './petition-fields.ts';
import { checkVietnamesePhone } from './phone.ts';
import { RequiredUuid } from './sessions.ts';
import { DayText } from './schedule.ts';

export const INTAKE_TYPES = ['COMPLAINT', 'DENUNCIATION', 'RECOMMENDATION', 'FEEDBACK', 'MIXED'] as const;
export type IntakeType = (typeof INTAKE_TYPES)[number];
export const INTAKE_HANDLINGS = ['ACCEPTED', 'GUIDED', 'FORWARDED'] as const;
export type IntakeHandling = (typeof INTAKE_HANDLINGS)[number];

/** A delegation (đoàn đông người) is five or more; it names up to five representatives. */
export const DELEGATION_MIN = 5;
export const MAX_REPRESENTATIVES = 5;

const CCCD_MESSAGES: Record<CccdProblem, Parameters<typeof schemaText>[0]> = {
  digits: 'v.cccdDigits',
  length: 'v.cccdLength',
  province: 'v.cccdProvince',
  century: 'v.cccdCentury',
  future: 'v.cccdFuture',
  birthYear: 'v.cccdBirthYear',
};

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, schemaText('v.maxChars', { max }))
    .nullish()
    .transform((s) => (s ? s : null));

export const IntakeInput = z
  .object({
    siteId: RequiredUuid,
    /** The session it is taken for; none at a regular reception. */
    sessionId: RequiredUuid.nullish().transform((v) => v ?? null),
    fullName: z.string(schemaText('v.citizenName')).trim().min(2, schemaText('v.citizenName')).max(120, schemaText('v.maxChars', { max: 120 })),
    idNumber: z
      .string()
      .nullish()
      .transform((s) => (s ? normaliseCccd(s) : null)),
    birthYear: z.number(schemaText('v.birthYear')).int(schemaText('v.birthYear')).min(1900, schemaText('v.birthYear')).max(2100, schemaText('v.birthYear')).nullish().transform((v) => v ?? null),
    province: z.enum(PROVINCES, schemaText('v.province')).nullish().transform((v) => v ?? null),
    ward: optional(100),
    street: optional(200),
    phone: z
      .string()
      .nullish()
      .transform((s) => (s?.trim() ? s.trim() : null)),
    content: z.string(schemaText('v.intakeContent')).trim().min(5, schemaText('v.intakeContent')).max(5000, schemaText('v.maxChars', { max: 5000 })),
    petitionType: z.enum(INTAKE_TYPES, schemaText('v.petitionType')),
    field: FieldCode('v.field'),
    competent: z.boolean(schemaText('v.competent')),
    /** Meets the conditions to be handled (form 01/XLD); most petitions taken in person do. */
    admissible: z.boolean(schemaText('v.invalid')).default(true),
    handledBefore: optional(300),
    delegationSize: z.number().int().min(1, schemaText('v.delegationMin')).max(500, schemaText('v.delegationMax')).default(1),
    representatives: z.array(z.string().trim().min(2, schemaText('v.representative')).max(120)).max(MAX_REPRESENTATIVES, schemaText('v.representativesMax', { max: MAX_REPRESENTATIVES })).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.idNumber) {
      // The year in Vietnam now; a card cannot say a birth in a later year.
      const thisYear = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
      const check = checkCccd(v.idNumber, thisYear, v.birthYear);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: schemaText(CCCD_MESSAGES[check.problem], check.params) });
    }
    if (v.phone && !checkVietnamesePhone(v.phone).ok) ctx.addIssue({ code: 'custom', path: ['phone'], message: schemaText('v.phone') });
    if (v.delegationSize >= DELEGATION_MIN && v.representatives.length === 0) ctx.addIssue({ code: 'custom', path: ['representatives'], message: schemaText('v.delegationNoRepresentative', { min: DELEGATION_MIN }) });
    if (v.delegationSize < DELEGATION_MIN && v.representatives.length > 0) ctx.addIssue({ code: 'custom', path: ['delegationSize'], message: schemaText('v.delegationTooSmall', { min: DELEGATION_MIN }) });
    if (!v.idNumber && !v.province) ctx.addIssue({ code: 'custom', path: ['province'], message: schemaText('v.noIdNoAddress') });
  });
export type IntakeInput = z.input<typeof IntakeInput>;
export type IntakeFields = z.output<typeof IntakeInput>;

/**
 * PUT /api/intakes/:id/handling: how the visit is handled (hướng xử lý): accepted for resolution within the
 * office's competence, or guided or forwarded to the competent body, which is then named.
 */
export const HandlingRequest = z
  .object({
    handling: z.enum(INTAKE_HANDLINGS, schemaText('v.handling')),
    handledBy: optional(300),
  })
  .superRefine((v, ctx) => {
    if (v.handling !== 'ACCEPTED' && !v.handledBy) ctx.addIssue({ code: 'custom', path: ['handledBy'], message: schemaText('v.handledBy') });
  });
export type HandlingRequest = z.input<typeof HandlingRequest>;
export type HandlingFields = z.output<typeof HandlingRequest>;

/**
 * PUT /api/intakes/:id/reply: the written reply of the body a visit was guided or forwarded to came on this
 * day (form 01/XLD counts the replies received), with what it said.
 */
export const ReplyRequest = z.object({ day: DayText, note: optional(300) });
export type ReplyRequest = z.input<typeof ReplyRequest>;
export type ReplyFields = z.output<typeof ReplyRequest>;

/** POST /api/intakes/:id/queue: the intake's citizen joins a session's speaker queue. */
export const QueueRequest = z.object({ sessionId: RequiredUuid });
export type QueueRequest = z.input<typeof QueueRequest>;

/** GET /api/intakes/history: by CCCD, or by name and address when the citizen has none. */
export const HistoryQuery = z.union([
  z.object({ idNumber: z.string().transform(normaliseCccd).pipe(z.string().regex(/^\d{12}$/, schemaText('v.cccdLength', { count: 0 }))) }),
  z.object({ fullName: z.string().trim().min(2, schemaText('v.citizenName')).max(120), province: z.enum(PROVINCES, schemaText('v.province')), ward: optional(100) }),
]);
export type HistoryQuery = z.input<typeof HistoryQuery>;
export type HistoryLookup = z.output<typeof HistoryQuery>;

/** A citizen as a viewer may see them: in full, masked (initials, the last three digits), or withheld. */
export interface CitizenView {
  fullName: string;
  idNumber: string | null;
  birthYear: number | null;
  address: string | null;
  phone: string | null;
  /** 'full' at their own site and the host office; 'masked' elsewhere; 'withheld' for a denouncer outside the chair's circle. */
  shown: 'full' | 'masked' | 'withheld';
}

export interface IntakeView {
  id: string;
  receivedAt: string;
  site: { id: string; code: string; name: string };
  sessionId: string | null;
  citizen: CitizenView;
  content: string | null;
  petitionType: IntakeType;
  field: Field;
  competent: boolean;
  handledBefore: string | null;
  delegationSize: number;
  representatives: string[];
  /** The scans, to those who see the citizen in full; others see only how many there are. */
  attachments: AttachmentView[];
  attachmentCount: number;
  confidential: boolean;
  handling: IntakeHandling | null;
  handledBy: string | null;
  /** For the citizen's receipt: only to those who see the citizen in full. */
  trackingCode: string | null;
  /** The earlier visit this one returns to ("đã tiếp trước đây", counted as tái diễn). */
  returningOf: { id: string; receivedAt: string; field: Field; handling: IntakeHandling | null } | null;
}

/** What the hub already knows of a citizen as their CCCD (or name and address) is typed. */
export interface CitizenHistory {
  known: boolean;
  citizen: CitizenView | null;
  visits: {
    id: string;
    receivedAt: string;
    siteName: string;
    petitionType: IntakeType;
    field: Field;
    handling: IntakeHandling | null;
    content: string | null;
    /** Where the matter stands, when a case follows the visit (to those who see the visit in full). */
    case: { number: string; status: 'ASSIGNED' | 'IN_PROGRESS' | 'WAITING_CITIZEN' | 'RESOLVED' | 'INFORMED'; agency: string; deadline: string | null } | null;
  }[];
}


/** GET /api/intakes/:id/slip: the receipt, the guidance slip or the forwarding slip, to print or edit. */
export const SLIP_KINDS = ['receipt', 'guidance', 'forwarding'] as const;
export const SlipQuery = z.object({
  kind: z.enum(SLIP_KINDS, schemaText('v.invalid')),
  format: z.enum(['pdf', 'docx'], schemaText('v.invalid')).default('pdf'),
});
export type SlipQuery = z.input<typeof SlipQuery>;

/** GET /api/intakes/places: what the address's ward box suggests. */
export interface IntakePlaces {
  districts: string[];
  wards: string[];
}
