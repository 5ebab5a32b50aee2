import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const base = { DATABASE_URL: 'postgres://localhost:5432/signalbox' };

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...base, ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

/** The same examples as the API's config test: both parse the shared variables with one schema. */
describe('the worker reads the shared variables as the API does', () => {
  it.each(['[::1]:7233', 'temporal_host:7233', 'localhost:7233', '10.0.0.5:7233'])('accepts TEMPORAL_ADDRESS=%s', (address) => {
    expect(loadConfig({ ...base, TEMPORAL_ADDRESS: address }).temporalAddress).toBe(address);
  });

  it.each(['localhost', 'http://localhost:7233', 'localhost:99999', '::1:7233'])('refuses TEMPORAL_ADDRESS=%s by name', (address) => {
    expect(problemsOf({ TEMPORAL_ADDRESS: address })).toEqual([expect.stringMatching(/^TEMPORAL_ADDRESS /)]);
  });

  it.each([
    ['0', false],
    ['no', false],
    ['false', false],
    ['1', true],
    ['yes', true],
    ['true', true],
  ])('reads SIGNALBOX_INDEX_PERSONAL_KEYS=%s as %s', (value, expected) => {
    expect(loadConfig({ ...base, SIGNALBOX_INDEX_PERSONAL_KEYS: value }).indexPersonalKeys).toBe(expected);
  });

  it('refuses SIGNALBOX_INDEX_PERSONAL_KEYS=maybe and a short secret key, each by name', () => {
    expect(problemsOf({ SIGNALBOX_INDEX_PERSONAL_KEYS: 'maybe', SIGNALBOX_SECRET_KEY: 'c2hvcnQ=' })).toEqual([
      expect.stringMatching(/^SIGNALBOX_SECRET_KEY must be 32 bytes/),
      expect.stringMatching(/^SIGNALBOX_INDEX_PERSONAL_KEYS must be true or false/),
    ]);
  });

  it.each([
    [undefined, 'WARN'],
    ['fatal', 'ERROR'],
    ['error', 'ERROR'],
    ['warn', 'WARN'],
    ['log', 'INFO'],
    ['INFO', 'INFO'],
    ['debug', 'DEBUG'],
    ['verbose', 'TRACE'],
  ])('maps LOG_LEVEL=%s to the SDK level %s', (value, expected) => {
    expect(loadConfig(value === undefined ? base : { ...base, LOG_LEVEL: value }).logLevel).toBe(expected);
  });

  it('traces only with OTEL_EXPORTER_OTLP_ENDPOINT, named signalbox-worker unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(loadConfig(base).tracing).toBeUndefined();
    expect(loadConfig({ ...base, OTEL_SERVICE_NAME: 'w1' }).tracing).toBeUndefined();
    expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' }).tracing).toEqual({ tracesUrl: 'http://localhost:4318/v1/traces', serviceName: 'signalbox-worker' });
    expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318', OTEL_SERVICE_NAME: 'w1' }).tracing?.serviceName).toBe('w1');
  });

  it.each(['localhost:4318', 'grpc://collector:4317', 'not a url'])('refuses OTEL_EXPORTER_OTLP_ENDPOINT=%s by name', (endpoint) => {
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT must be the http\(s\) URL of an OTLP\/HTTP receiver/)]);
  });

  it('refuses OTEL_SERVICE_NAME with a space by name', () => {
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318', OTEL_SERVICE_NAME: 'signalbox worker' })).toEqual([expect.stringMatching(/^OTEL_SERVICE_NAME must be printable characters without spaces/)]);
  });

  it('refuses LOG_LEVEL=trace by name, listing the shared level names', () => {
    expect(problemsOf({ LOG_LEVEL: 'trace' })).toEqual(['LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose (info is read as log)']);
  });
});
