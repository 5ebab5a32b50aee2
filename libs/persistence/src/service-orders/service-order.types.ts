import type { OrderAction, OrderKind, OrderState, ProvisioningMode, Subject, Transition } from '@signalbox/domain';
import type { ExchangeDirection } from './service-order-exchange.entity';

/** What a provisioning activity hands to `ServiceOrderStore.create`. */
export interface NewServiceOrder {
  /** Give a deterministic id to make creation idempotent across activity retries. */
  id?: string;
  serviceKey: string;
  providerCode: string;
  serviceType: string;
  action: OrderAction;
  /** What the order is about; `service` when absent. */
  kind?: OrderKind;
  priority?: 'normal' | 'express';
  mode: ProvisioningMode;
  fields: Record<string, unknown>;
  subject: Subject;
  runWorkflowId?: string;
  nodeId?: string;
  isTest?: boolean;
}

/** A service order as plain JSON (dates as ISO strings): safe to return from activities and the API. */
export interface ServiceOrder {
  id: string;
  serviceKey: string;
  providerCode: string;
  serviceType: string;
  action: OrderAction;
  kind: OrderKind;
  priority: 'normal' | 'express';
  mode: ProvisioningMode;
  state: OrderState;
  fields: Record<string, unknown>;
  subject: Subject;
  runWorkflowId: string | null;
  nodeId: string | null;
  isTest: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface ServiceOrderExchange {
  seq: number;
  direction: ExchangeDirection;
  at: string;
  payload: unknown;
  httpStatus: number | null;
  latencyMs: number | null;
  note: string | null;
}

export interface ServiceOrderWithExchanges extends ServiceOrder {
  exchanges: ServiceOrderExchange[];
}

export interface NewExchange {
  direction: ExchangeDirection;
  payload?: unknown;
  httpStatus?: number;
  latencyMs?: number;
  note?: string;
}

export interface TransitionOptions {
  /** The service type's state machine (from the run's snapshot). */
  transitions: readonly Transition[];
  /** Compare-and-set: refuse unless the order is in this state. */
  from?: OrderState;
  note?: string;
  payload?: unknown;
  /** Logged ahead of the change, in its transaction, whether or not the change applies (e.g. the answer that settles it). */
  before?: NewExchange;
  /** Logged after the change, in its transaction, when it applied (e.g. the request about to be sent). */
  after?: NewExchange;
  /** Set in the change's transaction when it applied: the provider's view of the subscriber. */
  provisioningStatus?: { providerCode: string; subjectKey: string; state: Record<string, unknown>; orderId: string };
}

export type TransitionResult =
  | { applied: true; /** false when the order already was in the target state (a retried call). */ changed: boolean; from: OrderState; order: ServiceOrder }
  | { applied: false; from: OrderState; reason: string; order: ServiceOrder };

export type CallbackOutcome = 'recorded' | 'duplicate' | 'closed';

export interface ServiceOrderFilter {
  serviceKey?: string;
  kind?: OrderKind;
  providerCode?: string;
  state?: OrderState;
  runWorkflowId?: string;
  /** The subject's MSISDN (orders keep their subject as JSON). */
  msisdn?: string;
  /** Created at or after / at or before (ISO date-times). */
  from?: string;
  to?: string;
}

export interface PageRequest {
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ProvisioningStatus {
  providerCode: string;
  subjectKey: string;
  state: Record<string, unknown>;
  orderId: string | null;
  updatedAt: string;
}
