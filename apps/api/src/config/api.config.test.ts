import { describe, expect, it } from 'vitest';
import { nestLevelsUpTo } from '../common/quiet.logger';
import { ConfigurationError, loadApiConfig } from './api.config';

const base = { DATABASE_URL: 'postgres://localhost:5432/signalbox', SIGNALBOX_SECRET_KEY: 'A'.repeat(43) + '=' };

const problemsOf = (env: Record<string, string>) => {
  try {
    loadApiConfig({ ...base, ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigurationError) return err.problems;
    throw err;
  }
};

/** The same examples as the worker's test: both parse the shared variables with one schema. */
describe('the API reads the shared variables as the worker does', () => {
  it.each(['[::1]:7233', 'temporal_host:7233', 'localhost:7233', '10.0.0.5:7233'])('accepts TEMPORAL_ADDRESS=%s', (address) => {
    expect(loadApiConfig({ ...base, TEMPORAL_ADDRESS: address }).temporal.address).toBe(address);
  });

  it.each(['localhost', 'http://localhost:7233', 'localhost:99999', '::1:7233'])('refuses TEMPORAL_ADDRESS=%s by name', (address) => {
    expect(problemsOf({ TEMPORAL_ADDRESS: address })).toEqual([{ variable: 'TEMPORAL_ADDRESS', message: expect.any(String) }]);
  });

  it.each([
    ['0', false],
    ['no', false],
    ['false', false],
    ['1', true],
    ['yes', true],
    ['true', true],
  ])('reads SIGNALBOX_INDEX_PERSONAL_KEYS=%s as %s', (value, expected) => {
    expect(loadApiConfig({ ...base, SIGNALBOX_INDEX_PERSONAL_KEYS: value }).indexPersonalKeys).toBe(expected);
  });

  it('requires the secret key, and refuses a bad switch, each by name', () => {
    const { SIGNALBOX_SECRET_KEY: _omitted, ...withoutKey } = base;
    let error: unknown;
    try {
      loadApiConfig({ ...withoutKey, SIGNALBOX_INDEX_PERSONAL_KEYS: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect((error as ConfigurationError).problems).toEqual([
      { variable: 'SIGNALBOX_SECRET_KEY', message: expect.stringMatching(/^is required/) },
      { variable: 'SIGNALBOX_INDEX_PERSONAL_KEYS', message: expect.stringMatching(/^must be true or false/) },
    ]);
  });

  it.each([
    [undefined, ['fatal', 'error', 'warn', 'log']],
    ['fatal', ['fatal']],
    ['warn', ['fatal', 'error', 'warn']],
    ['INFO', ['fatal', 'error', 'warn', 'log']],
    ['verbose', ['fatal', 'error', 'warn', 'log', 'debug', 'verbose']],
  ])('prints, at LOG_LEVEL=%s, Nest levels %j', (value, expected) => {
    const config = loadApiConfig(value === undefined ? base : { ...base, LOG_LEVEL: value });
    expect(nestLevelsUpTo(config.logLevel)).toEqual(expected);
  });

  it('bounds the message buffer: the default time-to-live may not exceed the maximum', () => {
    expect(loadApiConfig(base).messageTtl).toEqual({ defaultSeconds: 3600, maxSeconds: 7 * 86_400 });
    expect(problemsOf({ SIGNALBOX_MESSAGE_TTL_SECONDS: '7200', SIGNALBOX_MESSAGE_MAX_TTL_SECONDS: '600' }).map((p) => p.variable)).toEqual(['SIGNALBOX_MESSAGE_TTL_SECONDS']);
    expect(problemsOf({ SIGNALBOX_MESSAGE_MAX_TTL_SECONDS: String(31 * 86_400) }).map((p) => p.variable)).toEqual(['SIGNALBOX_MESSAGE_MAX_TTL_SECONDS']);
  });

  it('refuses LOG_LEVEL=trace by name, listing the shared level names', () => {
    expect(problemsOf({ LOG_LEVEL: 'trace' })).toEqual([{ variable: 'LOG_LEVEL', message: 'must be one of fatal, error, warn, log, debug, verbose (info is read as log)' }]);
  });
});
