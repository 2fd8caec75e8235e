// LiveKit tokens are minted here only: short-lived, one identity per account and site, the least grants
// the role needs. Nothing in them comes from the client.
import { AccessToken, TrackSource } from 'livekit-server-sdk';
import type { ConnectionDetails, ParticipantAttributes, Role, SiteKind } from '../../../protocol/index.ts';
import type { Source } from '../floor/floor-policy.ts';

export interface TokenSubject {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  site: { id: string; code: string; name: string; kind: SiteKind };
}

export interface LiveKitCredentials {
  publicUrl: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * `<username>@<site code>`: readable in LiveKit's logs, and the webhook handler can find the account again.
 * A room display (the TV at a bridge point) gets `.tv` after the site code, so it neither replaces the
 * operator's own connection nor counts as the site being present.
 */
export function participantIdentity(username: string, siteCode: string, display = false): string {
  return `${username}@${siteCode}${display ? '.tv' : ''}`;
}

export interface RoomGrants {
  sources: Source[];
  /** Observers and room displays stay invisible to the sites. */
  hidden: boolean;
  /** False while a confidential turn of another site is in progress. */
  canSubscribe?: boolean;
  display: boolean;
}

export function parseIdentity(identity: string): { username: string; siteCode: string } | null {
  const at = identity.lastIndexOf('@');
  if (at <= 0 || at === identity.length - 1) return null;
  return { username: identity.slice(0, at), siteCode: identity.slice(at + 1) };
}

/** Our source names as LiveKit's track sources; the floor controller uses the same map. */
export const TRACK_SOURCE: Record<Source, TrackSource> = { camera: TrackSource.CAMERA, microphone: TrackSource.MICROPHONE };

export async function mintRoomToken(
  creds: LiveKitCredentials,
  roomName: string,
  subject: TokenSubject,
  ttlSeconds: number,
  grants: RoomGrants,
  now: Date = new Date(),
): Promise<ConnectionDetails> {
  const identity = participantIdentity(subject.username, subject.site.code, grants.display);
  const attributes: ParticipantAttributes = {
    accountId: subject.id,
    siteId: subject.site.id,
    siteCode: subject.site.code,
    siteKind: subject.site.kind,
    role: subject.role,
    accountName: subject.fullName,
  };
  const at = new AccessToken(creds.apiKey, creds.apiSecret, {
    identity,
    name: subject.site.name,
    ttl: ttlSeconds,
    attributes: { ...attributes, ...(grants.display ? { display: 'true' } : {}) },
  });
  const canPublish = grants.sources.length > 0;
  at.addGrant({
    room: roomName,
    roomJoin: true,
    canSubscribe: grants.canSubscribe ?? true,
    canPublish,
    canPublishSources: grants.sources.map((s) => TRACK_SOURCE[s]),
    // Live state travels over our socket, where it is validated and persisted; never over data channels.
    canPublishData: false,
    canUpdateOwnMetadata: false,
    hidden: grants.hidden,
  });
  return {
    serverUrl: creds.publicUrl,
    token: await at.toJwt(),
    roomName,
    identity,
    participantName: subject.site.name,
    canPublish,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
  };
}
