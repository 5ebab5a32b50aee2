import { createHmac } from 'node:crypto';
import { SIGNATURE_HEADER, signatureHeader } from '@signalbox/contracts';
import type { ProviderAuth } from '@signalbox/domain';

/**
 * Authentication headers exactly as libs/contracts/src/provider-wire.ts documents them. A secret
 * that is missing is a configuration problem, reported by name (never by value).
 */
export function authHeaders(auth: ProviderAuth, body: string, providerCode: string, nowMs: number): Record<string, string> {
  switch (auth.type) {
    case 'none':
      return {};
    case 'basic':
      if (auth.password === undefined) throw new MissingSecretError(providerCode, 'password');
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
    case 'header':
      if (auth.value === undefined) throw new MissingSecretError(providerCode, 'header value');
      return { [auth.header.toLowerCase()]: auth.value };
    case 'bearer':
      if (auth.token === undefined) throw new MissingSecretError(providerCode, 'bearer token');
      return { authorization: `Bearer ${auth.token}` };
    case 'signature': {
      if (auth.secret === undefined) throw new MissingSecretError(providerCode, 'signature secret');
      return { [SIGNATURE_HEADER]: signatureHeader(createHmac, { keyId: auth.keyId, secret: auth.secret }, body, nowMs) };
    }
  }
}

export class MissingSecretError extends Error {
  constructor(providerCode: string, what: string) {
    super(`provider ${providerCode} has no ${what} stored: set it on the provider before sending`);
    this.name = 'MissingSecretError';
  }
}
