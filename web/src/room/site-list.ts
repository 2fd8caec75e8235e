// Which bridge points the host console lists, for a session of 6 sites or of 126: a filter (those that
// need the moderator: not connected, not ready, asking for the floor), a search that forgives missing
// Vietnamese diacritics ("cau giay" finds "Cầu Giấy"), and pages. Pure, so it is unit-tested.
import type { SitePresence, SiteReadiness } from '$protocol';

export const SITE_FILTERS = ['all', 'disconnected', 'notReady', 'askedFloor'] as const;
export type SiteFilter = (typeof SITE_FILTERS)[number];
export const SITES_PER_PAGE = 12;

/** "Điểm cầu phường Cầu Giấy" → "diem cau phuong cau giay". */
export function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLocaleLowerCase('vi');
}

export interface SiteFacts {
  readiness: Record<string, SiteReadiness> | null;
  /** Sites with a citizen waiting who asked for the floor. */
  askedFloor: ReadonlySet<string>;
}

export function matchesFilter(entry: SitePresence, filter: SiteFilter, facts: SiteFacts): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'disconnected':
      return !entry.connected;
    case 'notReady': {
      const check = facts.readiness?.[entry.site.id];
      return !check || check.quality === 'POOR' || check.quality === 'FAILED';
    }
    case 'askedFloor':
      return facts.askedFloor.has(entry.site.id);
  }
}

export interface SitePage {
  sites: SitePresence[];
  /** How many match the filter and the search, over all pages. */
  matching: number;
  page: number;
  pages: number;
}

/** The host office first, then by code; filtered, searched (name or code) and cut to one page. */
export function siteListPage(all: SitePresence[], filter: SiteFilter, search: string, page: number, facts: SiteFacts): SitePage {
  const needle = folded(search.trim());
  const matching = [...all]
    .sort((a, b) => Number(b.site.kind === 'HOST_OFFICE') - Number(a.site.kind === 'HOST_OFFICE') || a.site.code.localeCompare(b.site.code))
    .filter((entry) => matchesFilter(entry, filter, facts))
    .filter((entry) => !needle || folded(entry.site.name).includes(needle) || folded(entry.site.code).includes(needle));
  const pages = Math.max(1, Math.ceil(matching.length / SITES_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  return { sites: matching.slice((current - 1) * SITES_PER_PAGE, current * SITES_PER_PAGE), matching: matching.length, page: current, pages };
}
