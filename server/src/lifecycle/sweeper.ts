// A periodic job that never overlaps itself: the next run starts only after the previous one ended, so a
// slow LiveKit cannot pile runs up.
export class Sweeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => Promise<void>,
    private readonly log: (m: string) => void,
  ) {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.run()
        .catch((e: unknown) => this.log(`sweep failed: ${String(e)}`))
        .finally(() => this.schedule());
    }, this.everyMs);
    this.timer.unref();
  }
}
