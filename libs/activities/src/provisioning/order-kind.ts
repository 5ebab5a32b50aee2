import type { WireServiceOrder } from '@signalbox/contracts';
import type { OrderAction, OrderKind, ProvisioningParameters, Subject } from '@signalbox/domain';
import { readField } from './order-fields';

export interface OrderToSend {
  kind: OrderKind;
  action: OrderAction;
  wire: Pick<WireServiceOrder, 'kind' | 'device' | 'supplementary'>;
}

export type OrderKindDetail = OrderToSend | { skipped: string };

/**
 * The order's kind, its action and the details that travel with it. A device order takes the
 * action its device state maps to; a device in a state that is not listed creates no order
 * (BRM's device-state configuration), which the step reports as skipped.
 */
export function orderKindDetail(params: ProvisioningParameters, subject: Subject, data: Record<string, unknown>): OrderKindDetail {
  if (params.kind === 'device' && params.device) {
    const device = params.device;
    const state = readField(device.stateField, subject, data);
    const action = typeof state === 'string' && Object.hasOwn(device.states, state) ? device.states[state] : undefined;
    if (typeof state !== 'string' || action === undefined) {
      return { skipped: `device state ${JSON.stringify(state ?? null)} creates no order (the states that do: ${Object.keys(device.states).join(', ')})` };
    }
    const fields: Record<string, unknown> = {};
    for (const [label, path] of Object.entries(device.fields)) {
      const value = readField(path, subject, data);
      if (value !== undefined) fields[label] = value;
    }
    return { kind: 'device', action, wire: { kind: 'device', device: { type: device.type, state, fields } } };
  }
  if (params.kind === 'supplementary' && params.supplementary) {
    const { services, withParent } = params.supplementary;
    return { kind: 'supplementary', action: params.action, wire: { kind: 'supplementary', supplementary: { services, withParent } } };
  }
  return { kind: params.kind, action: params.action, wire: params.kind === 'service' ? {} : { kind: params.kind } };
}
