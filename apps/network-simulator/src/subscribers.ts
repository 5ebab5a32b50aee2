import type { WireServiceOrder } from '@signalbox/contracts';
import { accountTypeMove, accountTypeRefusal } from './account-types';
import { applyKind, kindRefusal, movesService, type DeviceRecord, type ProfileRecord } from './order-kinds';

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
  kind?: WireServiceOrder['kind'];
  from?: ServiceStatus;
  to?: ServiceStatus;
}

export interface Subscriber {
  provider: string;
  /** serviceId when the first order carried one, else msisdn, else accountId. */
  key: string;
  serviceId?: string;
  msisdn?: string;
  accountId?: string;
  /** Set by account type movements (prepaid, postpaid…). */
  accountType?: string;
  accountTypeHistory: Array<{ at: string; serviceOrderId: string; from?: string; to: string }>;
  /** Summary over the services: active if any is, else suspended if any is, else the latest. */
  status: ServiceStatus;
  /** One status per service type provisioned on this subscriber. */
  services: Record<string, ServiceStatus>;
  /** Devices by type, moved by device orders. */
  devices: Record<string, DeviceRecord>;
  /** Supplementary services by code, moved by supplementary-service orders. */
  supplementary: Record<string, ServiceStatus>;
  /** Profiles by service type, set by profile orders. */
  profiles: Record<string, ProfileRecord>;
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

  find(provider: string, keys: SubscriberKeys): Subscriber | undefined {
    const all = this.byProvider.get(provider) ?? [];
    if (keys.serviceId !== undefined) {
      const byService = all.find((s) => s.serviceId === keys.serviceId);
      if (byService) return byService;
    }
    if (keys.msisdn !== undefined) {
      const byMsisdn = all.find((s) => s.msisdn === keys.msisdn);
      if (byMsisdn) return byMsisdn;
    }
    if (keys.accountId !== undefined) return all.find((s) => s.accountId === keys.accountId);
    return undefined;
  }

  clear(): void {
    this.byProvider.clear();
  }

  apply(provider: string, order: WireServiceOrder, now: Date = new Date()): ApplyResult {
    const keys = subscriberKeys(order);
    if (order.action === 'I') return { ok: true, subscriber: this.find(provider, keys) };
    const name = keys.serviceId ?? keys.msisdn ?? keys.accountId;
    if (name === undefined) {
      return { ok: false, message: 'the order names no subscriber: give subject.serviceId, subject.msisdn or subject.accountId' };
    }
    const existing = this.find(provider, keys);
    const current = existing?.services[order.serviceType];
    const rule = TRANSITIONS[order.action];
    const move = accountTypeMove(order);
    if (move && 'refused' in move) return { ok: false, message: move.refused };
    const refusal = move && accountTypeRefusal(move, existing?.accountType, name);
    if (refusal) return { ok: false, message: refusal };
    const moves = movesService(order);
    if (moves && !rule.from.includes(current)) {
      const state = current === undefined ? (existing ? 'has no such service' : 'is unknown') : `is ${current}`;
      return { ok: false, message: `cannot ${ACTION_NAMES[order.action]} ${name} (${order.serviceType}): it ${state}` };
    }
    const kindProblem = kindRefusal(order, existing, rule.from, ACTION_NAMES[order.action], name);
    if (kindProblem) return { ok: false, message: kindProblem };
    const at = now.toISOString();
    const subscriber = existing ?? this.create(provider, name, at);
    if (moves) {
      subscriber.services[order.serviceType] = rule.to!;
      subscriber.status = summarise(subscriber.services, rule.to!);
    }
    applyKind(order, subscriber, rule.to!);
    subscriber.subject = { ...subscriber.subject, ...order.subject };
    subscriber.fields = { ...subscriber.fields, ...order.fields };
    subscriber.serviceId ??= keys.serviceId;
    subscriber.msisdn ??= keys.msisdn;
    subscriber.accountId ??= keys.accountId;
    if (move) {
      subscriber.accountTypeHistory.push({ at, serviceOrderId: order.serviceOrderId, ...(move.fromType ? { from: move.fromType } : {}), to: move.toType });
      subscriber.accountType = move.toType;
    }
    swapSim(subscriber, order, at);
    subscriber.history.push({
      at,
      serviceOrderId: order.serviceOrderId,
      action: order.action,
      serviceType: order.serviceType,
      ...(order.kind && order.kind !== 'service' ? { kind: order.kind } : {}),
      ...(moves ? { from: current, to: rule.to } : {}),
    });
    subscriber.updatedAt = at;
    return { ok: true, subscriber };
  }

  private create(provider: string, key: string, at: string): Subscriber {
    const subscriber: Subscriber = {
      provider,
      key,
      status: 'active',
      services: {},
      devices: {},
      supplementary: {},
      profiles: {},
      accountTypeHistory: [],
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

interface SubscriberKeys {
  serviceId?: string;
  msisdn?: string;
  accountId?: string;
}

function subscriberKeys(order: WireServiceOrder): SubscriberKeys {
  const fromFields = (name: string) => (typeof order.fields[name] === 'string' ? (order.fields[name] as string) : undefined);
  return {
    serviceId: order.subject.serviceId ?? fromFields('serviceId'),
    msisdn: order.subject.msisdn ?? fromFields('msisdn'),
    accountId: order.subject.accountId ?? fromFields('accountId'),
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
    ...(subscriber.accountType ? { accountType: subscriber.accountType } : {}),
    status: subscriber.status,
    services: { ...subscriber.services },
    ...(Object.keys(subscriber.devices).length ? { devices: structuredClone(subscriber.devices) } : {}),
    ...(Object.keys(subscriber.supplementary).length ? { supplementary: { ...subscriber.supplementary } } : {}),
    ...(Object.keys(subscriber.profiles).length ? { profiles: structuredClone(subscriber.profiles) } : {}),
    imsi: subscriber.sim.imsi,
    iccid: subscriber.sim.iccid,
    fields: { ...subscriber.fields },
  };
}
