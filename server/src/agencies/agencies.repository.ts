// Agencies (cơ quan chuyên môn) and their representatives, each change with its audit entry.
import type { Agency, Db, Prisma } from '../db/client.ts';
import { recordIn, type AuditDraft } from '../audit/audit.repository.ts';

const withRepresentatives = {
  accounts: { where: { role: 'AGENCY_REP' }, select: { id: true, username: true, fullName: true, active: true }, orderBy: { fullName: 'asc' } },
} satisfies Prisma.AgencyInclude;
export type AgencyRow = Prisma.AgencyGetPayload<{ include: typeof withRepresentatives }>;
export type AgencyData = Pick<Agency, 'name' | 'field' | 'active'>;

export class AgenciesRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<AgencyRow[]> {
    return this.db.agency.findMany({ include: withRepresentatives, orderBy: [{ active: 'desc' }, { name: 'asc' }] });
  }

  byId(id: string): Promise<AgencyRow | null> {
    return this.db.agency.findUnique({ where: { id }, include: withRepresentatives });
  }

  async codeTaken(code: string): Promise<boolean> {
    return (await this.db.agency.count({ where: { code } })) > 0;
  }

  create(id: string, data: { code: string; name: string; field: string | null }, audit: AuditDraft): Promise<AgencyRow> {
    return this.db.$transaction(async (tx) => {
      const agency = await tx.agency.create({ data: { id, ...data }, include: withRepresentatives });
      await recordIn(tx, audit);
      return agency;
    });
  }

  update(id: string, data: Partial<AgencyData>, audit: AuditDraft): Promise<AgencyRow> {
    return this.db.$transaction(async (tx) => {
      const agency = await tx.agency.update({ where: { id }, data, include: withRepresentatives });
      await recordIn(tx, audit);
      return agency;
    });
  }
}
