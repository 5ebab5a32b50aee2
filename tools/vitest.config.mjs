import { defineProjectConfig } from './vitest/config.mjs';

export default defineProjectConfig(import.meta.dirname, {
  test: { include: ['cluster/**/*.test.mjs', 'dev/**/*.test.mjs', 'lib/**/*.test.mjs', 'test/**/*.test.mjs'] },
});
