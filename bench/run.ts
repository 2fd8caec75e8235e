// `npm run bench`: starts a real hub and runs every benchmark against it. Not part of the test command.
// Results go to stdout and bench/results.json; bench/README.md holds the figures with the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHub } from '../tests/support/hub.ts';
import { floorLatency } from './floor-latency.ts';
import { queueLatency } from './queue-latency.ts';
import { roomLoad } from './room-load.ts';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const hub = await startTestHub();
const results: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  at: new Date().toISOString(),
};
try {
  if (want('queue')) {
    console.log('queue latency (400 sockets)...');
    results.queueLatency = await queueLatency(hub.baseUrl, hub.databaseUrl);
    console.log(JSON.stringify(results.queueLatency, null, 2));
  }
  if (want('floor')) {
    console.log('floor latency (50 turns, rtc-node)...');
    results.floorLatency = await floorLatency(hub.baseUrl, hub.databaseUrl, hub.livekit);
    console.log(JSON.stringify(results.floorLatency, null, 2));
  }
  if (want('load')) {
    console.log('room load (rtc-node bridges publishing video)...');
    const steps = process.env.BENCH_LOAD_STEPS?.split(',').map(Number) ?? [10, 25, 50, 100];
    results.roomLoad = await roomLoad(hub.baseUrl, hub.databaseUrl, () => hub.pids(), steps);
    console.log(JSON.stringify(results.roomLoad, null, 2));
  }
} finally {
  await hub.stop();
}
fs.writeFileSync(path.join(import.meta.dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
process.exit(0);
