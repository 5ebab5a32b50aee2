import type { ActionTypeDefinition, ActionTypeDescriptor } from './action-type';
import { describeActionType } from './action-type';
import { accountTypeMovementActionType } from './account-type-movement.action-type';
import { creditControlActionType, subscriptionServiceActionType } from './billing.action-types';
import { communicationActionType } from './communication.action-type';
import { httpCallActionType } from './http-call.action-type';
import { provisioningActionType } from './provisioning.action-type';

/**
 * Every action type Signalbox knows. Adding one: define it beside these, list it here, and
 * register its activity under the same key in @signalbox/activities (docs/adding-an-action-type.md).
 */
export const ACTION_TYPES: readonly ActionTypeDefinition[] = [
  provisioningActionType,
  communicationActionType,
  creditControlActionType,
  subscriptionServiceActionType,
  accountTypeMovementActionType,
  httpCallActionType,
];

const byKey = new Map(ACTION_TYPES.map((t) => [t.key, t]));

export function getActionType(key: string): ActionTypeDefinition | undefined {
  return byKey.get(key);
}

export function actionTypeDescriptors(): ActionTypeDescriptor[] {
  return ACTION_TYPES.map(describeActionType);
}
