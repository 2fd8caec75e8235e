// The host console's list of bridge points, at 126 sites: filters, a search without diacritics, pages.
import { describe, expect, it } from 'vitest';
import type { SitePresence } from '../../protocol/index.ts';
import { folded, siteListPage, SITES_PER_PAGE } from '../../web/src/room/site-list.ts';

const site = (i: number, name: string, connected: boolean): SitePresence => ({
  site: { id: `s${i}`, code: `P${String(i).padStart(3, '0')}`, name, kind: i === 0 ? 'HOST_OFFICE' : 'BRIDGE_POINT', district: null, ward: null },
  connected,
  since: null,
  participants: [],
});
const city = [site(0, 'Trụ sở Tiếp công dân thành phố', true), ...Array.from({ length: 126 }, (_, i) => site(i + 1, i === 41 ? 'Điểm cầu phường Cầu Giấy' : `Điểm cầu xã số ${i + 1}`, i % 3 !== 0))];
const facts = { readiness: { s2: { quality: 'GOOD' as const, camera: true, microphone: true, rttMs: 20, checkedAt: '', checkedBy: '' } }, askedFloor: new Set(['s5', 's9']) };

describe('the host console’s list of bridge points', () => {
  it('pages 127 sites, the host office first', () => {
    const first = siteListPage(city, 'all', '', 1, facts);
    expect(first).toMatchObject({ matching: 127, page: 1, pages: Math.ceil(127 / SITES_PER_PAGE) });
    expect(first.sites).toHaveLength(SITES_PER_PAGE);
    expect(first.sites[0]!.site.kind).toBe('HOST_OFFICE');
    const last = siteListPage(city, 'all', '', 99, facts);
    expect(last.page).toBe(last.pages);
    expect(last.sites.length).toBe(127 - (last.pages - 1) * SITES_PER_PAGE);
  });

  it('finds a site typed without diacritics, by name or code', () => {
    expect(folded('Điểm cầu phường Cầu Giấy')).toBe('diem cau phuong cau giay');
    expect(siteListPage(city, 'all', 'cau giay', 1, facts).sites.map((s) => s.site.name)).toEqual(['Điểm cầu phường Cầu Giấy']);
    expect(siteListPage(city, 'all', 'p007', 1, facts).sites.map((s) => s.site.code)).toEqual(['P007']);
  });

  it('shows only those that need the moderator: not connected, not ready, asking for the floor', () => {
    const down = siteListPage(city, 'disconnected', '', 1, facts);
    expect(down.matching).toBe(42);
    expect(siteListPage(city, 'notReady', '', 1, facts).matching).toBe(126); // only s2 checked GOOD
    expect(siteListPage(city, 'askedFloor', '', 1, facts).sites.map((s) => s.site.id)).toEqual(['s5', 's9']);
  });
});
