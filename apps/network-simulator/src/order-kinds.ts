import type { WireServiceOrder } from '@signalbox/contracts';
import type { ServiceStatus } from './subscribers';

export interface DeviceRecord {
  state: string;
  status: ServiceStatus;
  fields: Record<string, unknown>;
}

/** What a device or supplementary-service order changes on the subscriber, besides its service. */
export interface KindHolder {
  services: Record<string, ServiceStatus>;
  devices: Record<string, DeviceRecord>;
  supplementary: Record<string, ServiceStatus>;
}

/** Whether the order moves the status of its service type (a device order or a standalone supplementary one does not). */
export function movesService(order: WireServiceOrder): boolean {
  if (order.kind === 'device') return false;
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
}
