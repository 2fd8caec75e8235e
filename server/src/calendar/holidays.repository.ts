// Public holidays in PostgreSQL. A year's seed is written once, when the year has no holiday yet, so an
// administrator's changes are never overwritten by a restart.
import type { Db } from '../db/client.ts';
import { recordIn, type AuditDraft } from '../audit/audit.repository.ts';
import type { HolidaySeed } from './vietnam-holidays.ts';
import { dateOfDay as dateOf, dayOfDate as asDay } from './vietnam-clock.ts';


export class HolidaysRepository {
  constructor(private readonly db: Db) {}

  /** Seeds each year that has no holiday at all; returns how many days were written. */
  async seedYears(years: number[], seedsOf: (year: number) => HolidaySeed[]): Promise<number> {
    let written = 0;
    for (const year of years) {
      const has = await this.db.holiday.count({ where: { date: { gte: dateOf(`${year}-01-01`), lte: dateOf(`${year}-12-31`) } } });
      if (has > 0) continue;
      const res = await this.db.holiday.createMany({ data: seedsOf(year).map((h) => ({ date: dateOf(h.date), name: h.name, lunar: h.lunar })), skipDuplicates: true });
      written += res.count;
    }
    return written;
  }

  async between(from: string, through: string): Promise<{ date: string; name: string; lunar: boolean }[]> {
    const rows = await this.db.holiday.findMany({ where: { date: { gte: dateOf(from), lte: dateOf(through) } }, orderBy: { date: 'asc' } });
    return rows.map((r) => ({ date: asDay(r.date), name: r.name, lunar: r.lunar }));
  }

  /** Every holiday as a lookup by day (a few dozen rows a year). */
  async lookup(): Promise<(day: string) => string | undefined> {
    const rows = await this.db.holiday.findMany({ select: { date: true, name: true } });
    const byDay = new Map(rows.map((r) => [asDay(r.date), r.name]));
    return (day) => byDay.get(day);
  }

  async find(day: string): Promise<{ name: string } | null> {
    return this.db.holiday.findUnique({ where: { date: dateOf(day) }, select: { name: true } });
  }

  async add(day: string, name: string, audit: AuditDraft): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.holiday.create({ data: { date: dateOf(day), name } });
      await recordIn(tx, audit);
    });
  }

  async remove(day: string, audit: AuditDraft): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.holiday.delete({ where: { date: dateOf(day) } });
      await recordIn(tx, audit);
    });
  }
}
