import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApiKeyRole } from '@signalbox/domain';

/** Keys look like sbx_<id>_<secret>; only the SHA-256 of the whole key is stored. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: ApiKeyRole;

  @Column({ type: 'text' })
  hash!: string;

  /** Agent keys only: codes of the providers whose service orders the key may answer. */
  @Column({ type: 'text', array: true, nullable: true })
  providers!: string[] | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
