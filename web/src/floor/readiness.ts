// Which bridge points are not ready to start: not connected, never checked, or a failed or weak check.
import type { PresenceSnapshot, SiteReadiness, SiteSummary } from '$protocol';

export type NotReadyReason = 'offline' | 'unchecked' | 'FAILED' | 'POOR';

export function notReadySites(
  sites: Iterable<SiteSummary>,
  presence: PresenceSnapshot | null,
  readiness: Record<string, SiteReadiness>,
): { site: SiteSummary; reasons: NotReadyReason[] }[] {
  const connected = new Set(presence?.sites.filter((s) => s.connected).map((s) => s.site.id) ?? []);
  const result: { site: SiteSummary; reasons: NotReadyReason[] }[] = [];
  for (const site of sites) {
    if (site.kind !== 'BRIDGE_POINT') continue;
    const reasons: NotReadyReason[] = [];
    if (!connected.has(site.id)) reasons.push('offline');
    const check = readiness[site.id];
    if (!check) reasons.push('unchecked');
    else if (check.quality === 'FAILED' || check.quality === 'POOR') reasons.push(check.quality);
    if (reasons.length > 0) result.push({ site, reasons });
  }
  return result.sort((a, b) => a.site.code.localeCompare(b.site.code));
}
