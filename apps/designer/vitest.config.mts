import { defineProjectConfig } from '@signalbox/tools/vitest';

export default defineProjectConfig(import.meta.dirname, {
  // expect.poll waits for a state, not a time: a busy machine gets there late, so allow it 30 s.
  test: { environment: 'jsdom', expect: { poll: { timeout: 30_000, interval: 100 } } },
});
