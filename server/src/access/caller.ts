// Who is asking. One shape for every caller, built once per request or socket from the account as it was
// at sign-in, so no service re-reads who someone is and no two features describe a caller differently.
// The hub itself acts too (a site dropped from the video room, a sweep): it is its own kind of caller and
// never poses as a person or a role.
import type { Role, SiteKind } from '../../../protocol/index.ts';
import type { AccountWithSite } from '../auth/account.mapper.ts';

export interface Person {
  kind: 'person';
  accountId: string;
  role: Role;
  siteId: string;
  siteKind: SiteKind;
  agencyId: string | null;
  name: string;
}

export interface SystemCaller {
  kind: 'system';
}

export type Caller = Person | SystemCaller;

export const SYSTEM_CALLER: SystemCaller = { kind: 'system' };

export function personOf(account: AccountWithSite): Person {
  return {
    kind: 'person',
    accountId: account.id,
    role: account.role,
    siteId: account.siteId,
    siteKind: account.site.kind,
    agencyId: account.agencyId,
    name: account.fullName,
  };
}
