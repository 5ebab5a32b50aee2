// Apart from the subscription schemas: the interpreter imports it, and a module without schemas
// costs a run nothing to load (libs/contracts/src/workflow-bundle.ts).

/**
 * The run statuses a run announces (a subset of contracts' RUN_STATUSES): started (Running),
 * parked as an incident, back to Running after one, and its end. Waiting ⇄ Running flips at every
 * durable wait are not announced: they say nothing a listener can act on and would cost each wait.
 */
export const WEBHOOK_RUN_STATES = ['Running', 'Incident', 'Completed', 'Failed', 'Cancelled'] as const;
export type WebhookRunState = (typeof WEBHOOK_RUN_STATES)[number];
