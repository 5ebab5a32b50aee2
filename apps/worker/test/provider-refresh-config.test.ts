import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const base = { DATABASE_URL: 'postgres://localhost:5432/signalbox' };

describe('SIGNALBOX_PROVIDER_REFRESH_MS', () => {
  it('defaults to 30 s and reads a valid value', () => {
    expect(loadConfig(base).providerRefreshMs).toBe(30_000);
    expect(loadConfig({ ...base, SIGNALBOX_PROVIDER_REFRESH_MS: '5000' }).providerRefreshMs).toBe(5_000);
  });

  it.each(['abc', '250', '1.5e3x'])('refuses %s by name', (value) => {
    let error: unknown;
    try {
      loadConfig({ ...base, SIGNALBOX_PROVIDER_REFRESH_MS: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringContaining('SIGNALBOX_PROVIDER_REFRESH_MS must be a whole number of milliseconds')]);
  });
});
