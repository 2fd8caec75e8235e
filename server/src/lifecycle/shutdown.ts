// Keeps a started hub running until SIGINT or SIGTERM, then stops its parts in the hub's own order (sockets
// and HTTP first, then LiveKit, then the database), and exits only once every child is gone. Nothing else
// may end the process meanwhile: the embedded PostgreSQL launcher registers no exit hooks of its own.
import type { RunningHub } from '../main.ts';

/** A shutdown that hangs (a child that ignores its signal) still ends, with a non-zero code. */
const SHUTDOWN_LIMIT_MS = 30_000;

export function stopOnSignal(hub: RunningHub, log: (m: string) => void): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal} again: still stopping, please wait`);
      return;
    }
    stopping = true;
    log(`${signal}: stopping...`);
    const limit = setTimeout(() => {
      log(`stopping took longer than ${SHUTDOWN_LIMIT_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    void hub.stop().then(() => {
      clearTimeout(limit);
      log('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
