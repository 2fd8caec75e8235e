// The video room (LiveKit): how a browser joins it, what the hub knows about the media server, and what the
// media guard tells a site it caught publishing sound without the floor.
import { z } from 'zod';
import type { Role } from './auth.ts';
import type { MessageKey, MessageParams } from './messages/index.ts';
import type { SiteKind } from './sites.ts';

/** Body of POST /api/sessions/:id/connection. A room display (the TV at a bridge point) only watches. */
export const ConnectionRequest = z.object({ mode: z.enum(['participant', 'display']).default('participant') });
export type ConnectionRequest = z.input<typeof ConnectionRequest>;

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
  /** realtime: present when instances share broadcasts through Redis; down does not fail the check (each instance still serves its own sockets). */
  parts: { database: { up: boolean }; mediaServer: MediaServerStatus; realtime?: { up: boolean } };
}
