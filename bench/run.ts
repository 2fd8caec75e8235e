// `npm run bench`: starts a real hub and runs every benchmark against it. Not part of the test command.
// Results go to stdout and bench/results.json; bench/README.md holds the figures with the machine.
// The hub starts only when a benchmark needs it (`npm run bench -- export` runs without one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHub } from '../tests/support/hub.ts';
import { flood } from './flood.ts';
import { floorLatency } from './floor-latency.ts';
import { historyLookup } from './history-lookup.ts';
import { caseList } from './case-list.ts';
import { reportPage } from './report-page.ts';
import { minutesExport } from './minutes-export.ts';
import { minutesGrowth, minutesKeystrokeLatency, minutesPageLoad } from './minutes-sync.ts';
import { QUEUE_SOCKET_COUNTS, queueLatency } from './queue-latency.ts';
import { roomLoad } from './room-load.ts';
import { scaleBench } from './scale.ts';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const resultsFile = path.join(import.meta.dirname, 'results.json');
const hub = ['queue', 'floor', 'load', 'typing', 'growth', 'flood', 'page'].some(want) ? await startTestHub() : null;
// A subset run replaces only its own figures, so the others' last results stay in the file.
const results: Record<string, unknown> = {
  ...(fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {}),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  at: new Date().toISOString(),
};
try {
  if (hub && want('queue')) {
    const counts = process.env.BENCH_QUEUE_SOCKETS?.split(',').map(Number) ?? QUEUE_SOCKET_COUNTS;
    console.log(`queue latency (${counts.join(', ')} sockets)...`);
    results.queueLatency = await queueLatency(hub.baseUrl, hub.databaseUrl, { counts, serverPid: () => hub.pids().server });
    console.log(JSON.stringify(results.queueLatency, null, 2));
  }
  if (hub && want('floor')) {
    console.log('floor latency (50 turns, rtc-node)...');
    results.floorLatency = await floorLatency(hub.baseUrl, hub.databaseUrl, hub.livekit);
    console.log(JSON.stringify(results.floorLatency, null, 2));
  }
  if (hub && want('load')) {
    console.log('room load (Go bridges publishing simulcast video and audio; by the media plan, then everyone to everyone)...');
    const steps = process.env.BENCH_LOAD_STEPS?.split(',').map(Number) ?? [25, 126];
    const modes = (process.env.BENCH_LOAD_MODES?.split(',') ?? ['plan', 'all']) as ('plan' | 'all')[];
    results.roomLoad = await roomLoad(hub.baseUrl, hub.databaseUrl, hub.livekit, () => hub.pids(), steps, modes);
    console.log(JSON.stringify(results.roomLoad, null, 2));
  }
  if (hub && want('typing')) {
    console.log('minutes keystroke latency (5 secretaries typing at once)...');
    results.minutesTyping = await minutesKeystrokeLatency(hub.baseUrl, hub.databaseUrl);
    console.log(JSON.stringify(results.minutesTyping, null, 2));
  }
  if (hub && want('growth')) {
    console.log('minutes of a 3-hour session (5 secretaries, 30 000 edits)...');
    results.minutesGrowth = await minutesGrowth(hub.baseUrl, hub.databaseUrl);
    console.log(JSON.stringify(results.minutesGrowth, null, 2));
  }
  if (hub && want('page')) {
    console.log('the minutes page opened mid-session at 40 and 100 turns...');
    results.minutesPage = await minutesPageLoad(hub.baseUrl, hub.databaseUrl);
    console.log(JSON.stringify(results.minutesPage, null, 2));
  }
  if (hub && want('flood')) {
    console.log('the chair during a flood from one bridge (quiet baseline first)...');
    results.flood = await flood(hub.baseUrl, hub.databaseUrl);
    console.log(JSON.stringify(results.flood, null, 2));
  }
  if (want('scale')) {
    console.log('city scale: two hub instances, 2,000 sockets, 126 bridges, a queue change a second, 5 secretaries typing...');
    results.scale = await scaleBench();
    console.log(JSON.stringify(results.scale, null, 2));
  }
  if (want('cases')) {
    console.log('the host office case list (50 000 stored cases)...');
    results.caseList = await caseList();
    console.log(JSON.stringify(results.caseList, null, 2));
  }
  if (want('reports')) {
    console.log('the report page for a year (200 000 visits, 50 000 cases)...');
    results.reportPage = await reportPage();
    console.log(JSON.stringify(results.reportPage, null, 2));
  }
  if (want('history')) {
    console.log('citizen history lookup (100 000 stored visits)...');
    results.historyLookup = await historyLookup();
    console.log(JSON.stringify(results.historyLookup, null, 2));
  }
  if (want('export')) {
    console.log('minutes export (40 turns, DOCX and PDF)...');
    results.minutesExport = await minutesExport();
    console.log(JSON.stringify(results.minutesExport, null, 2));
  }
} finally {
  await hub?.stop();
}
fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
process.exit(0);
