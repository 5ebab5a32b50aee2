import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { checkSignatureHeader, SIGNATURE_HEADER, signBody as signWith } from '@signalbox/contracts';
import type { AuthConfig } from './behaviour';

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
      return checkSignatureHeader(createHmac, auth, header(headers, SIGNATURE_HEADER), rawBody, nowMs);
    case 'bearer': {
      const value = header(headers, 'authorization');
      if (value === undefined) return 'missing Authorization header (Bearer expected)';
      const match = /^Bearer\s+(\S+)$/i.exec(value);
      if (!match) return 'Authorization header is not Bearer';
      return safeEqual(match[1], auth.token) ? undefined : 'wrong bearer token';
    }
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

/** hex(HMAC-SHA256(secret, "<ts>.<raw body>")): the contracts' scheme, for tests and for clients that want to sign. */
export function signBody(secret: string, ts: string, rawBody: Buffer | string): string {
  return signWith(createHmac, secret, ts, rawBody);
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
