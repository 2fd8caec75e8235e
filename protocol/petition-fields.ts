// The fields a petition is classified in (lĩnh vực). The statutory seven (PRODUCT.md) are seeded by the
// migration and fixed; the office adds its own in #/admin. A turn, an entry of the minutes and, later, a case
// and a report refer to a field by its code, which is kept for good; the name is looked up where it is shown.
import { z } from 'zod';
import { schemaText } from './messages/index.ts';

/** A field's code: `LAND`, or one the office chose (`TRAFFIC`, `HEALTH_CARE`). */
export type Field = string;

export interface PetitionFieldOption {
  code: Field;
  nameVi: string;
  nameEn: string | null;
  /** One of the seven the hub ships with: never renamed or deactivated. */
  statutory: boolean;
  /** An inactive field is offered no more; the turns that used it keep it. */
  active: boolean;
  position: number;
}

/** The statutory seven as the migration seeds them: the names a screen shows before the list has loaded. */
export const STATUTORY_FIELDS: readonly PetitionFieldOption[] = [
  { code: 'LAND', nameVi: 'Đất đai', nameEn: 'Land', statutory: true, active: true, position: 10 },
  { code: 'COMPENSATION', nameVi: 'Bồi thường, GPMB', nameEn: 'Compensation, site clearance', statutory: true, active: true, position: 20 },
  { code: 'LAND_CERTIFICATE', nameVi: 'Giấy chứng nhận QSDĐ', nameEn: 'Land-use certificate', statutory: true, active: true, position: 30 },
  { code: 'ENVIRONMENT', nameVi: 'Môi trường', nameEn: 'Environment', statutory: true, active: true, position: 40 },
  { code: 'SOCIAL_POLICY', nameVi: 'Chế độ chính sách', nameEn: 'Social policy', statutory: true, active: true, position: 50 },
  { code: 'CONSTRUCTION', nameVi: 'Xây dựng, trật tự đô thị', nameEn: 'Construction, urban order', statutory: true, active: true, position: 60 },
  { code: 'OTHER', nameVi: 'Khác', nameEn: 'Other', statutory: true, active: true, position: 1000 },
];

/** "Khác" stays last: a field the office adds goes before it. */
export const LAST_FIELD_POSITION = 1000;

/** The name of a field in a language, from a list (the hub's, or the statutory seven before it loads). */
export function fieldName(fields: readonly PetitionFieldOption[], code: Field, locale: 'vi' | 'en' = 'vi'): string {
  const found = fields.find((f) => f.code === code) ?? STATUTORY_FIELDS.find((f) => f.code === code);
  if (!found) return code;
  return locale === 'en' ? (found.nameEn ?? found.nameVi) : found.nameVi;
}

/** A field's code on the wire: checked against the hub's list by the service that uses it. */
export const FieldCode = (message: Parameters<typeof schemaText>[0]) =>
  z.string(schemaText(message)).regex(/^[A-Z][A-Z0-9_]{1,29}$/, schemaText(message));

const name = (max: number) => z.string().trim().min(2, schemaText('v.fieldName')).max(max, schemaText('v.maxChars', { max }));

export const PetitionFieldInput = z.object({
  /** Typed as the office likes ("giao thông" → GIAO_THONG is for the screen to suggest); kept in capitals. */
  code: z
    .string(schemaText('v.fieldCode'))
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(FieldCode('v.fieldCode')),
  nameVi: name(100),
  nameEn: name(100).nullish().or(z.literal('').transform(() => null)).transform((s) => s ?? null),
});
export type PetitionFieldInput = z.input<typeof PetitionFieldInput>;

export const PetitionFieldChange = z.object({
  nameVi: name(100).optional(),
  nameEn: name(100).nullable().or(z.literal('').transform(() => null)).optional(),
  active: z.boolean().optional(),
});
export type PetitionFieldChange = z.input<typeof PetitionFieldChange>;
