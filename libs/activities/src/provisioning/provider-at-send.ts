import type { Provider } from '@signalbox/domain';
import type { SnapshotProvider } from '../activity.types';

/**
 * The provider a send uses: the run's snapshot (frozen when the version was published) for every
 * non-secret setting — protocol, request timeout, mode, rate limit, in-flight changes — and the
 * live catalog row for what must change without a publish: the endpoints and the authentication
 * (credentials rotate; a new auth type comes with a new secret). docs/architecture.md, "Published
 * means frozen".
 */
export function providerAtSend(live: Provider, frozen: SnapshotProvider | undefined): Provider {
  if (!frozen || frozen.code !== live.code) return live;
  return { ...frozen, endpoints: live.endpoints, auth: live.auth };
}
