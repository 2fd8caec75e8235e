import type { TestProject } from 'vitest/node';
import { startTestHub, type TestHub } from './hub.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    livekit: { url: string; apiKey: string; apiSecret: string };
  }
}

let hub: TestHub | undefined;

export async function setup(project: TestProject): Promise<void> {
  hub = await startTestHub();
  project.provide('baseUrl', hub.baseUrl);
  project.provide('databaseUrl', hub.databaseUrl);
  project.provide('livekit', hub.livekit);
}

export async function teardown(): Promise<void> {
  await hub?.stop();
}
