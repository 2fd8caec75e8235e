// The reception book (Sổ tiếp công dân, form 03 of Circular 04/2021/TT-TTCP): every visit of a period,
// in the order received, with the form's columns. Each row is masked as the reader may see its citizen.
import { z } from 'zod';
import type { CitizenView, IntakeHandling, IntakeType } from './intake.ts';
import { INTAKE_TYPES } from './intake.ts';
import { schemaText } from './messages/index.ts';
import { FieldCode, type Field } from './petition-fields.ts';
import { DayText } from './schedule.ts';
import { RequiredUuid } from './sessions.ts';

/** A period longer than a year is a report's business (issue: the statutory reports), not the book's page. */
export const BOOK_MAX_DAYS = 366;
export const BOOK_PAGE_SIZE = 100;

const optionalText = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const BookQuery = z
  .object({
    /** Inclusive days in Vietnam's time. */
    from: DayText,
    to: DayText,
    siteId: optionalText(RequiredUuid),
    petitionType: optionalText(z.enum(INTAKE_TYPES, schemaText('v.petitionType'))),
    field: optionalText(FieldCode('v.field')),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .superRefine((v, ctx) => {
    const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: schemaText('v.bookPeriodOrder') });
    else if (days >= BOOK_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: schemaText('v.bookPeriodTooLong', { days: BOOK_MAX_DAYS }) });
  });
export type BookQuery = z.input<typeof BookQuery>;
export type BookFilter = z.output<typeof BookQuery>;

export const BookExportQuery = BookQuery.safeExtend({ format: z.enum(['xlsx', 'pdf'], schemaText('v.invalid')) });
export type BookExportQuery = z.input<typeof BookExportQuery>;

/** One line of the book: the twelve columns of form 03. */
export interface BookRow {
  /** Số thứ tự: the visit's place in the period, oldest first. */
  number: number;
  id: string;
  receivedAt: string;
  siteName: string;
  citizen: CitizenView;
  content: string | null;
  petitionType: IntakeType;
  field: Field;
  delegationSize: number;
  representatives: string[];
  handledBefore: string | null;
  handling: IntakeHandling | null;
  handledBy: string | null;
  handledAt: string | null;
  /** The earlier visit this one returns to (tái diễn). */
  returningSince: string | null;
  confidential: boolean;
  /** For a visit guided or forwarded elsewhere: the competent body's reply, once it came. */
  reply: { day: string; note: string | null } | null;
}

export interface BookPage {
  /** The sites this reader may pick the book of: all of the city's, or a bridge point's own. */
  sites: { id: string; code: string; name: string }[];
  rows: BookRow[];
  total: number;
  page: number;
  pageSize: number;
}
