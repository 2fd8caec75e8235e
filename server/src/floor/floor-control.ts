// Applies the floor to LiveKit through its server API (participant permissions), so a bridge without the
// floor cannot publish microphone audio even with a modified client. LiveKit unpublishes a live track
// at once when its source is taken away.
import { RoomServiceClient, type ParticipantInfo, type TrackSource } from 'livekit-server-sdk';
import type { ParticipantAttributes } from '../../../protocol/index.ts';
import { TRACK_SOURCE } from '../livekit/tokens.ts';
import { allowedSources, maySubscribe, type FloorFacts, type PublisherFacts } from './floor-policy.ts';


export function publisherFacts(info: Pick<ParticipantInfo, 'attributes'>): PublisherFacts | null {
  const a = info.attributes as Partial<ParticipantAttributes> & { accountId?: string; display?: string };
  if (!a.role || !a.siteId || !a.accountId) return null;
  return { accountId: a.accountId, role: a.role, siteId: a.siteId, display: a.display === 'true' };
}

function sameSources(a: readonly TrackSource[], b: readonly TrackSource[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** Reads the newest floor facts from the database when the update actually runs. */
export type FactsLoader = () => Promise<{ live: FloorFacts; hostSiteId: string } | null>;

export class FloorControl {
  /** One chain of updates per room: a late update computed from older facts must never win. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly rooms: RoomServiceClient,
    private readonly log: (m: string) => void,
  ) {}

  private serialized<T>(roomName: string, work: () => Promise<T>): Promise<T> {
    const run = (this.chains.get(roomName) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    this.chains.set(roomName, settled);
    void settled.then(() => {
      if (this.chains.get(roomName) === settled) this.chains.delete(roomName);
    });
    return run;
  }

  /** Brings every participant of the room in line with the floor. Returns how many were changed. */
  applyRoom(roomName: string, load: FactsLoader): Promise<number> {
    return this.serialized(roomName, async () => {
      const facts = await load();
      return facts ? this.applyRoomNow(roomName, facts.live, facts.hostSiteId) : 0;
    });
  }

  applyIdentity(roomName: string, identity: string, load: FactsLoader): Promise<boolean> {
    return this.serialized(roomName, async () => {
      const facts = await load();
      if (!facts) return false;
      try {
        return await this.applyOne(roomName, await this.rooms.getParticipant(roomName, identity), facts.live, facts.hostSiteId);
      } catch {
        return false; // already gone
      }
    });
  }

  private async applyRoomNow(roomName: string, live: FloorFacts, hostSiteId: string): Promise<number> {
    let participants: ParticipantInfo[];
    try {
      participants = await this.rooms.listParticipants(roomName);
    } catch {
      return 0; // no room yet: tokens carry the right grants when sites join
    }
    const results = await Promise.all(participants.map((p) => this.applyOne(roomName, p, live, hostSiteId)));
    return results.filter(Boolean).length;
  }

  private async applyOne(roomName: string, p: ParticipantInfo, live: FloorFacts, hostSiteId: string): Promise<boolean> {
    const facts = publisherFacts(p);
    if (!facts || !p.permission) return false;
    const wanted = allowedSources(facts, live, hostSiteId).map((s) => TRACK_SOURCE[s]);
    const subscribe = maySubscribe(facts, live, hostSiteId);
    if (sameSources(p.permission.canPublishSources, wanted) && p.permission.canPublish === wanted.length > 0 && p.permission.canSubscribe === subscribe) {
      return false;
    }
    try {
      await this.rooms.updateParticipant(roomName, p.identity, {
        permission: {
          canSubscribe: subscribe,
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
