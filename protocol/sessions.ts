// Reception sessions (kỳ tiếp công dân) as the HTTP API lists them: kind, status, who chairs, which sites
// and agencies take part.
import { z } from 'zod';
import { schemaText } from './messages/index.ts';
import type { SiteSummary } from './sites.ts';

export const SESSION_KINDS = ['PERIODIC', 'REGULAR', 'THEMATIC', 'AD_HOC', 'DIALOGUE'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_STATUSES = ['SCHEDULED', 'OPEN', 'LIVE', 'PAUSED', 'CLOSED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A session's id in a path or a payload; a malformed one is a validation error, not a database error. */
export const Uuid = z.string().uuid({ message: schemaText('v.id') });
/** An id a request must carry: missing says "required", malformed says "invalid". */
export const RequiredUuid = z.string(schemaText('v.required')).uuid(schemaText('v.id'));

export interface SessionSummary {
  id: string;
  title: string;
  kind: SessionKind;
  status: SessionStatus;
  scheduledStart: string;
  scheduledEnd: string | null;
  chair: { id: string; fullName: string };
  hostSite: SiteSummary;
  sites: SiteSummary[];
  agencies: { id: string; code: string; name: string }[];
  /** Agency representatives of the invited agencies: whom the chair can hand the floor to. */
  agencyReps: { accountId: string; name: string; agencyName: string; siteId: string }[];
  /** Whether the signed-in account may join the video room. */
  canJoin: boolean;
}
