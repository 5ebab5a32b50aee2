import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** API key name (or "system" for boot-time loads). */
  @Column({ type: 'text' })
  actor!: string;

  /** create | update | delete | publish | import | … */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'entity_kind', type: 'text' })
  entityKind!: string;

  @Column({ type: 'text', nullable: true })
  code!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
