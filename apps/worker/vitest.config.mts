import { defineProjectConfig } from '@signalbox/tools/vitest';

export default defineProjectConfig(import.meta.dirname, {
  test: {
    globalSetup: ['./test/global-setup.ts'],
    // Tests share one Temporal server and simulator; each file uses its own task queue.
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
