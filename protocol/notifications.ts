// The notification centre and invitations: each site and agency invited to a session is told in the hub a
// number of working days ahead, confirms it attends, and is reminded the day before to run the connection
// test; the host office sees, per session, who confirmed and who passed the test.
import { z } from 'zod';
import { schemaText } from './messages/index.ts';

export const NOTIFICATION_KINDS = ['INVITATION', 'READINESS_REMINDER', 'SESSION_CANCELLED', 'CASE_DUE_SOON', 'CASE_DUE', 'CASE_OVERDUE', 'CASE_REOPEN_ASKED', 'CASE_DIGEST', 'CASE_TRANSFERRED'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Working days before a session when its sites and agencies are invited. */
export const INVITATION_LEAD_WORKING_DAYS = 5;

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  sessionId: string | null;
  /** The case a deadline reminder is about. */
  caseId?: string | null;
  /**
   * What the words need: the session's title (or the case's number and matter), its start (ISO), the reason
   * for a cancellation or a citizen's reopening request, a case's deadline day, the morning digest's counts.
   */
  params: { title: string; startsAt: string; reason?: string; deadline?: string; digest?: CaseDigestCounts };
  createdAt: string;
  readAt: string | null;
}

/** The host office's morning digest of the city's cases. */
export interface CaseDigestCounts {
  open: number;
  overdue: number;
  /** Due within three working days. */
  dueSoon: number;
  /** Extensions and reopening requests waiting for the office's decision. */
  toDecide: number;
  /** Resolved on the previous day. */
  resolvedYesterday: number;
}

/** GET /api/notifications: the newest fifty, and how many are unread in all. */
export interface NotificationsAnswer {
  items: NotificationView[];
  unread: number;
}

/** POST /api/notifications/read: those ids, or every one when none are given. */
export const MarkReadRequest = z.object({ ids: z.array(z.string().uuid(schemaText('v.id'))).max(200).optional() });
export type MarkReadRequest = z.input<typeof MarkReadRequest>;

/** GET /api/invitations: the coming sessions the caller's site or agency is invited to. */
export interface InvitationView {
  sessionId: string;
  title: string;
  kind: 'PERIODIC' | 'REGULAR' | 'THEMATIC' | 'AD_HOC' | 'DIALOGUE';
  startsAt: string;
  endsAt: string | null;
  chair: string;
  hostSite: string;
  /** Whose invitation it is: the caller's bridge point, or their agency. */
  invitee: { kind: 'site' | 'agency'; name: string };
  invitedAt: string | null;
  confirmedAt: string | null;
  /** The site's last connection test for this session, if any. */
  readiness: { quality: 'GOOD' | 'FAIR' | 'POOR' | 'FAILED'; checkedAt: string } | null;
}

/** Per session, for the host office: who was invited, who confirmed, who passed the connection test. */
export interface SessionAttendance {
  sessionId: string;
  sites: { id: string; name: string; invitedAt: string | null; confirmedAt: string | null; readiness: InvitationView['readiness'] }[];
  agencies: { id: string; name: string; invitedAt: string | null; confirmedAt: string | null }[];
}

/** POST /api/calendar-feed: a new secret iCalendar address (the old one stops working); shown once. */
export interface CalendarFeedIssued {
  path: string;
}
