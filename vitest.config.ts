import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn the built binary; keep parallelism moderate so timings stay sane on 2 cores.
    maxWorkers: 4,
  },
});
