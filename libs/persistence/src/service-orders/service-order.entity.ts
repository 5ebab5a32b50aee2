import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { OrderAction, OrderKind, OrderState, ProvisioningMode, Subject } from '@signalbox/domain';

/** A service order sent (or about to be sent) to a provider; its state follows the service type's machine. */
@Entity({ name: 'service_orders' })
@Index('service_orders_service_key_idx', ['serviceKey', 'createdAt'])
@Index('service_orders_provider_state_idx', ['providerCode', 'state'])
@Index('service_orders_run_idx', ['runWorkflowId'])
export class ServiceOrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'service_key', type: 'text' })
  serviceKey!: string;

  @Column({ name: 'provider_code', type: 'text' })
  providerCode!: string;

  @Column({ name: 'service_type', type: 'text' })
  serviceType!: string;

  @Column({ type: 'char', length: 1 })
  action!: OrderAction;

  @Column({ type: 'text', default: 'service' })
  kind!: OrderKind;

  @Column({ type: 'text' })
  priority!: 'normal' | 'express';

  @Column({ type: 'text' })
  mode!: ProvisioningMode;

  @Column({ type: 'text' })
  state!: OrderState;

  @Column({ type: 'jsonb' })
  fields!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  subject!: Subject;

  @Column({ name: 'run_workflow_id', type: 'text', nullable: true })
  runWorkflowId!: string | null;

  @Column({ name: 'node_id', type: 'text', nullable: true })
  nodeId!: string | null;

  @Column({ name: 'is_test', type: 'boolean', default: false })
  isTest!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
