// Applies the floor to LiveKit through its server API (participant permissions), so a bridge without the
// floor cannot publish microphone audio even with a modified client, and a site outside a confidential
// turn cannot receive its media. LiveKit unpublishes a live track at once when its source is taken away.
//
// Order matters for what people see and hear: restrict first, then announce; announce first, then lift.
// A change's restrictions (a microphone closed, a confidential turn's media withheld) are applied before
// its patch is broadcast, and what it grants only after, so no site ever receives media that the state it
// was last told does not allow. A room's LiveKit updates take turns across every hub instance (the room's
// advisory lock, floor-marks.repository.ts), and the versions stored with it keep a late update from
// undoing a newer one, whichever instance computed either.
import { RoomServiceClient, type ParticipantInfo, type TrackSource } from 'livekit-server-sdk';
import type { ParticipantAttributes } from '../../../protocol/index.ts';
import { TRACK_SOURCE } from '../livekit/tokens.ts';
import { allowedSources, maySubscribe, type FloorFacts, type PublisherFacts } from './floor-policy.ts';
import type { FloorMarksRepository, RoomMarks } from './floor-marks.repository.ts';

export function publisherFacts(info: Pick<ParticipantInfo, 'attributes'>): PublisherFacts | null {
  const a = info.attributes as Partial<ParticipantAttributes> & { accountId?: string; display?: string };
  if (!a.role || !a.siteId || !a.accountId) return null;
  return { accountId: a.accountId, role: a.role, siteId: a.siteId, display: a.display === 'true' };
}

/** The facts of one version of a session's live state, as the policy needs them. */
export interface RoomFacts {
  version: number;
  live: FloorFacts;
  hostSiteId: string;
}

/** Reads the newest facts from the database when the update actually runs. */
export type FactsLoader = () => Promise<RoomFacts | null>;

interface Grants {
  sources: TrackSource[];
  subscribe: boolean;
}

type Mode = 'restrict' | 'full';

export type FloorMarks = Pick<FloorMarksRepository, 'withRoom'>;

/**
 * A change restricted and never announced (its instance died in between) stops holding grants back after
 * this long: an announcement follows its restrictions within the event bus's wait (3 s).
 */
const ABANDONED_AFTER_MS = 10_000;

export class FloorControl {
  /** In this instance, one update per room at a time: each holds the room's lock (a database connection). */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly rooms: RoomServiceClient,
    private readonly marks: FloorMarks,
    private readonly log: (m: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private serialized<T>(roomName: string, work: (marks: RoomMarks) => Promise<{ value: T; marks?: RoomMarks }>): Promise<T> {
    const locked = (): Promise<T> => this.marks.withRoom(roomName, work);
    const run = (this.chains.get(roomName) ?? Promise.resolve()).then(locked, locked);
    const settled = run.catch(() => undefined);
    this.chains.set(roomName, settled);
    void settled.then(() => {
      if (this.chains.get(roomName) === settled) this.chains.delete(roomName);
    });
    return run;
  }

  /** Before a change is announced: takes away what its facts no longer allow; grants nothing. */
  restrict(roomName: string, facts: RoomFacts): Promise<number> {
    return this.serialized(roomName, async (marks) => {
      if (facts.version <= marks.restricted) return { value: 0 };
      return { value: await this.applyRoomNow(roomName, facts, 'restrict'), marks: { ...marks, restricted: facts.version, restrictedAt: this.now() } };
    });
  }

  /** After a change is announced: grants what its facts allow, unless a newer change restricted meanwhile. */
  lift(roomName: string, facts: RoomFacts): Promise<number> {
    return this.serialized(roomName, async (marks) => {
      const announced = { ...marks, announced: Math.max(marks.announced, facts.version) };
      if (facts.version < marks.restricted) return { value: 0, marks: announced };
      return { value: await this.applyRoomNow(roomName, facts, 'full'), marks: announced };
    });
  }

  /**
   * Brings every participant of the room in line with the newest facts (a start, a LiveKit that came back,
   * the periodic sweep). While a change is restricted but not yet announced, only restrictions are applied:
   * its grants come with its own announcement. Returns how many participants were changed.
   */
  reconcileRoom(roomName: string, load: FactsLoader): Promise<number> {
    return this.serialized(roomName, async (marks) => {
      const facts = await load();
      return { value: facts ? await this.applyRoomNow(roomName, facts, this.modeFor(marks)) : 0 };
    });
  }

  /** One participant who just joined (its token already carries the grants of when it was minted). */
  reconcileIdentity(roomName: string, identity: string, load: FactsLoader): Promise<boolean> {
    return this.serialized(roomName, async (marks) => {
      const facts = await load();
      if (!facts) return { value: false };
      try {
        return { value: await this.applyOne(roomName, await this.rooms.getParticipant(roomName, identity), facts, this.modeFor(marks)) };
      } catch {
        return { value: false }; // already gone
      }
    });
  }

  private modeFor(marks: RoomMarks): Mode {
    const inFlight = marks.restricted > marks.announced && !!marks.restrictedAt && this.now().getTime() - marks.restrictedAt.getTime() < ABANDONED_AFTER_MS;
    return inFlight ? 'restrict' : 'full';
  }

  private async applyRoomNow(roomName: string, facts: RoomFacts, mode: Mode): Promise<number> {
    let participants: ParticipantInfo[];
    try {
      participants = await this.rooms.listParticipants(roomName);
    } catch {
      return 0; // no room yet: tokens carry the right grants when sites join
    }
    const results = await Promise.all(participants.map((p) => this.applyOne(roomName, p, facts, mode)));
    return results.filter(Boolean).length;
  }

  private async applyOne(roomName: string, p: ParticipantInfo, facts: RoomFacts, mode: Mode): Promise<boolean> {
    const who = publisherFacts(p);
    if (!who || !p.permission) return false;
    const wanted: Grants = {
      sources: allowedSources(who, facts.live, facts.hostSiteId).map((s) => TRACK_SOURCE[s]),
      subscribe: maySubscribe(who, facts.live, facts.hostSiteId),
    };
    const current: Grants = { sources: p.permission.canPublishSources, subscribe: p.permission.canSubscribe };
    const target: Grants =
      mode === 'full' ? wanted : { sources: current.sources.filter((s) => wanted.sources.includes(s)), subscribe: current.subscribe && wanted.subscribe };
    const same = target.sources.length === current.sources.length && target.sources.every((s) => current.sources.includes(s));
    if (same && p.permission.canPublish === target.sources.length > 0 && target.subscribe === current.subscribe) return false;
    try {
      await this.rooms.updateParticipant(roomName, p.identity, {
        permission: {
          canSubscribe: target.subscribe,
          canPublish: target.sources.length > 0,
          canPublishData: false,
          canPublishSources: target.sources,
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
