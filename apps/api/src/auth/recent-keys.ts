import type { Principal } from './permissions';

/**
 * Keys this process accepted in the last `ttlMs`, by the hash of the presented key, so that a
 * client calling back to back costs one database read per key per `ttlMs` instead of one per
 * request (on a 2-core machine each round trip was a large share of a catalog read's CPU). A key
 * revoked here is forgotten at once; one revoked through another API process is refused here
 * within `ttlMs`. Only accepted keys are kept, at most `maxKeys` (the oldest goes first).
 */
export class RecentKeys {
  private readonly accepted = new Map<string, { principal: Principal; at: number }>();

  constructor(
    private readonly ttlMs = 1_000,
    private readonly maxKeys = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(hash: string): Principal | undefined {
    const hit = this.accepted.get(hash);
    if (!hit) return undefined;
    if (this.now() - hit.at < this.ttlMs) return hit.principal;
    this.accepted.delete(hash);
    return undefined;
  }

  remember(hash: string, principal: Principal): void {
    if (this.ttlMs <= 0) return;
    this.accepted.delete(hash);
    if (this.accepted.size >= this.maxKeys) this.accepted.delete(this.accepted.keys().next().value as string);
    this.accepted.set(hash, { principal, at: this.now() });
  }

  /** Drops every entry of a key (revoked here). */
  forget(keyId: string): void {
    for (const [hash, hit] of this.accepted) if (hit.principal.keyId === keyId) this.accepted.delete(hash);
  }
}
