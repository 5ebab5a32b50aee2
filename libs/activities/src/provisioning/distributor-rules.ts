import { ApplicationFailure } from '@temporalio/common';
import { distributorRefusal, type Provider, type Subject } from '@signalbox/domain';
import type { ServiceOrderPort } from '../ports';

/**
 * Refuses an order that breaks one of the provider's distributor rules (a restriction, a
 * dependency, a required distributor), naming the rule. Thrown from inside the order flow's
 * send, so the order is recorded and failed with the rule in its log, and never reaches the
 * provider; a retry cannot change the answer.
 */
export async function checkDistributorRules(
  orders: ServiceOrderPort,
  provider: Provider,
  order: { serviceType: string; action: string; subject: Subject; serviceKey: string },
): Promise<void> {
  const distributors = provider.distributors ?? [];
  if (distributors.length === 0 || !orders.activeServiceTypes) return;
  const accountId = typeof order.subject.accountId === 'string' ? order.subject.accountId : undefined;
  const activeServices = await orders.activeServiceTypes(provider.code, { serviceKey: order.serviceKey, ...(accountId !== undefined ? { accountId } : {}) });
  const refusal = distributorRefusal(distributors, { serviceType: order.serviceType, action: order.action, activeServices });
  if (refusal) throw ApplicationFailure.nonRetryable(`refused by distributor rule ${refusal.rule}: ${refusal.message}`, 'DistributorRuleRefused', refusal);
}

/** The conditional-access id the provider gives the service, sent with its orders as `caId`. */
export function conditionalAccessField(provider: Provider, serviceType: string): { caId?: string } {
  const caId = provider.conditionalAccess?.[serviceType];
  return caId !== undefined ? { caId } : {};
}
