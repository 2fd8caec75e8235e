// A ward's own network, for a test that drops it as a real network drops: everything, TCP and the media's
// UDP alike, and silently (no reset, no error, the link stays up). Inside the test's private namespace
// (scripts/netns.sh) a second namespace is made for the ward, joined to the first by a veth pair:
//
//   ward: Chromium, 127.0.0.1:<port> ─proxy─ 10.78.0.2 ══veth══ 10.78.0.1 ─proxy─ 127.0.0.1:<port> (hub, LiveKit)
//         LiveKit's media to 10.77.0.1 (its announced address) goes by the ward's default route, 10.78.0.1
//
// So the ward's page uses the very URLs every other test's page does (http://127.0.0.1:<hub>, LiveKit's
// ws://127.0.0.1:<port>, a secure context), yet every packet to the hub or LiveKit crosses the ward's line.
// A drop is nftables' "drop everything but loopback" inside the ward; the test's own namespace and every
// other test are untouched.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const WARD_GATEWAY = '10.78.0.1';
const WARD_ADDRESS = '10.78.0.2';
const CUT_RULES = `table inet ward_cut {
  chain in { type filter hook input priority 0; policy drop; iifname "lo" accept; }
  chain out { type filter hook output priority 0; policy drop; oifname "lo" accept; }
}
`;

export interface WardNetwork {
  /** Runs Chromium inside the ward (for Playwright's `executablePath`); it reaches the hub at the usual URLs. */
  chromium: string;
  /** Drops every packet into and out of the ward. */
  cut(): void;
  /** The network is back. */
  restore(): void;
  close(): Promise<void>;
}

const run = (cmd: string, args: string[], input?: string): void => {
  try {
    execFileSync(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(input ? { input } : {}) });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    const hint = cmd === 'nft' || args.includes('nft') ? ' (apt-get install nftables; .ci/run does this)' : '';
    throw new Error(`${cmd} ${args.join(' ')} failed${hint}: ${err.stderr?.toString().trim() || err.message}`, { cause: e });
  }
};

/** The ward's side: 127.0.0.1:<port> inside the ward to the gateway, in a Node process that lives in the ward. */
const WARD_PROXY = `import net from 'node:net';
const [gateway, ...ports] = process.argv.slice(2);
let listening = 0;
for (const port of ports.map(Number)) {
  net.createServer((a) => {
    const b = net.connect(port, gateway);
    a.pipe(b).pipe(a);
    const end = () => { a.destroy(); b.destroy(); };
    a.on('error', end).on('close', end);
    b.on('error', end).on('close', end);
  }).listen(port, '127.0.0.1', () => { if (++listening === ports.length) console.log('listening'); });
}
`;

/** The test namespace's side: a TCP proxy on the ward's gateway to a server on loopback, for each port. */
function proxies(ports: number[], open: Set<net.Socket>): Promise<net.Server[]> {
  return Promise.all(
    ports.map(
      (port) =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer((inbound) => {
            const outbound = net.connect(port, '127.0.0.1');
            open.add(inbound).add(outbound);
            inbound.pipe(outbound).pipe(inbound);
            const end = () => {
              inbound.destroy();
              outbound.destroy();
              open.delete(inbound);
              open.delete(outbound);
            };
            inbound.on('error', end).on('close', end);
            outbound.on('error', end).on('close', end);
          });
          server.once('error', reject);
          server.listen(port, WARD_GATEWAY, () => resolve(server));
        }),
    ),
  );
}

/** Makes the ward, reaching the servers on loopback at `ports` through its gateway; needs the test namespace. */
export async function openWardNetwork(ports: number[], chromiumBinary: string): Promise<WardNetwork> {
  if (!process.env.TIEPDAN_IN_NETNS) throw new Error('a ward network is made only inside the test namespace (npm test)');
  // The ward's namespace lives as long as this process sleeping in it.
  const holder: ChildProcess = spawn('unshare', ['--net', 'sleep', 'infinity'], { stdio: 'ignore' });
  const netns = `/proc/${holder.pid}/ns/net`;
  // Until `unshare` has made the namespace, the process is still in ours.
  const ours = fs.readlinkSync('/proc/self/ns/net');
  for (let i = 0; fs.readlinkSync(netns) === ours; i++) {
    if (i > 200) throw new Error('the ward namespace was not made');
    await new Promise((r) => setTimeout(r, 10));
  }
  const inWard = (cmd: string, args: string[], input?: string) => run('nsenter', [`--net=${netns}`, '--', cmd, ...args], input);
  const link = `tdw${holder.pid}`.slice(0, 15);
  run('ip', ['link', 'add', link, 'type', 'veth', 'peer', 'name', 'ward0', 'netns', String(holder.pid)]);
  run('ip', ['addr', 'add', `${WARD_GATEWAY}/24`, 'dev', link]);
  run('ip', ['link', 'set', link, 'up']);
  inWard('ip', ['link', 'set', 'lo', 'up']);
  inWard('ip', ['addr', 'add', `${WARD_ADDRESS}/24`, 'dev', 'ward0']);
  inWard('ip', ['link', 'set', 'ward0', 'up']);
  inWard('ip', ['route', 'add', 'default', 'via', WARD_GATEWAY]);
  const connections = new Set<net.Socket>();
  const servers = await proxies(ports, connections);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-ward-'));
  fs.writeFileSync(path.join(dir, 'ward-proxy.mjs'), WARD_PROXY);
  const wardProxy = spawn('nsenter', [`--net=${netns}`, '--', process.execPath, path.join(dir, 'ward-proxy.mjs'), WARD_GATEWAY, ...ports.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    wardProxy.stdout!.once('data', () => resolve());
    wardProxy.once('exit', (code) => reject(new Error(`the ward's proxy stopped (exit ${code})`)));
  });
  const chromium = path.join(dir, 'chromium-in-ward');
  fs.writeFileSync(chromium, `#!/bin/sh\nexec nsenter --net=${netns} -- ${chromiumBinary} "$@"\n`, { mode: 0o755 });
  let isCut = false;
  return {
    chromium,
    cut() {
      inWard('nft', ['-f', '-'], CUT_RULES);
      isCut = true;
    },
    restore() {
      if (isCut) inWard('nft', ['delete', 'table', 'inet', 'ward_cut']);
      isCut = false;
    },
    async close() {
      for (const c of connections) c.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      wardProxy.kill('SIGKILL');
      holder.kill('SIGKILL');
      // The veth pair goes with the ward's namespace.
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
