// Whether the media server (LiveKit) is answering, as the hub knows it: probed through LiveKit's server API
// (so an external LiveKit is watched the same way), and told at once when our own LiveKit process dies.
// Everyone who must act on it listens: the health endpoint, the token door, the floor, the turn clock and
// every open page.
import type { RoomServiceClient } from 'livekit-server-sdk';
import type { MediaServerStatus } from '../../../protocol/index.ts';
import type { EventBus } from '../events/event-bus.ts';

const PROBE_EVERY_MS = 2000;
const PROBE_TIMEOUT_MS = 2000;
/** Probes failed in a row before an external LiveKit counts as down (one slow answer is not an outage). */
const FAILURES_BEFORE_DOWN = 2;

export class MediaHealth {
  private current: MediaServerStatus & { reason: string | null } = { up: true, since: new Date().toISOString(), reason: null };
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly rooms: Pick<RoomServiceClient, 'listRooms'>,
    private readonly events: EventBus,
    private readonly log: (m: string) => void,
  ) {}

  /** What pages and the health endpoint are told; the reason stays in the server's log. */
  get status(): MediaServerStatus {
    return { up: this.current.up, since: this.current.since };
  }

  /** Probes once now (the start-up check), then keeps probing in the background. */
  async start(): Promise<void> {
    await this.probe();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Our own LiveKit process died: down at once, no need to wait for probes to fail. */
  processExited(reason: string): void {
    this.failures = FAILURES_BEFORE_DOWN;
    this.set(false, reason);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.probe().finally(() => this.schedule()), PROBE_EVERY_MS);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    try {
      await Promise.race([
        this.rooms.listRooms(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref()),
      ]);
      this.failures = 0;
      this.set(true, null);
    } catch (e) {
      this.failures += 1;
      if (this.failures >= FAILURES_BEFORE_DOWN || !this.current.up) this.set(false, e instanceof Error ? e.message : String(e));
    }
  }

  private set(up: boolean, reason: string | null): void {
    if (this.current.up === up) return;
    this.current = { up, since: new Date().toISOString(), reason };
    this.log(up ? 'media server (LiveKit) is answering again' : `media server (LiveKit) is down: ${reason}`);
    void this.events.publish('media.status', this.status);
  }
}
