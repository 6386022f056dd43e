import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser flows against the real server: one fork, files in sequence, generous timeouts.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'e2e',
    // The exit-code canary (scripts/test-all.sh) runs alone and needs no server.
    include: process.env.QUNHUB_EXIT_CANARY ? ['e2e/exit-canary.e2e.test.ts'] : ['e2e/**/*.e2e.test.ts'],
    exclude: process.env.QUNHUB_EXIT_CANARY ? [] : ['e2e/exit-canary.e2e.test.ts', '**/node_modules/**'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
  },
});
