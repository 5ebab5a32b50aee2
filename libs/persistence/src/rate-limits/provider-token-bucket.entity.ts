import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A provider's token bucket (rate limit with burst), shared by every worker process. Tokens are
 * refilled lazily from `refilled_at` when one is taken; see `ProviderTokenBuckets`.
 */
@Entity({ name: 'provider_token_buckets' })
export class ProviderTokenBucketEntity {
  @PrimaryColumn({ name: 'provider_code', type: 'text' })
  providerCode!: string;

  @Column({ type: 'double precision' })
  tokens!: number;

  @Column({ name: 'refilled_at', type: 'timestamptz' })
  refilledAt!: Date;
}
