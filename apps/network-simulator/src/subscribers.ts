import type { WireServiceOrder } from '@signalbox/contracts';

export type ServiceStatus = 'active' | 'suspended' | 'deactivated' | 'closed';

export interface SimCard {
  imsi?: string;
  iccid?: string;
}

export interface HistoryEntry {
  at: string;
  serviceOrderId: string;
  action: WireServiceOrder['action'];
  serviceType: string;
  from?: ServiceStatus;
  to?: ServiceStatus;
}

export interface Subscriber {
  provider: string;
  /** serviceId when the first order carried one, else msisdn. */
  key: string;
  serviceId?: string;
  msisdn?: string;
  /** Summary over the services: active if any is, else suspended if any is, else the latest. */
  status: ServiceStatus;
  /** One status per service type provisioned on this subscriber. */
  services: Record<string, ServiceStatus>;
  sim: SimCard;
  simHistory: Array<SimCard & { at: string; serviceOrderId: string }>;
  subject: Record<string, string>;
  fields: Record<string, unknown>;
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

export type ApplyResult = { ok: true; subscriber?: Subscriber } | { ok: false; message: string };

/** Which statuses each action may start from (undefined = the service does not exist yet). */
const TRANSITIONS: Record<WireServiceOrder['action'], { from: Array<ServiceStatus | undefined>; to?: ServiceStatus }> = {
  A: { from: [undefined, 'deactivated', 'active'], to: 'active' },
  P: { from: [undefined, 'deactivated', 'active'], to: 'active' },
  S: { from: ['active'], to: 'suspended' },
  R: { from: ['suspended'], to: 'active' },
  D: { from: ['active', 'suspended'], to: 'deactivated' },
  C: { from: ['active', 'suspended', 'deactivated'], to: 'closed' },
  I: { from: [] },
};

const ACTION_NAMES: Record<WireServiceOrder['action'], string> = {
  A: 'activate',
  P: 'provision',
  S: 'suspend',
  R: 'reactivate',
  D: 'deactivate',
  C: 'close',
  I: 'ignore',
};

/** Subscriber state per provider, changed only by valid service orders. */
export class SubscriberStore {
  private readonly byProvider = new Map<string, Subscriber[]>();

  list(provider?: string): Subscriber[] {
    if (provider !== undefined) return [...(this.byProvider.get(provider) ?? [])];
    return [...this.byProvider.values()].flat();
  }

  find(provider: string, keys: { serviceId?: string; msisdn?: string }): Subscriber | undefined {
    const all = this.byProvider.get(provider) ?? [];
    if (keys.serviceId !== undefined) {
      const byService = all.find((s) => s.serviceId === keys.serviceId);
      if (byService) return byService;
    }
    if (keys.msisdn !== undefined) return all.find((s) => s.msisdn === keys.msisdn);
    return undefined;
  }

  clear(): void {
    this.byProvider.clear();
  }

  apply(provider: string, order: WireServiceOrder, now: Date = new Date()): ApplyResult {
    const keys = subscriberKeys(order);
    if (order.action === 'I') return { ok: true, subscriber: this.find(provider, keys) };
    if (keys.serviceId === undefined && keys.msisdn === undefined) {
      return { ok: false, message: 'the order names no subscriber: give subject.serviceId or subject.msisdn' };
    }
    const existing = this.find(provider, keys);
    const current = existing?.services[order.serviceType];
    const rule = TRANSITIONS[order.action];
    if (!rule.from.includes(current)) {
      const who = `${keys.serviceId ?? keys.msisdn} (${order.serviceType})`;
      const state = current === undefined ? (existing ? 'has no such service' : 'is unknown') : `is ${current}`;
      return { ok: false, message: `cannot ${ACTION_NAMES[order.action]} ${who}: it ${state}` };
    }
    const at = now.toISOString();
    const subscriber = existing ?? this.create(provider, keys, at);
    subscriber.services[order.serviceType] = rule.to!;
    subscriber.status = summarise(subscriber.services, rule.to!);
    subscriber.subject = { ...subscriber.subject, ...order.subject };
    subscriber.fields = { ...subscriber.fields, ...order.fields };
    subscriber.serviceId ??= keys.serviceId;
    subscriber.msisdn ??= keys.msisdn;
    swapSim(subscriber, order, at);
    subscriber.history.push({
      at,
      serviceOrderId: order.serviceOrderId,
      action: order.action,
      serviceType: order.serviceType,
      from: current,
      to: rule.to,
    });
    subscriber.updatedAt = at;
    return { ok: true, subscriber };
  }

  private create(provider: string, keys: { serviceId?: string; msisdn?: string }, at: string): Subscriber {
    const subscriber: Subscriber = {
      provider,
      key: (keys.serviceId ?? keys.msisdn)!,
      status: 'active',
      services: {},
      sim: {},
      simHistory: [],
      subject: {},
      fields: {},
      history: [],
      createdAt: at,
      updatedAt: at,
    };
    const list = this.byProvider.get(provider) ?? [];
    list.push(subscriber);
    this.byProvider.set(provider, list);
    return subscriber;
  }
}

function subscriberKeys(order: WireServiceOrder): { serviceId?: string; msisdn?: string } {
  const fromFields = (name: string) => (typeof order.fields[name] === 'string' ? (order.fields[name] as string) : undefined);
  return {
    serviceId: order.subject.serviceId ?? fromFields('serviceId'),
    msisdn: order.subject.msisdn ?? fromFields('msisdn'),
  };
}

/** An order whose fields carry another IMSI or ICCID than the subscriber's moves it to that SIM. */
function swapSim(subscriber: Subscriber, order: WireServiceOrder, at: string): void {
  const pick = (...names: string[]) => {
    for (const name of names) {
      const value = order.fields[name] ?? order.subject[name];
      if (typeof value === 'string' && value !== '') return value;
    }
    return undefined;
  };
  const imsi = pick('newImsi', 'imsi');
  const iccid = pick('newIccid', 'iccid');
  if ((imsi === undefined || imsi === subscriber.sim.imsi) && (iccid === undefined || iccid === subscriber.sim.iccid)) return;
  subscriber.sim = { imsi: imsi ?? subscriber.sim.imsi, iccid: iccid ?? subscriber.sim.iccid };
  subscriber.simHistory.push({ ...subscriber.sim, at, serviceOrderId: order.serviceOrderId });
}

export function summarise(services: Record<string, ServiceStatus>, latest: ServiceStatus): ServiceStatus {
  const statuses = Object.values(services);
  if (statuses.includes('active')) return 'active';
  if (statuses.includes('suspended')) return 'suspended';
  return latest;
}

/** The provider's view of a subscriber, returned in WireOrderResult.state. */
export function subscriberState(subscriber: Subscriber | undefined): Record<string, unknown> | undefined {
  if (!subscriber) return undefined;
  return {
    key: subscriber.key,
    serviceId: subscriber.serviceId,
    msisdn: subscriber.msisdn,
    status: subscriber.status,
    services: { ...subscriber.services },
    imsi: subscriber.sim.imsi,
    iccid: subscriber.sim.iccid,
    fields: { ...subscriber.fields },
  };
}
