// What happened, as typed events published after the commit that made it true. Features subscribe in
// their own folders (the minutes follow the live session from minutes/, the floor from floor/);
// realtime/ only maps events to socket rooms. Nothing here knows which process holds a socket: with the
// socket.io Redis adapter the gateway's emits reach every instance's sockets.
import type { LivePatch, LiveState, MediaServerStatus, Message, MinutesPart, PresenceSnapshot } from '../../../protocol/index.ts';

/** A participant event after it was applied, with whether its site as a whole is now connected. */
export interface ParticipantChange {
  sessionId: string;
  roomName: string;
  siteId: string;
  identity: string;
  kind: 'joined' | 'left';
  siteWasConnected: boolean;
  siteIsConnected: boolean;
}

/** A forbidden track refused: its publisher loses publishing for a while, or the room. */
export interface MediaRefusal {
  sessionId: string;
  accountId: string;
  siteId: string;
  sanction: 'REVOKED' | 'REMOVED';
  until: string;
  notice: Message;
}

/** One committed change of a session's live state, with what listeners need to act without reloading it. */
export interface LiveChanged {
  /** What was done (`entry.confidential`, `turn.end`, ...), for listeners that care about one kind. */
  command: string;
  patch: LivePatch;
  /** The state before the change and after it. */
  previous: LiveState;
  state: LiveState;
  roomName: string;
  hostSiteId: string;
  siteIds: string[];
}

export interface DomainEvents {
  'live.changed': LiveChanged;
  /** Fields, status or facts of a session's minutes changed; readers fetch the view they may see. */
  'minutes.changed': { sessionId: string; metaVersion: number };
  /** The chair approved a version of the minutes: its conclusion notice assigns the matters that become cases. */
  'minutes.approved': { sessionId: string };
  /** Text stored in one part of the minutes (by a writer, or moved by confidentiality): relayed to its readers. */
  'minutes.text': { sessionId: string; part: MinutesPart; update: Uint8Array; fromSocketId?: string };
  'presence.changed': PresenceSnapshot;
  'presence.participant': ParticipantChange;
  'media.status': MediaServerStatus;
  /** A participant's forbidden track was refused: the person is told why, the chair's circle which site. */
  'media.refused': MediaRefusal;
  /** Sign-ins that ended (signed out, password changed, expired, account deactivated): their sockets close. */
  'auth.signInsEnded': { accountId: string; authSessionIds: string[] };
  /** Accounts whose notifications changed, with their unread counts: their pages update the bell. */
  'notifications.changed': { unread: Record<string, number> };
  /** Sessions were scheduled or changed: invitations that are due now go out. */
  'schedule.changed': { sessionIds: string[] };
  /** A scheduled session was cancelled: whoever was invited is told why. */
  'schedule.cancelled': { sessionId: string };
}

export type EventName = keyof DomainEvents;
