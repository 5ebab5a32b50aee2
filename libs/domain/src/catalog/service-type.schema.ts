import { z } from 'zod';
import { Code, Name, ServiceTypeCode } from '../common/ids';

export const ORDER_STATES = ['NEW', 'READY', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
export const OrderState = z.enum(ORDER_STATES);
export type OrderState = z.infer<typeof OrderState>;
export const PROVISIONING_MODES = ['queued', 'confirmed'] as const;
export const ProvisioningMode = z.enum(PROVISIONING_MODES);
export type ProvisioningMode = z.infer<typeof ProvisioningMode>;

export const Transition = z.strictObject({
  from: OrderState,
  to: OrderState,
  /** Optional action code run when the order takes this transition. */
  actionCode: Code.optional(),
});
export type Transition = z.infer<typeof Transition>;

export const DEFAULT_TRANSITIONS: Transition[] = [
  { from: 'NEW', to: 'READY' },
  { from: 'READY', to: 'PROCESSING' },
  { from: 'PROCESSING', to: 'COMPLETED' },
  { from: 'PROCESSING', to: 'FAILED' },
  { from: 'NEW', to: 'FAILED' },
  { from: 'READY', to: 'FAILED' },
];

/** Which services are provisioned and how. */
export const ServiceType = z
  .strictObject({
    code: ServiceTypeCode,
    name: Name,
    /** Telco service types are always provisioned; others only when `permitted`. */
    telco: z.boolean().default(false),
    permitted: z.boolean().default(true),
    defaultMode: ProvisioningMode.default('confirmed'),
    allowInFlightChanges: z.boolean().default(false),
    /** Subject/data fields copied into the service order. */
    fields: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]*$/, { error: 'use a field name such as msisdn or data.apn' })).default([]),
    transitions: z.array(Transition).min(1).default(DEFAULT_TRANSITIONS),
  })
  .superRefine((st, ctx) => {
    const seen = new Set<string>();
    st.transitions.forEach((t, i) => {
      const key = `${t.from}->${t.to}`;
      if (t.from === t.to) ctx.addIssue({ code: 'custom', path: ['transitions', i], message: `a transition must change state (${key})` });
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['transitions', i], message: `transition ${key} is listed twice` });
      seen.add(key);
    });
  });
export type ServiceType = z.infer<typeof ServiceType>;

/** True when the service type's state machine allows `from → to`. */
export function canTransition(transitions: readonly Transition[], from: OrderState, to: OrderState): boolean {
  return transitions.some((t) => t.from === from && t.to === to);
}
