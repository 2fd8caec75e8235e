// One of the scale benchmark's follower processes. Two thousand sockets read by one Node thread would be
// served one after another, so "the last client" would measure the benchmark's own queue (tens of ms at
// 2,000 sockets): each process holds a share of them instead, as each person's browser holds one. It reads
// its FollowerConfig from stdin, says `ready` once every socket follows the session, and on any further
// line reports what arrived (FollowerReport) and exits.
import readline from 'node:readline';
import type { LivePatch } from '../protocol/index.ts';
import { connectSocket, connected } from '../tests/support/socket.ts';
import { follow } from './common.ts';
import { inBatches, monotonicMs, type FollowerConfig, type FollowerReport } from './scale-follow.ts';

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const config = JSON.parse(String((await lines.next()).value)) as FollowerConfig;
const reached = new Map<number, { count: number; last: number }>();
const followers = await inBatches(config.plan, config.batch, async ({ cookie, audience }) => {
  const socket = connectSocket(config.url, cookie);
  await connected(socket);
  const follower = { socket, version: await follow(socket, config.sessionId, audience) };
  socket.on('live:patch', (p: LivePatch) => {
    if (p.version <= follower.version) return;
    follower.version = p.version;
    const r = reached.get(p.version) ?? { count: 0, last: 0 };
    r.count++;
    r.last = monotonicMs();
    reached.set(p.version, r);
  });
  return follower;
});
const cpuBefore = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ event: 'ready', sockets: followers.length })}\n`);
await lines.next();
const cpu = process.cpuUsage(cpuBefore);
const report: FollowerReport = {
  event: 'done',
  reached: [...reached].map(([version, r]) => [version, r.count, r.last]),
  disconnected: followers.filter((f) => !f.socket.connected).length,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
};
for (const f of followers) f.socket.disconnect();
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
