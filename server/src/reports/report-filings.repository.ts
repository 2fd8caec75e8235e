// Filed report periods: one row per period and scope, its figures frozen as they stood, written with its
// audit entry in one transaction; a second filing of the same period and scope is refused by the unique key.
import type { ReportFigures } from '../../../protocol/index.ts';
import { recordIn } from '../audit/audit.repository.ts';
import { dateOfDay } from '../calendar/vietnam-clock.ts';
import { Prisma, type Db } from '../db/client.ts';

export interface Filing {
  filedAt: Date;
  filedBy: string;
  figures: ReportFigures;
}

export class ReportFilingsRepository {
  constructor(private readonly db: Db) {}

  async find(from: string, to: string, scopeKey: string): Promise<Filing | null> {
    const row = await this.db.reportFiling.findUnique({ where: { fromDay_toDay_scopeKey: { fromDay: dateOfDay(from), toDay: dateOfDay(to), scopeKey } }, include: { filedBy: { select: { fullName: true } } } });
    return row ? { filedAt: row.filedAt, filedBy: row.filedBy.fullName, figures: row.figures as unknown as ReportFigures } : null;
  }

  /** Files the figures; 'filed' if this period and scope already were (nothing written). */
  async file(o: { id: string; from: string; to: string; scopeKey: string; scopeLabel: string; figures: ReportFigures; at: Date; byId: string }): Promise<'ok' | 'filed'> {
    try {
      await this.db.$transaction(async (tx) => {
        await tx.reportFiling.create({ data: { id: o.id, fromDay: dateOfDay(o.from), toDay: dateOfDay(o.to), scopeKey: o.scopeKey, figures: o.figures as unknown as Prisma.InputJsonValue, filedAt: o.at, filedById: o.byId } });
        await recordIn(tx, { actorId: o.byId, action: 'report.file', subject: 'report', subjectId: o.id, subjectLabel: `Báo cáo ${o.from} – ${o.to} · ${o.scopeLabel}`, after: { from: o.from, to: o.to, scope: o.scopeKey } });
      });
      return 'ok';
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return 'filed';
      throw e;
    }
  }
}
