// The hub's time source for following cases: deadlines, overdue, reminders and the morning digest read
// the time here, never from `new Date()` of their own. In production it is the machine's clock. With
// CLOCK_CONTROL=true (an end-to-end test, an office rehearsing the follow-up before going live) an
// administrator may move it forward through PUT /api/clock, so a test proves "overdue" by moving time,
// never by sleeping; the live session, sign-in and tokens keep the machine's clock either way.

export type MovedListener = (now: Date) => Promise<void> | void;

export class HubClock {
  private offsetMs = 0;
  private readonly listeners: MovedListener[] = [];

  constructor(readonly movable = false) {}

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  /** Runs after every move (the reminder job and the digest catch up at once). */
  onMoved(listener: MovedListener): void {
    this.listeners.push(listener);
  }

  /** Moves the hub to `at`; only forward, so nothing recorded seems to come from the future. */
  async moveTo(at: Date): Promise<'moved' | 'backwards' | 'fixed'> {
    if (!this.movable) return 'fixed';
    if (at.getTime() < this.now().getTime()) return 'backwards';
    this.offsetMs = at.getTime() - Date.now();
    for (const listener of this.listeners) await listener(this.now());
    return 'moved';
  }
}
