// `tsx server/src/cli.ts`: runs the hub in this process until SIGINT/SIGTERM.
import { loadConfig } from './config/config.ts';
import { startHub } from './main.ts';
import { stopOnSignal } from './lifecycle/shutdown.ts';

const started = Date.now();
const log = (m: string): void => console.log(`[tiepdan] ${m}`);
try {
  const hub = await startHub(loadConfig(), log);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${hub.url}`);
  stopOnSignal(hub, log);
} catch (err) {
  console.error(`[tiepdan] could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
