/*
 * The provider signature scheme (provider-wire.ts, auth type `signature`), defined once for the
 * side that signs (the worker's provider adapters) and the side that checks (the network
 * simulator, or a real agent):
 *
 *   X-Signature: keyId=<id>,ts=<unix seconds>,sig=<hex HMAC-SHA256(secret, "<ts>.<raw body>")>
 *
 * Contracts also load in the browser and in Temporal's workflow sandbox, which have no node:crypto,
 * so the caller passes node's `createHmac` in; nothing here touches Node.
 */

/** The slice of node:crypto's `createHmac` the scheme uses. */
export type CreateHmac = (algorithm: 'sha256', key: string) => HmacDigest;
export interface HmacDigest {
  update(data: string | Uint8Array): HmacDigest;
  digest(encoding: 'hex'): string;
}

/** Header name, lower-case as Node presents incoming headers. */
export const SIGNATURE_HEADER = 'x-signature';
/** How far a signature's timestamp may be from the checker's clock, unless the provider says otherwise. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;

/** hex(HMAC-SHA256(secret, "<ts>.<raw body>")). */
export function signBody(createHmac: CreateHmac, secret: string, ts: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${ts}.`).update(rawBody).digest('hex');
}

/** The X-Signature value for `body`, signed at `nowMs`. */
export function signatureHeader(createHmac: CreateHmac, key: { keyId: string; secret: string }, body: string, nowMs: number): string {
  const ts = Math.floor(nowMs / 1000).toString();
  return `keyId=${key.keyId},ts=${ts},sig=${signBody(createHmac, key.secret, ts, body)}`;
}

export interface SignatureCheck {
  keyId: string;
  secret: string;
  maxSkewSeconds?: number;
}

/** Checks an X-Signature value against the raw body; answers why it fails, or undefined when it holds. */
export function checkSignatureHeader(createHmac: CreateHmac, key: SignatureCheck, value: string | undefined, rawBody: string | Uint8Array, nowMs: number): string | undefined {
  if (value === undefined) return 'missing X-Signature header';
  const parts = Object.fromEntries(
    value.split(',').map((part) => {
      const i = part.indexOf('=');
      return i < 0 ? [part.trim(), ''] : [part.slice(0, i).trim(), part.slice(i + 1).trim()];
    }),
  );
  const { keyId, ts, sig } = parts as Record<string, string | undefined>;
  if (!keyId || !ts || !sig) return 'X-Signature must be keyId=<id>,ts=<unix seconds>,sig=<hex>';
  if (keyId !== key.keyId) return `unknown signature key id ${keyId}`;
  if (!/^\d+$/.test(ts)) return 'signature timestamp is not unix seconds';
  const skew = Math.abs(nowMs / 1000 - Number(ts));
  const maxSkew = key.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  if (skew > maxSkew) return `signature timestamp is ${Math.round(skew)} s away from now (at most ${maxSkew} s allowed)`;
  return sameText(sig.toLowerCase(), signBody(createHmac, key.secret, ts, rawBody)) ? undefined : 'signature does not match the body';
}

/** Compares in time independent of where the strings differ (no node:crypto timingSafeEqual here). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
