// Applies the floor to LiveKit through its server API (participant permissions), so a bridge without the
// floor cannot publish microphone audio even with a modified client. LiveKit unpublishes a live track
// at once when its source is taken away.
import { RoomServiceClient, TrackSource, type ParticipantInfo } from 'livekit-server-sdk';
import type { ParticipantAttributes } from '../../../protocol/index.ts';
import { allowedSources, type Source, type PublisherFacts } from './floor-policy.ts';
import type { floorFacts } from './floor-policy.ts';

const TO_SOURCE: Record<Source, TrackSource> = { camera: TrackSource.CAMERA, microphone: TrackSource.MICROPHONE };

export function publisherFacts(info: Pick<ParticipantInfo, 'attributes'>): PublisherFacts | null {
  const a = info.attributes as Partial<ParticipantAttributes> & { accountId?: string; display?: string };
  if (!a.role || !a.siteId || !a.accountId) return null;
  return { accountId: a.accountId, role: a.role, siteId: a.siteId, display: a.display === 'true' };
}

function sameSources(a: readonly TrackSource[], b: readonly TrackSource[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

export class FloorControl {
  constructor(
    private readonly rooms: RoomServiceClient,
    private readonly log: (m: string) => void,
  ) {}

  /** Brings every participant of the room in line with the floor. Returns how many were changed. */
  async applyRoom(roomName: string, live: ReturnType<typeof floorFacts>, hostSiteId: string): Promise<number> {
    let participants: ParticipantInfo[];
    try {
      participants = await this.rooms.listParticipants(roomName);
    } catch {
      return 0; // no room yet: tokens carry the right grants when sites join
    }
    const results = await Promise.all(participants.map((p) => this.applyOne(roomName, p, live, hostSiteId)));
    return results.filter(Boolean).length;
  }

  async applyIdentity(roomName: string, identity: string, live: ReturnType<typeof floorFacts>, hostSiteId: string): Promise<boolean> {
    try {
      return await this.applyOne(roomName, await this.rooms.getParticipant(roomName, identity), live, hostSiteId);
    } catch {
      return false; // already gone
    }
  }

  private async applyOne(roomName: string, p: ParticipantInfo, live: ReturnType<typeof floorFacts>, hostSiteId: string): Promise<boolean> {
    const facts = publisherFacts(p);
    if (!facts || !p.permission) return false;
    const wanted = allowedSources(facts, live, hostSiteId).map((s) => TO_SOURCE[s]);
    if (sameSources(p.permission.canPublishSources, wanted) && p.permission.canPublish === wanted.length > 0) return false;
    try {
      await this.rooms.updateParticipant(roomName, p.identity, {
        permission: {
          canSubscribe: p.permission.canSubscribe,
          canPublish: wanted.length > 0,
          canPublishData: false,
          canPublishSources: wanted,
          hidden: p.permission.hidden,
          canUpdateMetadata: false,
        },
      });
      return true;
    } catch (e) {
      this.log(`floor: could not update ${p.identity} in ${roomName}: ${String(e)}`);
      return false;
    }
  }
}
