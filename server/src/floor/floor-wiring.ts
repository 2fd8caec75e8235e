// Connects the floor to its causes: every committed live change (restrictions before it is announced,
// grants after), every participant who joins (a site that reconnects gets its rights back without anyone
// acting), a site that drops or comes back while it has the floor (the turn clock pauses and resumes), a
// server start and a media server that came back (permissions re-applied).
import type { LiveState } from '../../../protocol/index.ts';
import type { SessionsRepository } from '../sessions/sessions.repository.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { LiveService } from '../live/live.service.ts';
import type { FactsLoader, FloorControl, RoomFacts } from './floor-control.ts';
import { floorFacts, sameMediaFacts } from './floor-policy.ts';

/** Accounts of a session whose publishing is taken away (see media-guard.ts). */
export type Sanctions = (sessionId: string) => Promise<ReadonlySet<string>>;

async function factsOf(state: LiveState, hostSiteId: string, sanctions: Sanctions): Promise<RoomFacts> {
  return { version: state.version, live: { ...floorFacts(state), sanctioned: await sanctions(state.sessionId) }, hostSiteId };
}

function loader(live: LiveService, sessionId: string, sanctions: Sanctions): FactsLoader {
  return async () => {
    const loaded = await live.load(sessionId);
    return loaded ? factsOf(loaded.state, loaded.hostSiteId, sanctions) : null;
  };
}

export function wireFloorControl(deps: { events: EventBus; live: LiveService; floor: FloorControl; sanctions: Sanctions }): void {
  // Most changes (a registration, a reorder) give nobody other grants: no LiveKit call for them.
  const changesMedia = (previous: LiveState, state: LiveState): boolean => !sameMediaFacts(floorFacts(previous), floorFacts(state));
  deps.events.on('live.changed', async ({ previous, state, roomName, hostSiteId }) => {
    if (changesMedia(previous, state)) await deps.floor.restrict(roomName, await factsOf(state, hostSiteId, deps.sanctions));
  }, 'restrict');
  deps.events.on('live.changed', async ({ previous, state, roomName, hostSiteId }) => {
    if (changesMedia(previous, state)) await deps.floor.lift(roomName, await factsOf(state, hostSiteId, deps.sanctions));
  }, 'lift');
  deps.events.on('presence.participant', async (change) => {
    if (change.siteWasConnected !== change.siteIsConnected) {
      await deps.live.siteConnectivity(change.sessionId, change.siteId, change.siteIsConnected);
    }
    if (change.kind === 'joined') await deps.floor.reconcileIdentity(change.roomName, change.identity, loader(deps.live, change.sessionId, deps.sanctions));
  });
}

/**
 * Brings every running session's room in line with its floor: after a restart (LiveKit may hold
 * permissions from before), after the media server came back, and on every sweep (a sanction that ended).
 */
export async function reapplyFloors(rooms: Pick<SessionsRepository, 'runningRooms'>, live: LiveService, floor: FloorControl, sanctions: Sanctions, log: (m: string) => void): Promise<void> {
  const running = await rooms.runningRooms();
  for (const { id, roomName } of running) {
    const changed = await floor.reconcileRoom(roomName, loader(live, id, sanctions));
    if (changed > 0) log(`floor: re-applied permissions of ${changed} participant(s) in ${roomName}`);
  }
}
