import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One token bucket (rate limit with burst), shared by every process on the database: a provider's
 * send rate (`provider:<code>`, taken by the workers) or an API key's calls to expensive routes
 * (`api-key:<id>`, taken by the API processes). Tokens are refilled lazily from `refilled_at` when
 * one is taken; see `TokenBuckets`.
 */
@Entity({ name: 'token_buckets' })
export class TokenBucketEntity {
  @PrimaryColumn({ type: 'text' })
  bucket!: string;

  @Column({ type: 'double precision' })
  tokens!: number;

  @Column({ name: 'refilled_at', type: 'timestamptz' })
  refilledAt!: Date;
}
