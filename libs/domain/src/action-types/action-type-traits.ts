/**
 * What the runtime needs to know of each action type without its parameter schemas: its key and
 * whether a saga can undo it. Workflows read this module instead of the registry, because every
 * run evaluates the modules of its bundle afresh and the registry builds every action type's zod
 * schemas. Each definition takes its `compensable` from here; registry.test.ts checks the two lists
 * name the same action types.
 */
export const ACTION_TYPE_TRAITS = {
  provisioning: { compensable: true },
  communication: { compensable: false },
  'credit-control': { compensable: true },
  'subscription-service': { compensable: true },
  'account-type-movement': { compensable: true },
  'http-call': { compensable: false },
} as const satisfies Record<string, { compensable: boolean }>;

export type ActionTypeKey = keyof typeof ACTION_TYPE_TRAITS;

export const ACTION_TYPE_KEYS: readonly ActionTypeKey[] = Object.keys(ACTION_TYPE_TRAITS) as ActionTypeKey[];

/** Whether a step of this action type can be compensated (false for a key no action type has). */
export function isCompensable(actionType: string): boolean {
  return Object.hasOwn(ACTION_TYPE_TRAITS, actionType) && ACTION_TYPE_TRAITS[actionType as ActionTypeKey].compensable;
}
