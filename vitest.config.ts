import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Pure modules of the web client are unit-tested too; they import the protocol the way the web build does.
const protocol = { $protocol: fileURLToPath(new URL('./protocol/index.ts', import.meta.url)) };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: protocol },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'inprocess',
          include: ['tests/inprocess/**/*.test.ts'],
          environment: 'node',
          // Services in this process on one embedded PostgreSQL (no server, no LiveKit); files share it.
          globalSetup: ['tests/support/inprocess-setup.ts'],
          fileParallelism: false,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One hub (PostgreSQL, LiveKit, server) for the whole run; files share it, so run them one at a time.
          globalSetup: ['tests/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
