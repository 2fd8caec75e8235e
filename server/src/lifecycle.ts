// Keeps a started hub running until SIGINT or SIGTERM, then stops its parts in order.
import type { RunningHub } from './main.ts';

export function stopOnSignal(hub: RunningHub, log: (m: string) => void): void {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    log('stopping...');
    void hub.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
