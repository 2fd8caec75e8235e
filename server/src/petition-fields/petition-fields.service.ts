// The configurable list of petition fields. Everyone reads it (a screen names a turn's field, the TV
// included); an administrator adds fields and renames or deactivates the office's own. The statutory seven
// stay as they are, and no field is deleted: turns, minutes and reports keep referring to its code.
import type { z } from 'zod';
import { LAST_FIELD_POSITION, msg, type PetitionFieldChange, type PetitionFieldInput, type PetitionFieldOption } from '../../../protocol/index.ts';
import { administrator } from '../access/administration.ts';
import type { Caller } from '../access/caller.ts';
import type { AuditDraft } from '../audit/audit.repository.ts';
import { AppError } from '../errors/app-error.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import type { PetitionFieldData, PetitionFieldRow as PetitionField, PetitionFieldsRepository } from './petition-fields.repository.ts';

const optionOf = (f: PetitionField): PetitionFieldOption => ({ code: f.code, nameVi: f.nameVi, nameEn: f.nameEn, statutory: f.statutory, active: f.active, position: f.position });
const recordOf = (f: Pick<PetitionField, 'code' | 'nameVi' | 'nameEn' | 'active'>) => ({ code: f.code, name: f.nameVi, nameEn: f.nameEn, active: f.active });
const labelOf = (f: Pick<PetitionField, 'code' | 'nameVi'>) => `${f.code} · ${f.nameVi}`;

export class PetitionFieldsService {
  constructor(private readonly repo: PetitionFieldsRepository) {}

  /** The whole list, inactive fields included (an old turn still names its field). No secret of anyone's. */
  async list(): Promise<PetitionFieldOption[]> {
    return (await this.repo.list()).map(optionOf);
  }

  async create(caller: Caller, input: z.output<typeof PetitionFieldInput>): Promise<PetitionFieldOption> {
    const admin = administrator(caller);
    const taken = () => new AppError('CONFLICT', msg('admin.fieldCodeTaken', { code: input.code }), { details: { code: msg('admin.fieldCodeTaken', { code: input.code }) } });
    if (await this.repo.byCode(input.code)) throw taken();
    const audit: AuditDraft = { actorId: admin.accountId, action: 'field.create', subject: 'field', subjectId: input.code, subjectLabel: labelOf(input), after: recordOf({ ...input, active: true }) };
    try {
      return optionOf(await this.repo.create(input, LAST_FIELD_POSITION, audit));
    } catch (e) {
      if (isUniqueViolation(e)) throw taken();
      throw e;
    }
  }

  async change(caller: Caller, code: string, change: z.output<typeof PetitionFieldChange>): Promise<PetitionFieldOption> {
    const admin = administrator(caller);
    const before = await this.repo.byCode(code);
    if (!before) throw new AppError('NOT_FOUND', msg('admin.fieldNotFound'));
    if (before.statutory) throw new AppError('CONFLICT', msg('admin.fieldStatutory', { name: before.nameVi }));
    const data: Partial<PetitionFieldData> = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    const after = { ...before, ...data };
    const action: AuditDraft['action'] = data.active === false && before.active ? 'field.deactivate' : data.active === true && !before.active ? 'field.activate' : 'field.update';
    const audit: AuditDraft = { actorId: admin.accountId, action, subject: 'field', subjectId: code, subjectLabel: labelOf(after), before: recordOf(before), after: recordOf(after) };
    return optionOf(await this.repo.update(code, data, audit));
  }
}
