import type { Me, SiteSummary } from '../../../protocol/index.ts';
import type { AccountWithSite, Site } from './account.repository.ts';

export type { AccountWithSite } from './account.repository.ts';

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
