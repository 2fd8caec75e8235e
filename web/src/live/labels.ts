// How a registration is named on screen. A confidential citizen reaches this client without a name unless
// the viewer is in the chair's circle or at the citizen's own site; then the turn is only "confidential".
import type { QueueEntry } from '$protocol';
import type { LiveSession } from './live-session.svelte.ts';

export type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

export function citizenLabel(entry: QueueEntry, t: Translate): string {
  return entry.citizenName ?? t('turn.confidential');
}

export function siteName(session: LiveSession, siteId: string): string {
  return session.siteOf(siteId)?.name ?? '';
}

/** Who holds the floor and where, for the spotlight and the room display; null between turns. */
export function speakerCaption(session: LiveSession, t: Translate): { speaker: string; site: string; siteId: string } | null {
  const entry = session.current;
  const floor = session.state?.floor;
  if (!entry || !floor) return null;
  const speaker = floor.speaker;
  // "Sở Xây dựng – Đỗ Minh Xây": the agency is what the room needs to know, the person second.
  const name =
    speaker.kind === 'AGENCY'
      ? speaker.agencyName
        ? t('turn.agencyFull', { values: { agency: speaker.agencyName, name: speaker.name } })
        : t('turn.agency', { values: { name: speaker.name } })
      : citizenLabel(entry, t);
  return { speaker: name, site: siteName(session, speaker.siteId), siteId: speaker.siteId };
}
