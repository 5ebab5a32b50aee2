import { ConfigError, loadConfig } from '../src/config';

/** The least environment the worker starts with. */
export const BASE_ENV = { DATABASE_URL: 'postgres://localhost:5432/signalbox' };

/** The problems `loadConfig` names for the base environment plus `env` (none: it loaded). */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...BASE_ENV, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
