import type { WireServiceOrder } from '@signalbox/contracts';
import type { ServiceStatus } from './subscribers';

export interface DeviceRecord {
  state: string;
  status: ServiceStatus;
  fields: Record<string, unknown>;
}

/** A service's profile: the fields profile orders set on it, and the order that set them last. */
export interface ProfileRecord {
  fields: Record<string, unknown>;
  serviceOrderId: string;
}

/** What a device, supplementary-service or profile order changes on the subscriber, besides its service. */
export interface KindHolder {
  services: Record<string, ServiceStatus>;
  devices: Record<string, DeviceRecord>;
  supplementary: Record<string, ServiceStatus>;
  profiles: Record<string, ProfileRecord>;
}

/** What a profile order may do: set (A, P) or change (R) the fields, or remove the profile (D). */
const PROFILE_ACTIONS: ReadonlySet<WireServiceOrder['action']> = new Set(['A', 'P', 'R', 'D']);

/**
 * Whether the order moves the status of its service type (a device order, a standalone
 * supplementary one or a profile change does not).
 */
export function movesService(order: WireServiceOrder): boolean {
  if (order.kind === 'device' || order.kind === 'profile') return false;
  if (order.kind === 'supplementary') return order.supplementary?.withParent ?? false;
  return true;
}

/**
 * Why the device or supplementary services cannot take the order's action: each status must be
 * one the action may start from, and supplementary services on their own need their parent active.
 */
export function kindRefusal(order: WireServiceOrder, holder: KindHolder | undefined, allowedFrom: Array<ServiceStatus | undefined>, doing: string, who: string): string | undefined {
  const state = (status: ServiceStatus | undefined) => (status === undefined ? 'is unknown' : `is ${status}`);
  if (order.kind === 'device') {
    if (!order.device) return 'a device order needs its device';
    const current = holder?.devices[order.device.type]?.status;
    if (!allowedFrom.includes(current)) return `cannot ${doing} device ${order.device.type} of ${who}: it ${state(current)}`;
  }
  if (order.kind === 'profile') {
    // A profile belongs to a service that exists and is not ended (BRM: profile changes of a live service).
    if (!PROFILE_ACTIONS.has(order.action)) return `a profile order sets (A, P), changes (R) or removes (D) a profile; ${order.action} is none of these`;
    const service = holder?.services[order.serviceType];
    if (service !== 'active' && service !== 'suspended') return `cannot change the profile of ${who} (${order.serviceType}): its service ${state(service)}`;
    if (order.action === 'D' && !holder?.profiles[order.serviceType]) return `cannot remove the profile of ${who} (${order.serviceType}): it has none`;
  }
  if (order.kind === 'supplementary') {
    if (!order.supplementary || order.supplementary.services.length === 0) return 'a supplementary-service order needs its services';
    if (!order.supplementary.withParent) {
      const parent = holder?.services[order.serviceType];
      if (parent !== 'active') return `cannot ${doing} supplementary services of ${who} on their own: its service ${order.serviceType} ${state(parent)}`;
    }
    for (const code of order.supplementary.services) {
      const current = holder?.supplementary[code];
      if (!allowedFrom.includes(current)) return `cannot ${doing} supplementary service ${code} of ${who}: it ${state(current)}`;
    }
  }
  return undefined;
}

export function applyKind(order: WireServiceOrder, holder: KindHolder, to: ServiceStatus): void {
  if (order.kind === 'device' && order.device) {
    holder.devices[order.device.type] = { state: order.device.state, status: to, fields: { ...holder.devices[order.device.type]?.fields, ...order.device.fields } };
  }
  if (order.kind === 'supplementary' && order.supplementary) {
    for (const code of order.supplementary.services) holder.supplementary[code] = to;
  }
  if (order.kind === 'profile') {
    if (order.action === 'D') delete holder.profiles[order.serviceType];
    else holder.profiles[order.serviceType] = { fields: { ...holder.profiles[order.serviceType]?.fields, ...order.fields }, serviceOrderId: order.serviceOrderId };
  }
}
