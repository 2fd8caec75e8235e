// The hub's petition fields: the statutory seven the migration seeds and the office's own, each change with
// its audit entry.
import type { Db, PetitionField } from '../db/client.ts';
import { recordIn, type AuditDraft } from '../audit/audit.repository.ts';

export type PetitionFieldRow = PetitionField;
export type PetitionFieldData = Pick<PetitionField, 'nameVi' | 'nameEn' | 'active'>;

export class PetitionFieldsRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<PetitionField[]> {
    return this.db.petitionField.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }] });
  }

  byCode(code: string): Promise<PetitionField | null> {
    return this.db.petitionField.findUnique({ where: { code } });
  }

  /** A new field goes after the others and before "Khác" (position 1000). */
  create(data: { code: string; nameVi: string; nameEn: string | null }, lastPosition: number, audit: AuditDraft): Promise<PetitionField> {
    return this.db.$transaction(async (tx) => {
      const before = await tx.petitionField.aggregate({ where: { position: { lt: lastPosition } }, _max: { position: true } });
      const position = Math.min((before._max.position ?? 0) + 10, lastPosition - 1);
      const field = await tx.petitionField.create({ data: { ...data, statutory: false, position } });
      await recordIn(tx, audit);
      return field;
    });
  }

  update(code: string, data: Partial<PetitionFieldData>, audit: AuditDraft): Promise<PetitionField> {
    return this.db.$transaction(async (tx) => {
      const field = await tx.petitionField.update({ where: { code }, data });
      await recordIn(tx, audit);
      return field;
    });
  }
}
