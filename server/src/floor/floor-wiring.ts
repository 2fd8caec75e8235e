// Connects the floor to its causes: every committed live change, every participant who joins (a site
// that reconnects gets its rights back without anyone acting), a site that drops or comes back while it
// has the floor (the turn clock pauses and resumes), and a server start (permissions re-applied).
import type { Db } from '../db/client.ts';
import type { LiveService } from '../live/live.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { FactsLoader, FloorControl } from './floor-control.ts';
import { floorFacts } from './floor-policy.ts';

function loader(live: LiveService, sessionId: string): FactsLoader {
  return async () => {
    const loaded = await live.load(sessionId);
    return loaded ? { live: floorFacts(loaded.state), hostSiteId: loaded.hostSiteId } : null;
  };
}

export function wireFloorControl(deps: { db: Db; live: LiveService; presence: PresenceService; floor: FloorControl; log: (m: string) => void }): void {
  deps.live.onChange(async ({ state, roomName }) => {
    await deps.floor.applyRoom(roomName, loader(deps.live, state.sessionId));
  });
  deps.presence.onParticipant(async (change) => {
    if (change.siteWasConnected !== change.siteIsConnected) {
      await deps.live.siteConnectivity(change.sessionId, change.siteId, change.siteIsConnected);
    }
    if (change.kind === 'joined') await deps.floor.applyIdentity(change.roomName, change.identity, loader(deps.live, change.sessionId));
  });
}

/** After a restart, LiveKit may hold permissions from before: bring every running session in line. */
export async function reapplyFloors(db: Db, live: LiveService, floor: FloorControl, log: (m: string) => void): Promise<void> {
  const running = await db.receptionSession.findMany({ where: { status: { in: ['OPEN', 'LIVE', 'PAUSED'] } }, select: { id: true, roomName: true } });
  for (const { id, roomName } of running) {
    const changed = await floor.applyRoom(roomName, loader(live, id));
    if (changed > 0) log(`floor: re-applied permissions of ${changed} participant(s) in ${roomName}`);
  }
}
