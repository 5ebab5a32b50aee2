import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last state Signalbox successfully provisioned for a subject at a provider (input to reconciliation). */
@Entity({ name: 'provisioning_status' })
export class ProvisioningStatusEntity {
  @PrimaryColumn({ name: 'provider_code', type: 'text' })
  providerCode!: string;

  @PrimaryColumn({ name: 'subject_key', type: 'text' })
  subjectKey!: string;

  @Column({ type: 'jsonb' })
  state!: Record<string, unknown>;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
