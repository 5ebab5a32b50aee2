import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnv, TemporalConnectionEnv } from './env';
import {
  describeTemporalConnection,
  explainTemporalCredentialFailure,
  TemporalConnectionConfigError,
  temporalConnectionFromEnv,
  temporalConnectionSettings,
  type TemporalConnectionSettings,
} from './temporal-connection';

const schema = z.object(TemporalConnectionEnv);
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sbx-tls-unit-'));
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parsed(env: Record<string, string>) {
  const result = parseEnv(schema, env);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.data;
}

/** Every problem, by variable, whether the combination or the files are wrong. */
function problemsOf(env: Record<string, string>): string[] {
  const result = parseEnv(schema, env);
  if (!result.ok) return result.problems.map((p) => `${p.variable} ${p.message}`);
  try {
    temporalConnectionFromEnv(result.data);
    return [];
  } catch (err) {
    if (err instanceof TemporalConnectionConfigError) return err.problems.map((p) => `${p.variable} ${p.message}`);
    throw err;
  }
}

describe('reading the TEMPORAL_* variables', () => {
  it('is plaintext with nothing set, and says so explicitly to the SDK', () => {
    const { settings, options } = temporalConnectionFromEnv(parsed({}));
    expect(options).toEqual({ address: 'localhost:7233', tls: false });
    expect(describeTemporalConnection(settings)).toEqual({ address: 'localhost:7233', namespace: 'default', tls: 'off', apiKey: false });
  });

  it('turns TLS on with an API key (Temporal Cloud), unless TEMPORAL_TLS=false', () => {
    const cloud = temporalConnectionFromEnv(parsed({ TEMPORAL_ADDRESS: 'eu.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ops.a1b2c', TEMPORAL_API_KEY: 'eyJhbGciOi.secret' }));
    expect(cloud.options).toEqual({ address: 'eu.tmprl.cloud:7233', tls: {}, apiKey: 'eyJhbGciOi.secret' });
    expect(describeTemporalConnection(cloud.settings)).toEqual({ address: 'eu.tmprl.cloud:7233', namespace: 'ops.a1b2c', tls: 'server', serverCa: 'system', apiKey: true });
    const local = temporalConnectionFromEnv(parsed({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }));
    expect(local.options.tls).toBe(false);
  });

  it('reads mTLS from files and the server name, and describes it without a secret', () => {
    const env = {
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', CERT),
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', CERT),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', KEY),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal.example',
    };
    const { settings, options } = temporalConnectionFromEnv(parsed(env));
    expect(options.tls && options.tls.clientCertPair?.key.toString()).toBe(KEY);
    expect(options.tls && options.tls.serverRootCACertificate?.toString()).toBe(CERT);
    expect(options.tls && options.tls.serverNameOverride).toBe('temporal.internal.example');
    const mode = describeTemporalConnection(settings);
    expect(mode).toMatchObject({ tls: 'mutual', serverCa: 'file', serverName: 'temporal.internal.example', apiKey: false });
    expect(JSON.stringify(mode)).not.toContain('PRIVATE');
  });

  it('reads PEM given in variables, with literal \\n as line breaks (env files)', () => {
    const { settings, options } = temporalConnectionFromEnv(
      parsed({ TEMPORAL_TLS_CLIENT_CERT_DATA: CERT.replace(/\n/g, '\\n'), TEMPORAL_TLS_CLIENT_KEY_DATA: KEY, TEMPORAL_TLS_SERVER_CA_CERT_DATA: CERT }),
    );
    expect(options.tls && options.tls.clientCertPair?.crt.toString()).toBe(CERT);
    expect(describeTemporalConnection(settings)).toMatchObject({ tls: 'mutual', serverCa: 'variable' });
  });

  it('names the missing half of a client certificate pair', () => {
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: file('only.pem', CERT) })).toEqual([expect.stringMatching(/^TEMPORAL_TLS_CLIENT_KEY_PATH is required with TEMPORAL_TLS_CLIENT_CERT_PATH/)]);
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_KEY_DATA: KEY })).toEqual([expect.stringMatching(/^TEMPORAL_TLS_CLIENT_CERT_PATH is required with TEMPORAL_TLS_CLIENT_KEY_DATA/)]);
  });

  it('refuses a file and text for the same PEM, and TLS settings with TEMPORAL_TLS=false', () => {
    expect(problemsOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca2.pem', CERT), TEMPORAL_TLS_SERVER_CA_CERT_DATA: CERT })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_SERVER_CA_CERT_DATA and TEMPORAL_TLS_SERVER_CA_CERT_PATH are both set/),
    ]);
    expect(problemsOf({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_NAME: 'x.example' })).toEqual(['TEMPORAL_TLS is false but TEMPORAL_TLS_SERVER_NAME is set: remove them or turn TLS on']);
  });

  it('names each variable whose file is missing, unreadable or not PEM, all at once', () => {
    const missing = path.join(dir, 'nope.pem');
    const locked = file('locked.key', KEY);
    chmodSync(locked, 0o000);
    const notPem = file('ca.der', 'binary junk');
    const problems = problemsOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: notPem, TEMPORAL_TLS_CLIENT_CERT_PATH: missing, TEMPORAL_TLS_CLIENT_KEY_PATH: locked });
    expect(problems).toContain(`TEMPORAL_TLS_SERVER_CA_CERT_PATH ${notPem} is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)`);
    expect(problems).toContain(`TEMPORAL_TLS_CLIENT_CERT_PATH names ${missing}, which cannot be read (no such file)`);
    // root reads any file whatever its mode: the key is then read, and is valid.
    if (process.getuid?.() !== 0) expect(problems).toContain(`TEMPORAL_TLS_CLIENT_KEY_PATH names ${locked}, which cannot be read (permission denied)`);
  });

  it('refuses PEM text that is not PEM, and an API key with a line break, by name', () => {
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_DATA: '/etc/ssl/client.pem', TEMPORAL_TLS_CLIENT_KEY_DATA: KEY })).toEqual([
      'TEMPORAL_TLS_CLIENT_CERT_DATA must be PEM text (-----BEGIN …-----) of the client certificate; to name a file use TEMPORAL_TLS_CLIENT_CERT_PATH',
    ]);
    expect(problemsOf({ TEMPORAL_API_KEY: 'abc\ndef' })).toEqual([expect.stringMatching(/^TEMPORAL_API_KEY must be the API key alone/)]);
  });

  it('keeps the settings alone valid without touching files', () => {
    const result = temporalConnectionSettings(parsed({ TEMPORAL_TLS: 'true' }));
    expect(result).toEqual({ ok: true, settings: { address: 'localhost:7233', namespace: 'default', tls: {} } });
  });
});

describe('explaining a refused connection', () => {
  const plain: TemporalConnectionSettings = { address: 'h:1', namespace: 'default', tls: {} };
  const mutual: TemporalConnectionSettings = { ...plain, tls: { client: { cert: { variable: 'TEMPORAL_TLS_CLIENT_CERT_PATH', path: '/c' }, key: { variable: 'TEMPORAL_TLS_CLIENT_KEY_PATH', path: '/k' } } } };

  it('asks for a client certificate when the server requires one and none is set', () => {
    const err = new Error('14 UNAVAILABLE: No connection established', { cause: new Error('error:0A00045C:SSL routines::tlsv13 alert certificate required') });
    expect(explainTemporalCredentialFailure(err, plain)).toMatch(/^Temporal at h:1 requires a client certificate \(mTLS\): set TEMPORAL_TLS_CLIENT_CERT_PATH or TEMPORAL_TLS_CLIENT_CERT_DATA/);
    expect(explainTemporalCredentialFailure(new Error('received fatal alert: CertificateRequired'), plain)).toMatch(/requires a client certificate/);
  });

  it('says the certificate was refused when one is set', () => {
    expect(explainTemporalCredentialFailure(new Error('tlsv1 alert unknown ca'), mutual)).toMatch(/refused the client certificate/);
  });

  it('points at the CA and the server name for an untrusted server certificate', () => {
    expect(explainTemporalCredentialFailure(new Error('invalid peer certificate: UnknownIssuer'), plain)).toMatch(/TEMPORAL_TLS_SERVER_CA_CERT_PATH/);
    expect(explainTemporalCredentialFailure(new Error('invalid peer certificate: NotValidForName'), plain)).toMatch(/TEMPORAL_TLS_SERVER_NAME/);
  });

  it('reads a connection closed right after the handshake as a certificate problem', () => {
    const closed = new Error('the server closed the connection right after the TLS handshake');
    expect(explainTemporalCredentialFailure(closed, plain)).toMatch(/it probably requires a client certificate \(mTLS\): set TEMPORAL_TLS_CLIENT_CERT_PATH/);
    expect(explainTemporalCredentialFailure(closed, mutual)).toMatch(/check that the client certificate .* is signed by a CA the server trusts/);
  });

  it('leaves an unreachable server to the caller (waiting may fix it)', () => {
    expect(explainTemporalCredentialFailure(new Error('14 UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:7233'), plain)).toBeUndefined();
  });
});
