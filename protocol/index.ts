// The one protocol shared by the server and the web client: roles, API shapes, socket events and their
// zod schemas, error codes and the protocol version checked in the socket handshake. If server and web
// disagree on a payload, the type checker says so before a user does.
import { z } from 'zod';
import type { CommandResult, LiveAudience, LiveCommand, LivePatch, SyncResult } from './live.ts';
import { schemaText, type Message, type MessageKey, type MessageParams } from './messages/index.ts';
import type { MinutesConclusionRequest, MinutesFieldsRequest, MinutesOpened, MinutesPart, MinutesVersionSummary, MinutesView, MinutesContent } from './minutes.ts';

export * from './live.ts';
export * from './messages/index.ts';

/** Bump when a socket event or payload changes incompatibly; an old client is then told to reload. */
export const PROTOCOL_VERSION = 5;

export const ROLES = ['ADMIN', 'CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'AGENCY_REP', 'OBSERVER'] as const;
export type Role = (typeof ROLES)[number];

export const SITE_KINDS = ['HOST_OFFICE', 'BRIDGE_POINT'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const SESSION_KINDS = ['PERIODIC', 'REGULAR', 'THEMATIC', 'AD_HOC', 'DIALOGUE'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_STATUSES = ['SCHEDULED', 'OPEN', 'LIVE', 'PAUSED', 'CLOSED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// Errors: one shape for HTTP and socket. `message` is Vietnamese, for the person in front of the screen.
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'CSRF',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PROTOCOL_MISMATCH',
  'WEBHOOK_REJECTED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  statusCode: number;
  message: string;
  /** Field-level problems from validation, keyed by dotted path. */
  details?: Record<string, string>;
  correlationId?: string;
  /** Seconds to wait before trying again (TOO_MANY_ATTEMPTS). */
  retryAfter?: number;
  /** The message by key, so a page can word it in its own language (see messages/). */
  key?: MessageKey;
  params?: MessageParams;
  /** Field problems by key, for the same reason. */
  detailKeys?: Record<string, Message>;
}

// ---------------------------------------------------------------------------------------------
// HTTP API. Paths are relative to the origin. State-changing requests carry the CSRF header.
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'tiepdan_session';

export const Uuid = z.string().uuid({ message: schemaText('v.id') });

export const SignInRequest = z.object({
  username: z
    .string()
    .trim()
    .min(1, schemaText('v.username'))
    .max(64, schemaText('v.usernameLong'))
    .transform((s) => s.toLowerCase()),
  password: z.string().min(1, schemaText('v.password')).max(256, schemaText('v.passwordLong')),
});
export type SignInRequest = z.input<typeof SignInRequest>;

/** POST /api/auth/password: a person changes their own password (then every other device is signed out). */
export const MIN_PASSWORD_LENGTH = 10;
export const ChangePasswordRequest = z.object({
  current: z.string().min(1, schemaText('v.password')).max(256, schemaText('v.passwordLong')),
  next: z.string().min(MIN_PASSWORD_LENGTH, schemaText('v.passwordShort', { min: MIN_PASSWORD_LENGTH })).max(256, schemaText('v.passwordLong')),
});
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequest>;

export interface SiteSummary {
  id: string;
  code: string;
  name: string;
  kind: SiteKind;
  district: string | null;
  ward: string | null;
}

export interface Me {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  site: SiteSummary;
  agency: { id: string; name: string } | null;
  /** Send back in the CSRF header on every POST/PUT/PATCH/DELETE. */
  csrfToken: string;
}

/** GET /api/auth/session: the signed-in account, or null (never a 401). */
export interface SessionAnswer {
  me: Me | null;
}

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

/** What the browser needs to join the LiveKit room; minted by the server only. */
export interface ConnectionDetails {
  serverUrl: string;
  token: string;
  roomName: string;
  identity: string;
  /** Shown on the tile: the site's name. */
  participantName: string;
  /** Whether the account may publish at all right now (a bridge's microphone opens with the floor). */
  canPublish: boolean;
  expiresAt: string;
}

/** Attributes every participant token carries; set by the server, participants cannot change them. */
export interface ParticipantAttributes {
  accountId: string;
  siteId: string;
  siteCode: string;
  siteKind: SiteKind;
  role: Role;
  accountName: string;
}

// ---------------------------------------------------------------------------------------------
// Presence: who is connected to the session's video room, from LiveKit webhooks. Volatile in meaning,
// but kept in PostgreSQL so every server instance sees the same list.
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

/** Whether the media server (LiveKit) answers the hub; pushed to every page on each change and on connect. */
export interface MediaServerStatus {
  up: boolean;
  /** When it last went up or down (ISO). */
  since: string;
}

/** What the media guard did to a site that published sound without the floor. */
export interface MediaRefusalNotice {
  sessionId: string;
  /** REVOKED: nothing published for a while; REMOVED: out of the room, no new token for a while. */
  sanction: 'REVOKED' | 'REMOVED';
  until: string;
  message: string;
  key?: MessageKey;
  params?: MessageParams;
}

/** GET /api/health: each part the hub needs; 503 while one of them is down. */
export interface HealthReport {
  ok: boolean;
  parts: { database: { up: boolean }; mediaServer: MediaServerStatus };
}

// ---------------------------------------------------------------------------------------------
// Socket.io. The handshake's `auth` carries the protocol version; the session cookie authenticates.
export const HandshakeAuth = z.object({ protocolVersion: z.number().int() });
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export const WatchSessionRequest = z.object({ sessionId: Uuid });
export type WatchSessionRequest = z.infer<typeof WatchSessionRequest>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/**
 * The largest socket message the server reads at all (socket.io's maxHttpBufferSize): anything bigger closes
 * the connection (WebSocket close code 1009) before it can be answered, so clients check their own messages
 * against the limits below first.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 2 * 1024 * 1024;
/** An intent is a few hundred bytes; anything near this is not one a person made. */
export const MAX_INTENT_BYTES = 64 * 1024;
/** WebSocket close code for "message too big". */
export const CLOSE_MESSAGE_TOO_BIG = 1009;

export interface ClientToServerEvents {
  /** Start receiving a session's live state; answers with the current snapshot. */
  'session:watch': (req: WatchSessionRequest, ack: (res: Ack<PresenceSnapshot>) => void) => void;
  'session:unwatch': (req: WatchSessionRequest, ack: (res: Ack<null>) => void) => void;
  /** An intent on the live session; answered with commit (new version) or a refusal with its reason. */
  'live:command': (req: { sessionId: string; command: LiveCommand }, ack: (res: CommandResult) => void) => void;
  /** Catch up from `version` (null: first load): the missed patches, or a snapshot when too far behind. */
  'live:sync': (req: { sessionId: string; version: number | null; audience?: LiveAudience }, ack: (res: Ack<SyncResult>) => void) => void;
  /** Start editing or reading a session's minutes: the whole document, and whether this account may edit. */
  'minutes:open': (req: { sessionId: string; part?: MinutesPart }, ack: (res: Ack<MinutesOpened>) => void) => void;
  /** One Yjs update; acknowledged only once it is stored. Re-sending after a lost ack is harmless. */
  'minutes:update': (req: { sessionId: string; part?: MinutesPart; update: Uint8Array }, ack: (res: Ack<{ stored: true }>) => void) => void;
  /** Cursors and who edits which entry (Yjs awareness); volatile, never stored. */
  'minutes:awareness': (req: { sessionId: string; part?: MinutesPart; update: Uint8Array }) => void;
  /** The header, each turn's facts and the structured fields, as this viewer may see them. */
  'minutes:view': (req: { sessionId: string }, ack: (res: Ack<MinutesView>) => void) => void;
  /** Sets one entry's structured fields; refused with a reason (no agency, deadline in the past, locked). */
  'minutes:fields': (req: MinutesFieldsRequest, ack: (res: Ack<MinutesView>) => void) => void;
  /** The conclusion the chair states as a turn ends; only the conclusion fields change. */
  'minutes:conclusion': (req: MinutesConclusionRequest, ack: (res: Ack<MinutesView>) => void) => void;
  /** The chair approves: the minutes lock and become a numbered version. */
  'minutes:approve': (req: { sessionId: string }, ack: (res: Ack<MinutesView>) => void) => void;
  /** Opens a correction of approved minutes, with its reason; approving it makes the next version. */
  'minutes:amend': (req: { sessionId: string; reason: string }, ack: (res: Ack<MinutesView>) => void) => void;
  'minutes:versions': (req: { sessionId: string }, ack: (res: Ack<MinutesVersionSummary[]>) => void) => void;
  'minutes:version': (req: { sessionId: string; number: number }, ack: (res: Ack<MinutesContent>) => void) => void;
}

export interface ServerToClientEvents {
  'presence:snapshot': (snapshot: PresenceSnapshot) => void;
  /** One accepted change of the live session; apply only if it is exactly the next version. */
  'live:patch': (patch: LivePatch) => void;
  'minutes:update': (msg: { sessionId: string; part: MinutesPart; update: Uint8Array }) => void;
  'minutes:awareness': (msg: { sessionId: string; part: MinutesPart; update: Uint8Array }) => void;
  /** Facts, fields or status of the minutes changed: fetch `minutes:view` again if `metaVersion` is newer. */
  'minutes:changed': (msg: { sessionId: string; metaVersion: number }) => void;
  /** This account's site was caught publishing sound without the floor: what the hub did, and why. */
  'media:refused': (msg: MediaRefusalNotice) => void;
  /** To the chair's circle: a site was caught publishing sound without the floor. */
  'media:offense': (msg: { sessionId: string; siteId: string; sanction: MediaRefusalNotice['sanction']; at: string }) => void;
  /** The media server went down or came back; sent on connect too. */
  'hub:media': (status: MediaServerStatus) => void;
  /** The account was signed out (elsewhere or expired); the client returns to the sign-in page. */
  'auth:signed-out': () => void;
}

/** Socket.io's connect_error carries this in `err.data`. */
export interface ConnectErrorData {
  code: ErrorCode;
  message: string;
}
export * from './queue-order.ts';
export * from './permissions.ts';
// The live session's rules, pure: the server decides with them, a page asks them what it may offer.
export { decide } from './live-rules/state-machine.ts';
export { SYSTEM, type Actor, type AnyCommand, type Decision, type LiveContext, type Refusal as LiveRefusal } from './live-rules/rules.ts';

/** Body of POST /api/sessions/:id/connection. A room display (the TV at a bridge point) only watches. */
export const ConnectionRequest = z.object({ mode: z.enum(['participant', 'display']).default('participant') });
export type ConnectionRequest = z.input<typeof ConnectionRequest>;
export * from './minutes.ts';
