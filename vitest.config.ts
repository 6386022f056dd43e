import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: process.env.QUNHUB_EXIT_CANARY
            ? ['server/test/exit-canary.unit.test.ts']
            : ['server/**/*.unit.test.ts', 'scripts/**/*.unit.test.ts', 'contracts/**/*.unit.test.ts'],
          exclude: process.env.QUNHUB_EXIT_CANARY ? [] : ['server/test/exit-canary.unit.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'db',
          include: process.env.QUNHUB_EXIT_CANARY ? ['server/test/exit-canary.db.test.ts'] : ['server/**/*.db.test.ts'],
          exclude: process.env.QUNHUB_EXIT_CANARY ? [] : ['server/test/exit-canary.db.test.ts', '**/node_modules/**'],
          environment: 'node',
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'reliability',
          include: process.env.QUNHUB_EXIT_CANARY ? ['server/test/exit-canary.rel.test.ts'] : ['server/**/*.rel.test.ts'],
          exclude: process.env.QUNHUB_EXIT_CANARY ? [] : ['server/test/exit-canary.rel.test.ts', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 150_000,
          hookTimeout: 240_000,
          pool: 'forks',
        },
      },
    ],
  },
});
