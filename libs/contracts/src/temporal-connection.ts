import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { z } from 'zod';
import { parseEnv, TemporalConnectionEnv, type EnvProblem } from './env';

/*
 * How the API, the worker and the tools reach Temporal: one reading of the TEMPORAL_* variables
 * (TLS, mTLS, API key) into the options both SDK connections take (the client's Connection and the
 * worker's NativeConnection accept the same `address`, `tls` and `apiKey`). Node-only (it reads
 * certificate files), so it is the subpath `@signalbox/contracts/temporal-connection`, never the
 * browser- and workflow-safe barrel.
 */

/** Where a piece of PEM comes from: a file or the variable's own text; `variable` names it in messages. */
export type PemSource = { variable: string; path: string } | { variable: string; pem: string };

export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  /** Absent: plaintext. */
  tls?: {
    serverName?: string;
    /** Absent: the system's trusted CAs. */
    serverCa?: PemSource;
    /** mTLS: both or neither. */
    client?: { cert: PemSource; key: PemSource };
  };
  apiKey?: string;
}

/** What both SDK connection factories take (a subset of ConnectionOptions and NativeConnectionOptions). */
export interface TemporalConnectionOptions {
  address: string;
  /** Always explicit: left unset, the SDKs turn TLS on whenever an API key is given. */
  tls:
    | {
        serverNameOverride?: string;
        serverRootCACertificate?: Buffer;
        clientCertPair?: { crt: Buffer; key: Buffer };
      }
    | false;
  apiKey?: string;
}

/** How the connection is secured, without a secret: for /api/health and start-up lines. */
export interface TemporalConnectionMode {
  address: string;
  namespace: string;
  /** off: plaintext; server: TLS checking the server; mutual: TLS with a client certificate too. */
  tls: 'off' | 'server' | 'mutual';
  serverName?: string;
  /** Who vouches for the server's certificate. */
  serverCa?: 'system' | 'file' | 'variable';
  apiKey: boolean;
}

export class TemporalConnectionConfigError extends Error {
  constructor(readonly problems: EnvProblem[]) {
    super(problems.map((p) => `${p.variable} ${p.message}`).join('; '));
    this.name = 'TemporalConnectionConfigError';
  }
}

type Pair = [pathVariable: keyof TemporalConnectionEnv, dataVariable: keyof TemporalConnectionEnv];
const SERVER_CA: Pair = ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'];
const CLIENT_CERT: Pair = ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA'];
const CLIENT_KEY: Pair = ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA'];

/**
 * The valid combinations of the parsed TEMPORAL_* variables (each already checked alone by
 * SharedEnv). TLS is on when TEMPORAL_TLS=true, when any TLS setting is given, or with an API key
 * (as Temporal's own clients do), unless TEMPORAL_TLS=false.
 */
export function temporalConnectionSettings(env: TemporalConnectionEnv): { ok: true; settings: TemporalConnectionSettings } | { ok: false; problems: EnvProblem[] } {
  const problems: EnvProblem[] = [];
  const source = ([pathVariable, dataVariable]: Pair): PemSource | undefined => {
    const path = env[pathVariable] as string | undefined;
    const pem = env[dataVariable] as string | undefined;
    if (path !== undefined && pem !== undefined) {
      problems.push({ variable: dataVariable, message: `and ${pathVariable} are both set: give the PEM either as a file or as text, not both` });
      return undefined;
    }
    if (path !== undefined) return { variable: pathVariable, path };
    if (pem !== undefined) return { variable: dataVariable, pem };
    return undefined;
  };
  const serverCa = source(SERVER_CA);
  const cert = source(CLIENT_CERT);
  const key = source(CLIENT_KEY);
  if (cert && !key) problems.push({ variable: CLIENT_KEY[0], message: `is required with ${cert.variable}: mTLS needs the client certificate's private key (or ${CLIENT_KEY[1]})` });
  if (key && !cert) problems.push({ variable: CLIENT_CERT[0], message: `is required with ${key.variable}: mTLS needs the client certificate (or ${CLIENT_CERT[1]})` });

  const tlsSettings = [serverCa?.variable, cert?.variable, key?.variable, env.TEMPORAL_TLS_SERVER_NAME === undefined ? undefined : 'TEMPORAL_TLS_SERVER_NAME'].filter((v) => v !== undefined);
  if (env.TEMPORAL_TLS === false && tlsSettings.length > 0) {
    problems.push({ variable: 'TEMPORAL_TLS', message: `is false but ${tlsSettings.join(', ')} ${tlsSettings.length === 1 ? 'is' : 'are'} set: remove them or turn TLS on` });
  }
  if (problems.length) return { ok: false, problems };

  const tlsOn = env.TEMPORAL_TLS ?? (tlsSettings.length > 0 || env.TEMPORAL_API_KEY !== undefined);
  const settings: TemporalConnectionSettings = { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE };
  if (tlsOn) {
    settings.tls = {
      ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverName: env.TEMPORAL_TLS_SERVER_NAME } : {}),
      ...(serverCa ? { serverCa } : {}),
      ...(cert && key ? { client: { cert, key } } : {}),
    };
  }
  if (env.TEMPORAL_API_KEY !== undefined) settings.apiKey = env.TEMPORAL_API_KEY;
  return { ok: true, settings };
}

export function describeTemporalConnection(settings: TemporalConnectionSettings): TemporalConnectionMode {
  const tls = settings.tls;
  return {
    address: settings.address,
    namespace: settings.namespace,
    tls: !tls ? 'off' : tls.client ? 'mutual' : 'server',
    ...(tls?.serverName ? { serverName: tls.serverName } : {}),
    ...(tls ? { serverCa: !tls.serverCa ? 'system' : 'path' in tls.serverCa ? 'file' : 'variable' } : {}),
    apiKey: settings.apiKey !== undefined,
  } as TemporalConnectionMode;
}

/** One line for logs: `127.0.0.1:7233 (namespace default, mTLS, API key)`. */
export function describeTemporalConnectionLine(settings: TemporalConnectionSettings): string {
  const mode = describeTemporalConnection(settings);
  const security = { off: 'plaintext', server: 'TLS', mutual: 'mTLS' }[mode.tls];
  return `${mode.address} (namespace ${mode.namespace}, ${security}${mode.apiKey ? ', API key' : ''})`;
}

export type ReadFile = (path: string) => Buffer;

/**
 * The SDK connection options, with every certificate and key read now, so a missing, unreadable
 * or wrong file stops the process at start naming its variable (TemporalConnectionConfigError).
 */
export function temporalConnectionOptions(settings: TemporalConnectionSettings, readFile: ReadFile = readFileSync): TemporalConnectionOptions {
  const problems: EnvProblem[] = [];
  const load = (source: PemSource, expected: RegExp, what: string): Buffer | undefined => {
    let bytes: Buffer;
    if ('pem' in source) {
      bytes = Buffer.from(source.pem, 'utf8');
    } else {
      try {
        bytes = readFile(source.path);
      } catch (err) {
        problems.push({ variable: source.variable, message: `names ${source.path}, which cannot be read (${readFailure(err)})` });
        return undefined;
      }
    }
    if (!expected.test(bytes.toString('utf8'))) {
      const where = 'path' in source ? `${source.path} is not` : 'is not';
      problems.push({ variable: source.variable, message: `${where} a PEM ${what} (no -----BEGIN ${what.toUpperCase()}----- block)` });
      return undefined;
    }
    return bytes;
  };

  const options: TemporalConnectionOptions = { address: settings.address, tls: false };
  const tls = settings.tls;
  if (tls) {
    const serverRootCACertificate = tls.serverCa ? load(tls.serverCa, /-----BEGIN CERTIFICATE-----/, 'certificate') : undefined;
    const crt = tls.client ? load(tls.client.cert, /-----BEGIN CERTIFICATE-----/, 'certificate') : undefined;
    const key = tls.client ? load(tls.client.key, /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'private key') : undefined;
    options.tls = {
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
      ...(serverRootCACertificate ? { serverRootCACertificate } : {}),
      ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    };
  }
  if (settings.apiKey !== undefined) options.apiKey = settings.apiKey;
  if (problems.length) throw new TemporalConnectionConfigError(problems);
  return options;
}

/** Reads the TEMPORAL_* variables of an already parsed environment into options, or throws naming each bad variable. */
export function temporalConnectionFromEnv(env: TemporalConnectionEnv, readFile: ReadFile = readFileSync): { settings: TemporalConnectionSettings; options: TemporalConnectionOptions } {
  const parsed = temporalConnectionSettings(env);
  if (!parsed.ok) throw new TemporalConnectionConfigError(parsed.problems);
  return { settings: parsed.settings, options: temporalConnectionOptions(parsed.settings, readFile) };
}

/**
 * For tools and scripts that read only the TEMPORAL_* variables (benchmarks, the cluster stack):
 * parses them from `env` and reads the files, or throws naming each bad variable.
 */
export function temporalConnectionFromVariables(env: Record<string, string | undefined>, readFile: ReadFile = readFileSync): { settings: TemporalConnectionSettings; options: TemporalConnectionOptions } {
  const parsed = parseEnv(z.object(TemporalConnectionEnv), env);
  if (!parsed.ok) throw new TemporalConnectionConfigError(parsed.problems);
  return temporalConnectionFromEnv(parsed.data, readFile);
}

function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (err as Error)?.message ?? String(err);
}

/**
 * A failed connection that waiting will not fix: the TLS handshake or the credentials were
 * refused. Answers what to change, or undefined for anything else (server down, network).
 */
export function explainTemporalCredentialFailure(err: unknown, settings: TemporalConnectionSettings): string | undefined {
  const text = errorText(err);
  const at = `Temporal at ${settings.address}`;
  if (/certificate.?required|CertificateRequired|alert.?handshake.?failure|HandshakeFailure|peer did not return a certificate/i.test(text)) {
    return settings.tls?.client
      ? `${at} refused the client certificate (${CLIENT_CERT_NAMES}): it is not signed by a CA the server trusts (${summary(text)})`
      : `${at} requires a client certificate (mTLS): set ${CLIENT_CERT_NAMES} and its key (${CLIENT_KEY_NAMES}) (${summary(text)})`;
  }
  if (/bad.?certificate|BadCertificate|unknown.?ca\b|UnknownCA|certificate.?unknown|decrypt.?error/i.test(text) && /alert/i.test(text)) {
    return `${at} refused the client certificate (${CLIENT_CERT_NAMES}): it is not signed by a CA the server trusts (${summary(text)})`;
  }
  if (/UnknownIssuer|unable to (?:get|verify).*issuer|self.?signed|certificate verify failed|invalid peer certificate|InvalidCertificate/i.test(text)) {
    if (/NotValidForName|hostname|altnames|does not match|name mismatch/i.test(text)) {
      return `${at} presented a certificate for another name: set TEMPORAL_TLS_SERVER_NAME to the name in it (${summary(text)})`;
    }
    return `${at} presented a certificate this process does not trust: set TEMPORAL_TLS_SERVER_CA_CERT_PATH (or _DATA) to the CA that signed it (${summary(text)})`;
  }
  if (/NotValidForName|Hostname.*does not match|altnames/i.test(text)) {
    return `${at} presented a certificate for another name: set TEMPORAL_TLS_SERVER_NAME to the name in it (${summary(text)})`;
  }
  if (/wrong version number|packet length too long|http2 frame|InvalidContentType|CorruptMessage|invalid HTTP version|unexpected end of file|http\/1\./i.test(text) && settings.tls) {
    return `${at} does not speak TLS on that port: check TEMPORAL_ADDRESS, or set TEMPORAL_TLS=false for a plaintext server (${summary(text)})`;
  }
  if (/closed the connection right after the TLS handshake/.test(text)) {
    return settings.tls?.client
      ? `${at} closed the connection right after the TLS handshake: check that the client certificate (${CLIENT_CERT_NAMES}) is signed by a CA the server trusts`
      : `${at} closed the connection right after the TLS handshake: it probably requires a client certificate (mTLS): set ${CLIENT_CERT_NAMES} and its key (${CLIENT_KEY_NAMES})`;
  }
  if (/NOT_FOUND|Namespace .{0,80} (?:is )?not found/i.test(text)) {
    return `${at} has no namespace ${settings.namespace}: check TEMPORAL_NAMESPACE (${summary(text)})`;
  }
  if (/UNAUTHENTICATED|PERMISSION_DENIED|Request unauthorized|\b16\b.*unauth/i.test(text)) {
    return settings.apiKey
      ? `${at} refused the API key (TEMPORAL_API_KEY) for namespace ${settings.namespace} (${summary(text)})`
      : `${at} refused the connection as unauthenticated: set TEMPORAL_API_KEY or a client certificate (${summary(text)})`;
  }
  return undefined;
}

/**
 * Why a secured connection failed, told as what to change, or undefined when it is not the TLS
 * settings (the server is down or unreachable). The SDKs hide the TLS alert (the client reports a
 * deadline, the worker's core a closed connection), so the handshake is tried again here with
 * Node's TLS, which names it: a missing or refused client certificate, an untrusted server
 * certificate, a wrong server name, a plaintext port.
 */
export async function diagnoseTemporalConnection(err: unknown, settings: TemporalConnectionSettings, options: TemporalConnectionOptions): Promise<string | undefined> {
  const direct = explainTemporalCredentialFailure(err, settings);
  if (direct || !options.tls) return direct;
  const probe = await probeTls(options);
  return probe ? explainTemporalCredentialFailure(new Error(probe, { cause: err }), settings) : undefined;
}

/** HTTP/2's connection preface and an empty SETTINGS frame: after it a TLS 1.3 server has judged the client certificate. */
const H2_PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);

/** One TLS handshake with the connection's settings: its error text, or undefined when the server answered. */
function probeTls(options: TemporalConnectionOptions, timeoutMs = 5000): Promise<string | undefined> {
  const settings = options.tls || {};
  const at = options.address.lastIndexOf(':');
  const host = options.address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(options.address.slice(at + 1));
  const servername = settings.serverNameOverride ?? (isIP(host) ? undefined : host);
  return new Promise((resolve) => {
    let answered = false;
    const socket = tls.connect({
      host,
      port,
      ALPNProtocols: ['h2'],
      ...(servername ? { servername } : {}),
      ...(settings.serverRootCACertificate ? { ca: settings.serverRootCACertificate } : {}),
      ...(settings.clientCertPair ? { cert: settings.clientCertPair.crt, key: settings.clientCertPair.key } : {}),
      // Node checks the name against the address unless told which name to expect.
      ...(settings.serverNameOverride ? { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(settings.serverNameOverride!, cert) } : {}),
    });
    const done = (result: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once('secureConnect', () => socket.write(H2_PREFACE));
    socket.once('data', () => {
      answered = true;
      done(undefined);
    });
    socket.once('error', (e) => done(e.message));
    socket.once('close', () => done(answered ? undefined : 'the server closed the connection right after the TLS handshake'));
  });
}

const CLIENT_CERT_NAMES = 'TEMPORAL_TLS_CLIENT_CERT_PATH or TEMPORAL_TLS_CLIENT_CERT_DATA';
const CLIENT_KEY_NAMES = 'TEMPORAL_TLS_CLIENT_KEY_PATH or TEMPORAL_TLS_CLIENT_KEY_DATA';

/** The message and its causes: the SDKs wrap the transport's error (gRPC details, Rust error chains). */
function errorText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { message?: unknown; details?: unknown; cause?: unknown };
    if (typeof e.message === 'string') parts.push(e.message);
    if (typeof e.details === 'string') parts.push(e.details);
    current = e.cause;
  }
  return parts.length ? parts.join(' | ') : String(err);
}

function summary(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
