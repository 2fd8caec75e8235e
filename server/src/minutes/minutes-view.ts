// What the hub knows of a session's minutes (the header, each turn's facts and the structured fields) and
// how each reader sees it. The full view is read from the database every time it is asked
// (minutes-view.repository.ts), so every server instance answers the same, and the facts follow the live
// session (a name corrected by the moderator, a turn the chair ended) without ever touching what
// secretaries wrote in the Yjs document.
import type { Person } from '../access/caller.ts';
import { isSessionChair, mayAmendMinutes, mayEditMinutes, seesIdentities } from '../access/policy.ts';
import { withholdIdentity } from '../access/redaction.ts';
import {
  type MinutesEntryView,
  type MinutesHeader,
  type MinutesView,
} from '../../../protocol/index.ts';

/** "05/BB-BTCD": the number, padded to two digits, the document type and the issuer's symbol. */
export function documentNumber(n: number, type: 'BB' | 'TB', symbol: string): string {
  return `${String(n).padStart(2, '0')}/${type}-${symbol}`;
}

/**
 * Facts follow the live session (its version), fields and status the document's own counter: the sum grows
 * with either, which is all a client needs to know it is behind.
 */
export function metaVersionOf(liveVersion: number, documentMetaVersion: number | undefined): number {
  return liveVersion + (documentMetaVersion ?? 0);
}

/** The full view, as the chair's circle sees it; `forViewer` narrows it. */
export interface FullView {
  header: MinutesHeader;
  entries: MinutesEntryView[];
  status: MinutesView['status'];
  metaVersion: number;
  versions: number;
  numbers: MinutesView['numbers'];
  amendReason: string | null;
  chairId: string;
  sessionStatus: string;
}

export function forViewer(full: FullView, viewer: Person): MinutesView {
  const identities = seesIdentities(viewer);
  const editor = mayEditMinutes(viewer, full.chairId);
  return {
    header: full.header,
    entries: identities ? full.entries : full.entries.map((e) => ({ ...e, facts: withholdIdentity(e.facts) })),
    status: full.status,
    metaVersion: full.metaVersion,
    versions: full.versions,
    numbers: full.numbers,
    amendReason: full.amendReason,
    canEdit: editor && full.status !== 'APPROVED',
    canApprove: isSessionChair(viewer, full.chairId) && full.status !== 'APPROVED',
    canAmend: mayAmendMinutes(viewer, full.chairId) && full.status === 'APPROVED',
    redacted: !identities && full.entries.some((e) => e.facts.confidential),
    seesClosed: identities,
  };
}
