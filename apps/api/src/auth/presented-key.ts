import type { IncomingHttpHeaders } from 'node:http';

/** An Authorization header that is not `Bearer <key>`. */
export const MALFORMED_AUTHORIZATION = Symbol('malformed Authorization header');

/**
 * The API key a request presents: `Authorization: Bearer <key>` (the scheme is case-insensitive)
 * or `X-Api-Key`. Read the same way by the guard and by the cached-read fast path.
 */
export function readPresentedKey(headers: IncomingHttpHeaders): string | typeof MALFORMED_AUTHORIZATION | undefined {
  const header = headers.authorization?.trim();
  if (header) return /^bearer\s+(\S+)$/i.exec(header)?.[1] ?? MALFORMED_AUTHORIZATION;
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}
