// The year's plan in PostgreSQL.
import type { Db, Prisma, SessionKind } from '../db/client.ts';

export const planInclude = {
  chair: { select: { id: true, fullName: true } },
  session: { select: { id: true, scheduledStart: true, status: true, cancelledAt: true } },
} satisfies Prisma.PlannedSessionInclude;
export type PlanRow = Prisma.PlannedSessionGetPayload<{ include: typeof planInclude }>;

export interface PlanData {
  year: number;
  kind: SessionKind;
  topic: string;
  withGroup: string;
  district: string | null;
  targetMonth: number;
  chairId: string | null;
}

export class PlanRepository {
  constructor(private readonly db: Db) {}

  year(year: number): Promise<PlanRow[]> {
    return this.db.plannedSession.findMany({ where: { year }, include: planInclude, orderBy: [{ targetMonth: 'asc' }, { createdAt: 'asc' }] });
  }

  byId(id: string): Promise<PlanRow | null> {
    return this.db.plannedSession.findUnique({ where: { id }, include: planInclude });
  }

  async create(data: PlanData, createdById: string): Promise<string> {
    return (await this.db.plannedSession.create({ data: { ...data, createdById }, select: { id: true } })).id;
  }

  /** Links the session made for it, if it has none yet (two schedulers racing: one wins). */
  async link(id: string, sessionId: string): Promise<boolean> {
    return (await this.db.plannedSession.updateMany({ where: { id, sessionId: null, droppedAt: null }, data: { sessionId } })).count === 1;
  }

  async districtExists(name: string): Promise<boolean> {
    return (await this.db.district.count({ where: { name } })) > 0;
  }

  async drop(id: string, reason: string, now: Date): Promise<void> {
    await this.db.plannedSession.update({ where: { id }, data: { droppedAt: now, dropReason: reason } });
  }
}
