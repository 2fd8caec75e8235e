// A bridge point's connection check before the session starts: measured in the room, then reported to the
// server as site.readiness so the host office sees who is ready.
import type { LiveSession } from '../live/live-session.svelte.ts';
import type { ProbeResult } from '../room/probe.ts';
import type { RoomManager } from '../room/room.svelte.ts';

const MAX_RTT_MS = 60_000;

export class Preflight {
  running = $state(false);
  measured = $state.raw<ProbeResult | null>(null);
  /** Why no check could run: the room is not connected yet. */
  notInRoom = $state(false);

  async run(room: RoomManager, session: LiveSession): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.notInRoom = false;
    try {
      const result = await room.probe();
      if (!result) {
        this.notInRoom = true;
        return;
      }
      this.measured = result;
      const rttMs = result.rttMs === null ? null : Math.min(result.rttMs, MAX_RTT_MS);
      const { camera, microphone } = result;
      await session.send({ type: 'site.readiness', siteId: session.me.site.id, camera, microphone, rttMs });
    } finally {
      this.running = false;
    }
  }
}
