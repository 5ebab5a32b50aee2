import { applyDecorators, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExtension } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { TokenBuckets } from '@signalbox/persistence';
import type { ApiConfigShape } from '../config/api.config';

export const RATE_LIMITED = 'signalbox:rate-limited';

/**
 * Marks an expensive route (validation, preview, test runs, batches): each API key may call the
 * marked routes SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE times a minute together, whichever API
 * process answers; past that the caller gets 429 with Retry-After.
 */
export const RateLimited = (bucket: RateBucket = 'expensive') => applyDecorators(SetMetadata(RATE_LIMITED, bucket), ApiExtension('x-signalbox-rate-limited', bucket === 'expensive' ? true : bucket));

/**
 * expensive: validate, preview, test runs, batches (SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE);
 * integration: the TMF641 endpoints and POST /api/messages (SIGNALBOX_INTEGRATION_CALLS_PER_MINUTE),
 * a bucket of their own so an upstream system's traffic never eats an analyst's previews.
 */
export type RateBucket = 'expensive' | 'integration';

/**
 * A token bucket per API key (a burst of a minute's worth, refilled evenly), kept in PostgreSQL
 * through the same TokenBuckets the workers use for providers' send rates: the limit holds for a
 * key across every API process on the database, not per process.
 */
@Injectable()
export class KeyRateLimiter {
  private readonly perMinute: Record<RateBucket, number>;
  private readonly buckets: TokenBuckets;

  constructor(@Inject(ConfigService) config: ConfigService<ApiConfigShape, true>, dataSource: DataSource) {
    const api = config.getOrThrow('api', { infer: true });
    this.perMinute = { expensive: api.expensiveCallsPerMinute, integration: api.integrationCallsPerMinute };
    this.buckets = new TokenBuckets(dataSource);
  }

  /** Takes one call for the key; the seconds to wait when there is none left. */
  async take(keyId: string, bucket: RateBucket = 'expensive'): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    const perMinute = this.perMinute[bucket];
    if (perMinute === 0) return { allowed: true };
    const taken = await this.buckets.take(bucket === 'expensive' ? `api-key:${keyId}` : `api-key:${keyId}:${bucket}`, perMinute / 60, perMinute);
    return taken.taken ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(taken.waitMs / 1000)) };
  }
}
