import type { Me, SiteSummary } from '../../../protocol/index.ts';
import type { Prisma, Site } from '../db/client.ts';

export const accountInclude = { site: true, agency: true } satisfies Prisma.AccountInclude;
export type AccountWithSite = Prisma.AccountGetPayload<{ include: typeof accountInclude }>;

export function toSiteSummary(site: Site): SiteSummary {
  return { id: site.id, code: site.code, name: site.name, kind: site.kind, district: site.district, ward: site.ward };
}

export function toMe(account: AccountWithSite, csrfToken: string): Me {
  return {
    id: account.id,
    username: account.username,
    fullName: account.fullName,
    role: account.role,
    site: toSiteSummary(account.site),
    agency: account.agency ? { id: account.agency.id, name: account.agency.name } : null,
    csrfToken,
  };
}
