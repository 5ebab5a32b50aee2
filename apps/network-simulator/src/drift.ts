import { z } from 'zod';
import { summarise, type ServiceStatus, type Subscriber, type SubscriberStore } from './subscribers';

/**
 * "Drift": the provider's state changes behind Signalbox's back (an engineer's manual change, a
 * restore from backup), so reconciliation has something to find. Either `count` subscribers
 * (the first by key that can change) or the listed `keys`; every service not already `to` (and
 * not closed) is moved to `to`. Recorded in the subscriber's history as `serviceOrderId: "drift"`.
 */
export const DriftRequest = z
  .strictObject({
    count: z.number().int().min(1).max(100_000).optional(),
    keys: z.array(z.string().min(1).max(128)).min(1).max(100_000).optional(),
    to: z.enum(['active', 'suspended', 'deactivated']).default('suspended'),
  })
  .refine((r) => (r.count === undefined) !== (r.keys === undefined), { error: 'give either count or keys (exactly one)', path: ['count'] });
export type DriftRequest = z.infer<typeof DriftRequest>;

export interface Drifted {
  key: string;
  before: Record<string, ServiceStatus>;
  after: Record<string, ServiceStatus>;
}

export function drift(store: SubscriberStore, provider: string, request: DriftRequest, now: Date = new Date()): { drifted: Drifted[]; unknown: string[] } {
  const all = store.list(provider).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const canDrift = (s: Subscriber) => Object.values(s.services).some((status) => status !== request.to && status !== 'closed');
  let chosen: Subscriber[];
  let unknown: string[] = [];
  if (request.keys) {
    const byKey = new Map(all.map((s) => [s.key, s]));
    chosen = request.keys.flatMap((k) => byKey.get(k) ?? []);
    unknown = request.keys.filter((k) => !byKey.has(k));
  } else {
    chosen = all.filter(canDrift).slice(0, request.count);
  }
  const at = now.toISOString();
  const drifted = chosen.map((subscriber) => {
    const before = { ...subscriber.services };
    for (const [serviceType, status] of Object.entries(subscriber.services)) {
      if (status === request.to || status === 'closed') continue;
      subscriber.services[serviceType] = request.to;
      subscriber.history.push({ at, serviceOrderId: 'drift', action: 'I', serviceType, from: status, to: request.to });
    }
    subscriber.status = summarise(subscriber.services, request.to);
    subscriber.updatedAt = at;
    return { key: subscriber.key, before, after: { ...subscriber.services } };
  });
  return { drifted, unknown };
}
