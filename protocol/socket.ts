// Socket.io: every event both ways with its payload and acknowledgement, so server and web cannot disagree
// on one. The handshake's `auth` carries the protocol version; the session cookie authenticates.
import { z } from 'zod';
import type { ApiError } from './errors.ts';
import type { CommandResult, LiveAudience, LiveCommand, LivePatch, SyncResult } from './live.ts';
import type { MediaRefusalNotice, MediaServerStatus } from './media.ts';
import type { MinutesConclusionRequest, MinutesContent, MinutesFieldsRequest, MinutesOpened, MinutesPart, MinutesVersionSummary, MinutesView } from './minutes.ts';
import type { PresenceSnapshot } from './presence.ts';
import { Uuid } from './sessions.ts';

/** Bump when a socket event or payload changes incompatibly; an old client is then told to reload. */
export const PROTOCOL_VERSION = 5;

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
  /** The account's notifications changed (a new one, or read on another device): fetch the count again. */
  'notifications:changed': (msg: { unread: number }) => void;
}

/** Socket.io's connect_error carries this in `err.data`. */
/** A refused socket handshake says why in the one error shape (see errors.ts). */
export type ConnectErrorData = ApiError;
