import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, repoRoot, tmpDir } from '@signalbox/tools/infra';
import { createTestPki, startTlsForwarder, type TestPki, type TlsForwarder } from '@signalbox/tools/tls';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';

/**
 * Secured connections to Temporal: the dev server behind a TLS endpoint that requires a client
 * certificate signed by its CA, under a server name that is not the address's host. The API and
 * the worker reach it with the TEMPORAL_TLS_* variables and run workflows through it; without a
 * certificate, or with a file that is not there, each refuses to start and says what to set.
 */
describe('API and worker through a TLS endpoint that requires a client certificate', () => {
  let pki: TestPki;
  let forwarder: TlsForwarder | undefined;
  let stack: RuntimeStack;
  let secured: Record<string, string>;

  beforeAll(async () => {
    assertBuilt();
    pki = createTestPki(tmpDir('signalbox-pki-'));
    stack = await startRuntimeStack({
      temporalAccess: async (temporal) => {
        forwarder = await startTlsForwarder({ target: temporal.address, cert: pki.server.cert, key: pki.server.key, ca: pki.ca });
        secured = {
          TEMPORAL_ADDRESS: forwarder.address,
          TEMPORAL_TLS_SERVER_NAME: pki.serverName,
          TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.ca,
          TEMPORAL_TLS_CLIENT_CERT_PATH: pki.client.cert,
          // The key as text, as a Kubernetes Secret or a Cloud console hands it over.
          TEMPORAL_TLS_CLIENT_KEY_DATA: readFileSync(pki.client.key, 'utf8'),
        };
        return secured;
      },
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await forwarder?.stop();
  });

  it('reports the connection mode on /api/health without a secret', async () => {
    const res = await fetch(`${stack.apiUrl}/api/health`);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(JSON.parse(text).checks.temporal).toEqual({
      status: 'up',
      address: forwarder!.address,
      namespace: stack.temporal.namespace,
      tls: 'mutual',
      serverName: pki.serverName,
      serverCa: 'file',
      apiKey: false,
    });
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  it('runs the smoke workflow and a demo event through the TLS endpoint (API and worker both on it)', { timeout: 180_000 }, async () => {
    const smoke = await stack.api('POST', '/api/system/smoke');
    expect(smoke.status, JSON.stringify(smoke.body)).toBe(200);

    const key = `tls-${randomUUID()}`;
    const msisdn = `4477${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const raised = await stack.api('POST', '/api/events', { eventCode: 'SIM_SWAP', subject: { msisdn, imsi: `23415${randomDigits(10)}`, iccid: `894410${randomDigits(13)}` }, idempotencyKey: key });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    const runId = raised.body.runs[0].runId as string;
    const done = await eventually(`run ${runId} to end`, async () => {
      const res = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
      return ['Completed', 'Failed', 'Cancelled'].includes(res.body.status) ? res.body : undefined;
    }, 120_000);
    expect(done.status, stack.logs()).toBe('Completed');
    // Everything went through the forwarder: it accepted the API's and the worker's connections.
    expect(forwarder!.counts.accepted).toBeGreaterThanOrEqual(2);
  });

  it('the worker refuses to start without a client certificate, saying which variables to set', { timeout: 150_000 }, async () => {
    const db = await createTestDatabase();
    try {
      const { TEMPORAL_TLS_CLIENT_CERT_PATH: _cert, TEMPORAL_TLS_CLIENT_KEY_DATA: _key, ...withoutClient } = secured;
      const refusedBefore = forwarder!.counts.refused;
      const result = await runToExit('worker', { ...withoutClient, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: `tls-${randomBytes(3).toString('hex')}` });
      expect(result.code, result.output).toBe(1);
      expect(result.output).toContain(`worker: Temporal at ${forwarder!.address} requires a client certificate (mTLS): set TEMPORAL_TLS_CLIENT_CERT_PATH or TEMPORAL_TLS_CLIENT_CERT_DATA`);
      expect(result.output).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(forwarder!.counts.refused).toBeGreaterThan(refusedBefore);
    } finally {
      await db.drop();
    }
  });

  it('the API refuses to start without a client certificate, saying which variables to set', { timeout: 150_000 }, async () => {
    const db = await createTestDatabase();
    try {
      const { TEMPORAL_TLS_CLIENT_CERT_PATH: _cert, TEMPORAL_TLS_CLIENT_KEY_DATA: _key, ...withoutClient } = secured;
      const result = await runToExit('api', { ...withoutClient, ...apiEnv(db.url), PORT: String(await freePort()) });
      expect(result.code, result.output).toBe(1);
      expect(result.output).toContain(`signalbox api: Temporal at ${forwarder!.address} requires a client certificate (mTLS): set TEMPORAL_TLS_CLIENT_CERT_PATH or TEMPORAL_TLS_CLIENT_CERT_DATA`);
      expect(result.output).not.toMatch(/\n\s+at /);
    } finally {
      await db.drop();
    }
  });

  it('the worker refuses a certificate from a CA the server does not trust', { timeout: 150_000 }, async () => {
    const db = await createTestDatabase();
    try {
      const result = await runToExit('worker', {
        ...secured,
        TEMPORAL_TLS_CLIENT_CERT_PATH: pki.stranger.cert,
        TEMPORAL_TLS_CLIENT_KEY_DATA: readFileSync(pki.stranger.key, 'utf8'),
        DATABASE_URL: db.url,
        TEMPORAL_TASK_QUEUE: `tls-${randomBytes(3).toString('hex')}`,
      });
      expect(result.code, result.output).toBe(1);
      // TLS 1.3 ends the handshake before the server judges the certificate: the worker's core sees
      // the connection closed, or the probe the alert, depending on timing.
      expect(result.output).toMatch(
        new RegExp(`worker: Temporal at ${forwarder!.address.replace(/\./g, '\\.')} (refused the client certificate|closed the connection right after the TLS handshake: check that the client certificate)`),
      );
    } finally {
      await db.drop();
    }
  });

  it('both refuse to start when a certificate file is missing, naming the variable', { timeout: 150_000 }, async () => {
    const missing = path.join(tmpDir('signalbox-no-cert-'), 'client.pem');
    const env = { ...secured, TEMPORAL_TLS_CLIENT_CERT_PATH: missing };
    const worker = await runToExit('worker', { ...env, DATABASE_URL: 'postgres://127.0.0.1:9/none' });
    expect(worker.code, worker.output).toBe(1);
    expect(worker.output).toContain(`TEMPORAL_TLS_CLIENT_CERT_PATH names ${missing}, which cannot be read (no such file)`);
    const api = await runToExit('api', { ...env, ...apiEnv('postgres://127.0.0.1:9/none'), PORT: String(await freePort()) });
    expect(api.code, api.output).toBe(1);
    expect(api.output).toContain(`TEMPORAL_TLS_CLIENT_CERT_PATH: names ${missing}, which cannot be read (no such file)`);
  });
});

function randomDigits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
}

function apiEnv(databaseUrl: string): Record<string, string> {
  return { DATABASE_URL: databaseUrl, HOST: '127.0.0.1', DATABASE_POOL_SIZE: '2', SIGNALBOX_SECRET_KEY: randomBytes(32).toString('base64') };
}

/**
 * Runs a built app with only `env` (and PATH) until it exits on its own; its output and exit code.
 * One still running after two minutes did not refuse to start: it is stopped and reported so.
 */
function runToExit(app: 'api' | 'worker', env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot(), `apps/${app}/dist/main.js`)], { cwd: repoRoot(), env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const guard = setTimeout(() => {
      output += `\n[test] the ${app} was still running after 120 s: stopped`;
      child.kill('SIGKILL');
    }, 120_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}
