// No sound reaches anyone from a participant who may not be heard, whatever its track claims to be.
// LiveKit checks a track's *source* against the participant's grants, not its *kind*: a bridge granted the
// camera can publish an audio track that says "camera", and LiveKit forwards it. Our client never does
// that; a modified one can. So the hub watches every published track (LiveKit's track_published webhook,
// and a sweep of every running room as a backstop for lost webhooks) and reacts to sound that does not
// come from a microphone:
//   - the first time, the participant's publishing is taken away for a while (LiveKit then removes every
//     track it publishes, the forbidden one with it), and its account is told why;
//   - again in the same session, it is removed from the room and gets no new room token for a while.
// Every offense is recorded (MediaOffense) for the chair's circle and the inspectorate.
import { TrackSource, TrackType, type RoomServiceClient, type TrackInfo } from 'livekit-server-sdk';
import { msg } from '../../../protocol/index.ts';
import type { MediaRefusal } from '../events/domain-events.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { MediaOffenseRepository } from './media-offense.repository.ts';
import type { SessionsRepository } from '../sessions/sessions.repository.ts';
import type { AccountRepository } from '../auth/account.repository.ts';
import { AppError } from '../errors/app-error.ts';
import { parseIdentity } from '../livekit/tokens.ts';
import { publisherFacts } from './floor-control.ts';

export interface SanctionTimes {
  /** How long publishing stays taken away after a first offense. */
  revokeMs: number;
  /** How long a removed participant gets no new room token. */
  removeMs: number;
}

/** A second offense in the same session removes the participant. */
const REMOVE_AT_OFFENSE = 2;

/** Sound that is not a microphone is never legitimate, for anyone (the floor governs the microphone). */
export function isForbiddenTrack(track: Pick<TrackInfo, 'type' | 'source'>): boolean {
  return track.type === TrackType.AUDIO && track.source !== TrackSource.MICROPHONE;
}

export type { MediaRefusal } from '../events/domain-events.ts';

/** The accounts of a session whose publishing is taken away right now. */
export function sanctionedAccounts(offenses: MediaOffenseRepository, sessionId: string, revokeMs: number, now = Date.now()): Promise<Set<string>> {
  return offenses.offendersSince(sessionId, new Date(now - revokeMs));
}

/** Refuses a room token to an account removed for a repeated forbidden publish, until its time is up. */
export async function refuseIfRemoved(offenses: MediaOffenseRepository, sessionId: string, accountId: string, removeMs: number, now = Date.now()): Promise<void> {
  const last = await offenses.lastRemoval(sessionId, accountId, new Date(now - removeMs));
  if (!last) return;
  const minutes = Math.max(1, Math.ceil((last.getTime() + removeMs - now) / 60_000));
  throw new AppError('FORBIDDEN', msg('media.removedWait', { minutes }));
}

export class MediaGuard {
  constructor(
    private readonly offenses: MediaOffenseRepository,
    private readonly sessions: Pick<SessionsRepository, 'runningRooms' | 'sessionOfRoom'>,
    private readonly accounts: Pick<AccountRepository, 'byUsername'>,
    private readonly events: EventBus,
    private readonly rooms: Pick<RoomServiceClient, 'listParticipants' | 'updateParticipant' | 'removeParticipant'>,
    readonly times: SanctionTimes,
    private readonly log: (m: string) => void,
  ) {}

  /** The accounts of this session whose publishing is taken away right now. */
  sanctioned(sessionId: string): Promise<Set<string>> {
    return sanctionedAccounts(this.offenses, sessionId, this.times.revokeMs);
  }

  /** From LiveKit's track_published webhook. */
  async trackPublished(roomName: string, identity: string, track: TrackInfo): Promise<void> {
    if (!isForbiddenTrack(track)) return;
    const sessionId = await this.sessions.sessionOfRoom(roomName);
    const who = parseIdentity(identity);
    if (!sessionId || !who) return;
    const account = await this.accounts.byUsername(who.username);
    if (!account) return;
    await this.punish(sessionId, roomName, identity, account, track);
  }

  /** Looks at every track of every running session's room: what a lost webhook would have missed. */
  async sweep(): Promise<number> {
    const running = await this.sessions.runningRooms();
    let caught = 0;
    for (const { id, roomName } of running) {
      let participants;
      try {
        participants = await this.rooms.listParticipants(roomName);
      } catch {
        continue; // no room (yet), or LiveKit down: nothing is forwarded then either
      }
      for (const p of participants) {
        const facts = publisherFacts(p);
        if (!facts) continue;
        for (const track of p.tracks.filter(isForbiddenTrack)) {
          if (await this.punish(id, roomName, p.identity, { id: facts.accountId, siteId: facts.siteId }, track)) caught++;
        }
      }
    }
    return caught;
  }

  /** Records the offense once per track (webhook and sweep may both see it), then sanctions. */
  private async punish(sessionId: string, roomName: string, identity: string, account: { id: string; siteId: string }, track: TrackInfo): Promise<boolean> {
    const earlier = await this.offenses.count(sessionId, account.id);
    const sanction = earlier + 1 >= REMOVE_AT_OFFENSE ? 'REMOVED' : 'REVOKED';
    const recorded = await this.offenses.recordOnce({
      sessionId,
      accountId: account.id,
      identity,
      trackSid: track.sid,
      trackType: TrackType[track.type] ?? String(track.type),
      trackSource: TrackSource[track.source] ?? String(track.source),
      sanction,
    });
    if (!recorded) return false; // this track was dealt with already
    try {
      if (sanction === 'REMOVED') await this.rooms.removeParticipant(roomName, identity);
      else {
        // Without any source granted LiveKit removes every track the participant publishes, this one included.
        await this.rooms.updateParticipant(roomName, identity, {
          permission: { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [], canUpdateMetadata: false },
        });
      }
    } catch (e) {
      this.log(`media guard: could not sanction ${identity} in ${roomName}: ${String(e)}`);
    }
    const until = new Date(Date.now() + (sanction === 'REMOVED' ? this.times.removeMs : this.times.revokeMs));
    this.log(`media guard: ${identity} published ${TrackType[track.type]} as ${TrackSource[track.source]} without the floor in ${roomName}: ${sanction}`);
    this.tellAll({
      sessionId,
      accountId: account.id,
      siteId: account.siteId,
      sanction,
      until: until.toISOString(),
      notice:
        sanction === 'REMOVED'
          ? msg('media.removed', { minutes: Math.round(this.times.removeMs / 60_000) })
          : msg('media.revoked', { source: TrackSource[track.source] ?? String(track.source), seconds: Math.round(this.times.revokeMs / 1000) }),
    });
    return true;
  }

  private tellAll(refusal: MediaRefusal): void {
    // The offender's pages (and the chair's circle) learn what was done and why.
    void this.events.publish('media.refused', refusal);
  }
}
