import type { Provider } from '@signalbox/domain';
import type { SnapshotProvider } from '../activity.types';

/**
 * The provider a send uses: the run's snapshot (frozen when the version was published) for what
 * decides how the step behaves — protocol, request timeout, mode, in-flight changes — and the live
 * catalog row for what must change without a publish: the endpoints, the authentication
 * (credentials rotate; a new auth type comes with a new secret) and the rate limit, which protects
 * the provider across every version at once and is enforced live by its task queue too. A file
 * provider's `file` settings are live as a whole: the folders are its endpoints, the key is its
 * credential and the batch limits protect it like the rate limit.
 * docs/architecture.md, "Published means frozen".
 */
export function providerAtSend(live: Provider, frozen: SnapshotProvider | undefined): Provider {
  if (!frozen || frozen.code !== live.code) return live;
  const { rateLimit, ...published } = frozen;
  void rateLimit;
  const { file, ...rest } = published;
  void file;
  return { ...rest, endpoints: live.endpoints, auth: live.auth, ...(live.rateLimit ? { rateLimit: live.rateLimit } : {}), ...(live.file ? { file: live.file } : {}) };
}
