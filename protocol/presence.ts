// Presence: who is connected to the session's video room, from LiveKit webhooks. Volatile in meaning,
// but kept in PostgreSQL so every server instance sees the same list.
import type { Role } from './auth.ts';
import type { SiteSummary } from './sites.ts';

export interface SitePresence {
  site: SiteSummary;
  connected: boolean;
  /** ISO time the site's first currently connected participant joined, or when it last left. */
  since: string | null;
  participants: { identity: string; accountId: string; accountName: string; role: Role; joinedAt: string }[];
}

export interface PresenceSnapshot {
  sessionId: string;
  version: number;
  sites: SitePresence[];
}
