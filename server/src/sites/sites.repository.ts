// Sites and the city's districts in PostgreSQL. Every change is written with its audit entry in one
// transaction; an import is one transaction for all its rows, so it saves everything or nothing.
import type { SiteFields } from '../../../protocol/index.ts';
import type { Db, Prisma, Site } from '../db/client.ts';
import { recordIn, type AuditDraft } from '../audit/audit.repository.ts';

export type SiteRow = Site & { _count: { accounts: number } };
const withAccounts = { _count: { select: { accounts: { where: { active: true } } } } } satisfies Prisma.SiteInclude;

export type SiteData = Pick<Site, 'name' | 'kind' | 'district' | 'ward' | 'address' | 'active'>;

export class SitesRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<SiteRow[]> {
    return this.db.site.findMany({ include: withAccounts, orderBy: [{ active: 'desc' }, { kind: 'asc' }, { code: 'asc' }] });
  }

  byId(id: string): Promise<SiteRow | null> {
    return this.db.site.findUnique({ where: { id }, include: withAccounts });
  }

  async codeTaken(code: string): Promise<boolean> {
    return (await this.db.site.count({ where: { code } })) > 0;
  }

  async allCodes(): Promise<Set<string>> {
    return new Set((await this.db.site.findMany({ select: { code: true } })).map((s) => s.code));
  }

  async create(id: string, fields: SiteFields, audit: AuditDraft): Promise<SiteRow> {
    return this.db.$transaction(async (tx) => {
      const site = await tx.site.create({ data: { id, ...fields }, include: withAccounts });
      await recordIn(tx, audit);
      return site;
    });
  }

  async update(id: string, data: Partial<SiteData>, audit: AuditDraft): Promise<SiteRow> {
    return this.db.$transaction(async (tx) => {
      const site = await tx.site.update({ where: { id }, data, include: withAccounts });
      await recordIn(tx, audit);
      return site;
    });
  }

  /** Every site of a clean file and an audit entry for each, together. */
  async createMany(sites: (SiteFields & { id: string })[], audits: AuditDraft[]): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.site.createMany({ data: sites });
      await recordIn(tx, ...audits);
    });
  }

  districts(): Promise<{ name: string; active: boolean; sites: number }[]> {
    return this.db.$queryRaw`
      SELECT d."name", d."active", COUNT(s."id")::int AS "sites"
      FROM "District" d LEFT JOIN "Site" s ON s."district" = d."name" AND s."active"
      GROUP BY d."name", d."active" ORDER BY d."name"`;
  }

  async activeDistricts(): Promise<string[]> {
    return (await this.db.district.findMany({ where: { active: true }, select: { name: true } })).map((d) => d.name);
  }

  async createDistrict(name: string, audit: AuditDraft): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.district.create({ data: { name } });
      await recordIn(tx, audit);
    });
  }
}
