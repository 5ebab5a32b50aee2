import { applyDecorators, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExtension } from '@nestjs/swagger';
import type { ApiConfigShape } from '../config/api.config';

export const RATE_LIMITED = 'signalbox:rate-limited';

/**
 * Marks an expensive route (validation, preview, test runs, batches): each API key may call the
 * marked routes SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE times a minute together; past that the
 * caller gets 429 with Retry-After.
 */
export const RateLimited = () => applyDecorators(SetMetadata(RATE_LIMITED, true), ApiExtension('x-signalbox-rate-limited', true));

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per API key: a burst of a minute's worth, refilled evenly. In memory, per API process. */
@Injectable()
export class KeyRateLimiter {
  private readonly perMinute: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(@Inject(ConfigService) config: ConfigService<ApiConfigShape, true>) {
    this.perMinute = config.getOrThrow('api', { infer: true }).expensiveCallsPerMinute;
  }

  /** Takes one call for the key; the seconds to wait when there is none left. */
  take(keyId: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    if (this.perMinute === 0) return { allowed: true };
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(keyId) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}
