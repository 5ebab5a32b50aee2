import { defineProjectConfig } from './vitest/config.mjs';

export default defineProjectConfig(import.meta.dirname, {
  test: { include: ['dev/**/*.test.mjs', 'lib/**/*.test.mjs', 'test/**/*.test.mjs'] },
});
