import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthConfig } from './behaviour';

export const DEFAULT_MAX_SKEW_SECONDS = 300;

/** Checks a request against the provider's configured authentication; returns the reason it fails. */
export function checkAuth(
  auth: AuthConfig,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  nowMs: number = Date.now(),
): string | undefined {
  switch (auth.type) {
    case 'none':
      return undefined;
    case 'basic':
      return checkBasic(auth.username, auth.password, header(headers, 'authorization'));
    case 'header': {
      const value = header(headers, auth.name);
      if (value === undefined) return `missing header ${auth.name}`;
      return safeEqual(value, auth.value) ? undefined : `wrong value in header ${auth.name}`;
    }
    case 'signature':
      return checkSignature(auth, header(headers, 'x-signature'), rawBody, nowMs);
  }
}

function checkBasic(username: string, password: string, value: string | undefined): string | undefined {
  if (value === undefined) return 'missing Authorization header (Basic expected)';
  const match = /^Basic\s+(\S+)$/i.exec(value);
  if (!match) return 'Authorization header is not Basic';
  return safeEqual(Buffer.from(match[1], 'base64').toString('utf8'), `${username}:${password}`)
    ? undefined
    : 'wrong username or password';
}

function checkSignature(
  auth: Extract<AuthConfig, { type: 'signature' }>,
  value: string | undefined,
  rawBody: Buffer,
  nowMs: number,
): string | undefined {
  if (value === undefined) return 'missing X-Signature header';
  const parts = Object.fromEntries(
    value.split(',').map((part) => {
      const i = part.indexOf('=');
      return i < 0 ? [part.trim(), ''] : [part.slice(0, i).trim(), part.slice(i + 1).trim()];
    }),
  );
  const { keyId, ts, sig } = parts as Record<string, string | undefined>;
  if (!keyId || !ts || !sig) return 'X-Signature must be keyId=<id>,ts=<unix seconds>,sig=<hex>';
  if (keyId !== auth.keyId) return `unknown signature key id ${keyId}`;
  if (!/^\d+$/.test(ts)) return 'signature timestamp is not unix seconds';
  const skew = Math.abs(nowMs / 1000 - Number(ts));
  const maxSkew = auth.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  if (skew > maxSkew) return `signature timestamp is ${Math.round(skew)} s away from now (at most ${maxSkew} s allowed)`;
  const expected = signBody(auth.secret, ts, rawBody);
  return safeEqual(sig.toLowerCase(), expected) ? undefined : 'signature does not match the body';
}

/** hex(HMAC-SHA256(secret, "<ts>.<raw body>")) — exported for tests and for clients that want to sign. */
export function signBody(secret: string, ts: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${ts}.`).update(rawBody).digest('hex');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
