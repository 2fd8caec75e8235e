// Sites: the host office (điểm cầu chính) and the bridge points (điểm cầu) a session links. Kept on their
// own because accounts, sessions and presence all name a site, and none of them should import the others.
export const SITE_KINDS = ['HOST_OFFICE', 'BRIDGE_POINT'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export interface SiteSummary {
  id: string;
  code: string;
  name: string;
  kind: SiteKind;
  district: string | null;
  ward: string | null;
}
