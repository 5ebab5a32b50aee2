import { defineProjectConfig } from '@signalbox/tools/vitest';

export default defineProjectConfig(import.meta.dirname, {
  test: { environment: 'jsdom' },
});
