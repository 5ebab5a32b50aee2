import { ACTION_TYPE_TRAITS } from './action-type-traits';
import { z } from 'zod';
import { Duration } from '../common/duration';
import { ServiceTypeCode, Slug } from '../common/ids';
import { ProvisioningMode } from '../catalog/service-type.schema';
import { defineActionType } from './action-type';
import { catalogRef } from './catalog-ref';
import { DeviceOrderSettings, OrderKind, orderKindProblems, SupplementaryOrderSettings } from './order-kinds';

/** Service-order action letters, as provisioning agents know them. */
export const ORDER_ACTIONS = {
  A: 'activate',
  C: 'close',
  D: 'deactivate',
  I: 'ignore',
  P: 'provision',
  R: 'reactivate',
  S: 'suspend',
} as const;
export type OrderAction = keyof typeof ORDER_ACTIONS;

export const ProvisioningParameters = z.strictObject({
  provider: catalogRef('providers', Slug, 'Provider (network target) the service order is sent to'),
  serviceType: catalogRef('serviceTypes', ServiceTypeCode, 'Service type being provisioned'),
  action: z.enum(['A', 'C', 'D', 'I', 'P', 'R', 'S']).describe('Order action: A activate, C close, D deactivate, I ignore, P provision, R reactivate, S suspend'),
  /** Extra fields on top of the service type's field list. */
  fields: z.array(z.string()).default([]).describe('Fields copied from the subject and event data into the order'),
  mode: ProvisioningMode.optional().describe("queued waits for the provider's callback; confirmed waits for the answer in the same step (default: the service type's)"),
  timeout: Duration.default('20s').describe('Confirmed mode: how long to wait for the answer; 0 waits forever'),
  maxWait: Duration.default('1h').describe('Queued mode: how long to wait for the provider to respond'),
  priority: z.enum(['normal', 'express']).default('normal').describe('Order priority'),
  kind: OrderKind.default('service').describe('What the order is about: a service, a device, supplementary services or a profile'),
  device: DeviceOrderSettings.optional().describe('Device orders: the device type, the states that create orders and the labelled device fields'),
  supplementary: SupplementaryOrderSettings.optional().describe('Supplementary-service orders: the services, with their parent or on their own'),
}).superRefine((p, ctx) => {
  for (const problem of orderKindProblems(p)) ctx.addIssue({ code: 'custom', ...problem });
});
export type ProvisioningParameters = z.infer<typeof ProvisioningParameters>;

export const provisioningActionType = defineActionType({
  key: 'provisioning',
  category: 'provisioning',
  title: 'Provisioning',
  description: 'Sends a service order to a provider (HSS/HLR, OCS, conditional access…) and waits for its outcome.',
  parameters: ProvisioningParameters,
  outcomes: ['success', 'failure', 'timeout'],
  compensable: ACTION_TYPE_TRAITS.provisioning.compensable,
});
