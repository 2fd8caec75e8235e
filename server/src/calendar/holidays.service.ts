// Public holidays as an administrator keeps them: the seeded days off are edited here (the government fixes
// the exact Tết days and the day next to National Day each year), and a city's own days off are added.
// Series' occurrences that fall on a holiday move to the next working day when their sessions are made.
import { msg, type HolidayView } from '../../../protocol/index.ts';
import { administrator } from '../access/administration.ts';
import type { Caller } from '../access/caller.ts';
import { AppError } from '../errors/app-error.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import type { HolidaysRepository } from './holidays.repository.ts';

const shown = (day: string) => day.split('-').reverse().join('/');

export class HolidaysService {
  constructor(private readonly repo: HolidaysRepository) {}

  async list(caller: Caller, year: number): Promise<HolidayView[]> {
    administrator(caller);
    return this.repo.between(`${year}-01-01`, `${year}-12-31`);
  }

  async add(caller: Caller, day: string, name: string): Promise<void> {
    const admin = administrator(caller);
    const existing = await this.repo.find(day);
    if (existing) throw new AppError('CONFLICT', msg('admin.holidayTaken', { date: shown(day), name: existing.name }));
    try {
      await this.repo.add(day, name, { actorId: admin.accountId, action: 'holiday.create', subject: 'holiday', subjectId: day, subjectLabel: `${shown(day)} · ${name}`, after: { date: day, name } });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', msg('admin.holidayTaken', { date: shown(day), name }));
      throw e;
    }
  }

  async remove(caller: Caller, day: string): Promise<void> {
    const admin = administrator(caller);
    const existing = await this.repo.find(day);
    if (!existing) throw new AppError('NOT_FOUND', msg('admin.holidayNotFound', { date: shown(day) }));
    await this.repo.remove(day, { actorId: admin.accountId, action: 'holiday.delete', subject: 'holiday', subjectId: day, subjectLabel: `${shown(day)} · ${existing.name}`, before: { date: day, name: existing.name } });
  }
}
