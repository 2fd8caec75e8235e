import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startTestHub, type TestHub } from './hub.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    livekit: { url: string; apiKey: string; apiSecret: string };
    /** POST <controlUrl>/restart?signal=SIGKILL restarts the hub server (PostgreSQL and LiveKit keep running). */
    controlUrl: string;
  }
}

let hub: TestHub | undefined;
let control: http.Server | undefined;

export async function setup(project: TestProject): Promise<void> {
  hub = await startTestHub();
  // Tests run in worker processes; the hub's server process belongs to this one, so tests ask here to restart it.
  control = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/restart') {
      const signal = (url.searchParams.get('signal') ?? 'SIGTERM') as NodeJS.Signals;
      hub!
        .restartServer(signal)
        .then(() => res.writeHead(204).end())
        .catch((e: unknown) => res.writeHead(500).end(String(e)));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => control!.listen(0, '127.0.0.1', r));
  project.provide('baseUrl', hub.baseUrl);
  project.provide('databaseUrl', hub.databaseUrl);
  project.provide('livekit', hub.livekit);
  project.provide('controlUrl', `http://127.0.0.1:${(control.address() as AddressInfo).port}`);
}

export async function teardown(): Promise<void> {
  control?.close();
  await hub?.stop();
}
