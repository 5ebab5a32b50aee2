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

describe('Worker Versioning settings (SIGNALBOX_WORKER_DEPLOYMENT_NAME / SIGNALBOX_WORKER_BUILD_ID)', () => {
  it('is unversioned without them, versioned with both', () => {
    expect(loadConfig(base).deployment).toBeUndefined();
    expect(loadConfig({ ...base, SIGNALBOX_WORKER_DEPLOYMENT_NAME: 'signalbox', SIGNALBOX_WORKER_BUILD_ID: '2026.11.3+abc' }).deployment).toEqual({ name: 'signalbox', buildId: '2026.11.3+abc' });
  });

  it('names the missing half', () => {
    expect(problemsOf({ SIGNALBOX_WORKER_DEPLOYMENT_NAME: 'signalbox' })).toEqual(['SIGNALBOX_WORKER_BUILD_ID is required with SIGNALBOX_WORKER_DEPLOYMENT_NAME (Worker Versioning needs both)']);
    expect(problemsOf({ SIGNALBOX_WORKER_BUILD_ID: 'v2' })).toEqual(['SIGNALBOX_WORKER_DEPLOYMENT_NAME is required with SIGNALBOX_WORKER_BUILD_ID (Worker Versioning needs both)']);
  });

  it('refuses a build id with spaces by name', () => {
    expect(problemsOf({ SIGNALBOX_WORKER_DEPLOYMENT_NAME: 'signalbox', SIGNALBOX_WORKER_BUILD_ID: 'v 2' })).toEqual([expect.stringMatching(/^SIGNALBOX_WORKER_BUILD_ID must be letters, digits/)]);
  });

  it('reads the Temporal connection through the shared rules: a missing certificate file is named', () => {
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/nonexistent/client.pem', TEMPORAL_TLS_CLIENT_KEY_DATA: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----' })).toEqual([
      'TEMPORAL_TLS_CLIENT_CERT_PATH names /nonexistent/client.pem, which cannot be read (no such file)',
    ]);
  });
});
