// Cases (vụ việc): every matter a conclusion notice assigned (or an intake accepted) followed until the
// citizen has an answer. The workflow's rules live on the server (server/src/cases/case-rules.ts); these
// are the shapes on the wire and the checks a request passes at the edge.
import { z } from 'zod';
import type { CitizenView, IntakeType } from './intake.ts';
import { schemaText } from './messages/index.ts';
import type { Field } from './petition-fields.ts';
import { DayText } from './schedule.ts';
import { RequiredUuid } from './sessions.ts';

export const CASE_STATUS_LIST = ['ASSIGNED', 'IN_PROGRESS', 'WAITING_CITIZEN', 'RESOLVED', 'INFORMED'] as const;
export type CaseStatusName = (typeof CASE_STATUS_LIST)[number];
export const CASE_PAGE_SIZE = 50;

const reason = z.string(schemaText('v.caseReason')).trim().min(3, schemaText('v.caseReason')).max(2000, schemaText('v.maxChars', { max: 2000 }));
const emptyAsUndefined = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** GET /api/cases: newest deadline first for an agency; the host office filters by status, agency, site. */
export const CaseQuery = z.object({
  status: emptyAsUndefined(z.enum(CASE_STATUS_LIST, schemaText('v.invalid'))),
  overdue: emptyAsUndefined(z.enum(['true', 'false'], schemaText('v.invalid')).transform((v) => v === 'true')),
  agencyId: emptyAsUndefined(RequiredUuid),
  siteId: emptyAsUndefined(RequiredUuid),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type CaseQuery = z.input<typeof CaseQuery>;
export type CaseFilter = z.output<typeof CaseQuery>;

/** POST /api/cases/:id/actions: one step of the workflow. */
export const CaseActionRequest = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('accept') }),
    z.object({ type: z.literal('progress'), note: reason }),
    z.object({ type: z.literal('wait'), reason }),
    z.object({ type: z.literal('resume') }),
    z.object({ type: z.literal('askExtension'), days: z.number(schemaText('v.extensionDays')).int(schemaText('v.extensionDays')).min(1, schemaText('v.extensionDays')).max(60, schemaText('v.extensionDays')), reason }),
    z.object({ type: z.literal('decideExtension'), approve: z.boolean(), reason: reason.nullish().transform((v) => v ?? null) }),
    z.object({
      type: z.literal('resolve'),
      result: z.enum(['FULL', 'PARTIAL'], schemaText('v.caseResult')),
      answer: reason,
      /** The number and date of the answer document (quyết định, kết luận, văn bản trả lời), if it has one. */
      document: z.string().trim().max(200, schemaText('v.maxChars', { max: 200 })).nullish().transform((v) => v || null),
    }),
    z.object({ type: z.literal('inform'), day: DayText, how: reason }),
    z.object({ type: z.literal('transfer'), toAgencyId: RequiredUuid, reason }),
    z.object({ type: z.literal('reopen'), reason }),
    /** The host office's decision on a citizen's request to reopen (a reason either way, told to no one but the timeline). */
    z.object({ type: z.literal('decideReopen'), approve: z.boolean(), reason }),
  ],
  schemaText('v.invalid'),
);
export type CaseActionRequest = z.input<typeof CaseActionRequest>;
export type CaseActionFields = z.output<typeof CaseActionRequest>;

/** POST /api/cases/from-intake: the host office assigns an intake accepted at a regular reception to an agency. */
export const CaseFromIntakeRequest = z.object({
  intakeId: RequiredUuid,
  agencyId: RequiredUuid,
  /** The deadline the office gives the agency, if any (the legal one runs from the agency's acceptance). */
  deadline: emptyAsUndefined(DayText).transform((v) => v ?? null),
});
export type CaseFromIntakeRequest = z.input<typeof CaseFromIntakeRequest>;
export type CaseFromIntakeFields = z.output<typeof CaseFromIntakeRequest>;

/** GET /api/cases/intakes: the regular reception's accepted intakes that wait for an agency. */
export interface PendingIntakeView {
  id: string;
  receivedAt: string;
  site: { id: string; name: string };
  citizen: Pick<CitizenView, 'fullName' | 'shown'>;
  kind: IntakeType;
  field: Field;
  summary: string;
}

/** A document attached to a case (PDF, JPEG, PNG), for those who may open it. */
export interface CaseDocumentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string;
}

export interface CaseEventView {
  at: string;
  actor: string | null;
  kind: string;
  data: Record<string, unknown>;
}

export interface CaseView {
  id: string;
  number: string;
  status: CaseStatusName;
  /** Past the notice's deadline or the legal one, unresolved. */
  overdue: boolean;
  agency: { id: string; name: string };
  site: { id: string; name: string };
  sessionId: string | null;
  kind: IntakeType;
  field: Field;
  summary: string | null;
  citizen: Pick<CitizenView, 'fullName' | 'shown'>;
  noticeDeadline: string | null;
  legalDeadline: string | null;
  acceptedDay: string | null;
  extensionAsked: number | null;
  result: 'FULL' | 'PARTIAL' | null;
  resolvedDay: string | null;
  informedDay: string | null;
  /** A dialogue conference's case: the group the conference was held with. */
  withGroup: string | null;
  /** The citizen's request to reopen, waiting for the host office. */
  reopenAsked: { at: string; reason: string | null } | null;
  /** What the citizen said of the answer (the comment only to those who see the citizen in full). */
  satisfaction: { value: SatisfactionName; comment: string | null; at: string } | null;
  /** Only with one case (GET /api/cases/:id): every step, oldest first. */
  events?: CaseEventView[];
  /** Only with one case: its documents, to those who may open them (the agency, and who sees the citizen in full). */
  documents?: CaseDocumentView[];
  /** How many documents it has, for everyone who reads the case. */
  documentCount?: number;
}

export interface CaseListPage {
  cases: CaseView[];
  /** The active agencies a case can be transferred to. */
  agencies: { id: string; name: string }[];
  /** The sites the list can be filtered by (the host office's whole city; empty for an agency or a bridge point). */
  sites: { id: string; name: string }[];
  total: number;
  page: number;
  pageSize: number;
}

export const SATISFACTION_LIST = ['SATISFIED', 'PARTLY', 'NOT_SATISFIED'] as const;
export type SatisfactionName = (typeof SATISFACTION_LIST)[number];

/** POST /api/public/lookup: a citizen's tracking code and the last four digits of their CCCD. */
export const LookupRequest = z.object({
  code: z
    .string(schemaText('v.lookupCode'))
    .trim()
    .transform((s) => s.toUpperCase().replace(/\s+/g, ''))
    .pipe(z.string().min(8, schemaText('v.lookupCode')).max(40, schemaText('v.lookupCode'))),
  idSuffix: z.string(schemaText('v.lookupSuffix')).trim().regex(/^\d{4}$/, schemaText('v.lookupSuffix')),
});
export type LookupRequest = z.input<typeof LookupRequest>;

/**
 * POST /api/public/lookup/reply: the citizen, with the same pair, says whether the answer satisfied them,
 * or asks for the case to be reopened. Checked, limited and logged like the lookup itself.
 */
export const LookupReplyRequest = LookupRequest.extend({
  reply: z.discriminatedUnion(
    'type',
    [
      z.object({
        type: z.literal('rate'),
        satisfaction: z.enum(SATISFACTION_LIST, schemaText('v.satisfaction')),
        comment: z.string().trim().max(1000, schemaText('v.maxChars', { max: 1000 })).nullish().transform((v) => v || null),
      }),
      z.object({ type: z.literal('askReopen'), reason }),
    ],
    schemaText('v.invalid'),
  ),
});
export type LookupReplyRequest = z.input<typeof LookupReplyRequest>;
export type LookupReply = z.output<typeof LookupReplyRequest>['reply'];

/**
 * What the public page shows of a matter: its stage, who handles it and by when, and once resolved the
 * answer's summary. Nothing about the citizen, and the same `{ found: false }` for any wrong pair.
 */
export type LookupAnswer =
  | { found: false }
  | {
      found: true;
      receivedAt: string | null;
      kind: IntakeType;
      field: Field;
      /** The intake's handling when no case follows it (guided or forwarded to another body). */
      handling: 'ACCEPTED' | 'GUIDED' | 'FORWARDED' | null;
      handledBy: string | null;
      case: {
        status: CaseStatusName;
        agency: string;
        deadline: string | null;
        resolvedDay: string | null;
        result: 'FULL' | 'PARTIAL' | null;
        answer: string | null;
        informedDay: string | null;
        /** What the citizen said of the answer, and whether their request to reopen waits for a decision. */
        satisfaction: SatisfactionName | null;
        reopenAsked: boolean;
      } | null;
    };
