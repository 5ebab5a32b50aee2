const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/**
 * The rule for every URL Signalbox sends notifications to (TMF hub listeners, webhook
 * subscriptions): absolute http(s), no credentials in it (notifications are signed instead), and
 * not this API itself (a loop of notifications to ourselves). Answers what is wrong, or undefined.
 */
export function listenerUrlProblem(value: string, self: { host: string; port: number }, requestHost: string | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http(s) URL, not ${url.protocol.replace(':', '')}`;
  if (url.username || url.password) return 'must not carry credentials: notifications are signed instead';
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const pointsHere =
    (requestHost !== undefined && url.host.toLowerCase() === requestHost.toLowerCase()) ||
    (port === self.port && (LOOPBACK.has(url.hostname.toLowerCase()) || url.hostname.toLowerCase() === self.host.toLowerCase()));
  return pointsHere ? 'points at this API itself: give the listener’s own URL' : undefined;
}
