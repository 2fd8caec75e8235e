// The agencies sessions invite and matters are assigned to. Deactivated, never deleted: minutes and
// assigned matters keep naming them.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { msg, type AdminAgency, type AgencyChange, type AgencyInput } from '../../../protocol/index.ts';
import { administrator } from '../access/administration.ts';
import type { Caller } from '../access/caller.ts';
import { AppError } from '../errors/app-error.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import type { AgenciesRepository, AgencyData, AgencyRow } from './agencies.repository.ts';

const labelOf = (a: { code: string; name: string }) => `${a.code} · ${a.name}`;
const recordOf = (a: { code: string; name: string; field: string | null; active: boolean }) => ({ code: a.code, name: a.name, field: a.field, active: a.active });

function toAdminAgency(a: AgencyRow): AdminAgency {
  return { id: a.id, code: a.code, name: a.name, field: a.field, active: a.active, representatives: a.accounts };
}

export class AgenciesService {
  constructor(private readonly repo: AgenciesRepository) {}

  async list(caller: Caller): Promise<AdminAgency[]> {
    administrator(caller);
    return (await this.repo.list()).map(toAdminAgency);
  }

  async create(caller: Caller, fields: z.output<typeof AgencyInput>): Promise<AdminAgency> {
    const admin = administrator(caller);
    const taken = () => new AppError('CONFLICT', msg('admin.agencyCodeTaken', { code: fields.code }));
    if (await this.repo.codeTaken(fields.code)) throw taken();
    const id = randomUUID();
    try {
      return toAdminAgency(await this.repo.create(id, fields, { actorId: admin.accountId, action: 'agency.create', subject: 'agency', subjectId: id, subjectLabel: labelOf(fields), after: recordOf({ ...fields, active: true }) }));
    } catch (e) {
      if (isUniqueViolation(e)) throw taken();
      throw e;
    }
  }

  async change(caller: Caller, id: string, change: z.output<typeof AgencyChange>): Promise<AdminAgency> {
    const admin = administrator(caller);
    const before = await this.repo.byId(id);
    if (!before) throw new AppError('NOT_FOUND', msg('admin.agencyNotFound'));
    const data: Partial<AgencyData> = change;
    const after = { ...before, ...data };
    const action = change.active === false && before.active ? 'agency.deactivate' : change.active === true && !before.active ? 'agency.activate' : 'agency.update';
    return toAdminAgency(await this.repo.update(id, data, { actorId: admin.accountId, action, subject: 'agency', subjectId: id, subjectLabel: labelOf(after), before: recordOf(before), after: recordOf(after) }));
  }
}
