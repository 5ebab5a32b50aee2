import { Column, Entity, PrimaryColumn } from 'typeorm';

export const EXCHANGE_DIRECTIONS = ['request', 'response', 'callback', 'state-change'] as const;
export type ExchangeDirection = (typeof EXCHANGE_DIRECTIONS)[number];

/** One line of the network request log: what went to the provider, what came back, and each state change. */
@Entity({ name: 'service_order_exchanges' })
export class ServiceOrderExchangeEntity {
  @PrimaryColumn({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  /** 1, 2, 3… per order, in the order the exchanges were recorded. */
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'text' })
  direction!: ExchangeDirection;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb', nullable: true })
  payload!: unknown;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus!: number | null;

  @Column({ name: 'latency_ms', type: 'int', nullable: true })
  latencyMs!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
