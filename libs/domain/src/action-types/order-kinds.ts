import { z } from 'zod';

/**
 * What a service order is about (BRM): a service, a device (SIM, handset, set-top box), the
 * service's supplementary services (call waiting, voicemail…) or a profile. Each kind goes
 * through its service type's state machine, field list and mode like any order; the kind, and the
 * device or supplementary details, travel with the order.
 */
export const ORDER_KINDS = ['service', 'device', 'supplementary', 'profile'] as const;
export const OrderKind = z.enum(ORDER_KINDS);
export type OrderKind = z.infer<typeof OrderKind>;

const ActionLetter = z.enum(['A', 'C', 'D', 'I', 'P', 'R', 'S']);
const Label = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, { error: 'use 1–40 letters, digits or underscores, starting with a letter (e.g. MSISDN)' });
const FieldPath = z.string().regex(/^(subject\.|data\.)?[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*){0,4}$/, { error: 'must be a field path such as data.device.iccid' });

/**
 * Device orders are driven by the device's state: only the states listed create an order, each
 * with its own action (e.g. `activated` → A, `lost` → S); in any other state the step sends
 * nothing. The device's fields go on the order under their labels.
 */
export const DeviceOrderSettings = z.strictObject({
  type: z.string().regex(/^(\/[a-z0-9_-]+){2,6}$/, { error: 'use a path such as /device/sim' }).describe('Device type, e.g. /device/sim'),
  stateField: FieldPath.default('data.deviceState').describe('Where the device state is read from (subject or event data)'),
  states: z
    .record(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, { error: 'use a lower-case state name such as activated' }), ActionLetter)
    .refine((s) => Object.keys(s).length > 0 && Object.keys(s).length <= 50, { error: 'list 1 to 50 device states' })
    .describe('Device states that create an order, with the action letter each sends'),
  fields: z.record(Label, FieldPath).default({}).describe('Labelled device fields: label → where its value is read from'),
});
export type DeviceOrderSettings = z.infer<typeof DeviceOrderSettings>;

/**
 * Supplementary services of a service: sent with their parent (the parent service's status
 * changes with them) or on their own (the parent must already be provisioned and keeps its status).
 */
export const SupplementaryOrderSettings = z.strictObject({
  services: z
    .array(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, { error: 'use an upper-case code such as CALL_WAITING' }))
    .min(1, { error: 'name at least one supplementary service' })
    .max(50)
    .describe('Supplementary service codes, e.g. CALL_WAITING, VOICEMAIL'),
  withParent: z.boolean().default(false).describe('Provision with the parent service (its status changes too) instead of on their own'),
});
export type SupplementaryOrderSettings = z.infer<typeof SupplementaryOrderSettings>;

/** The order-kind rules of a provisioning action code: each detail block belongs to its kind. */
export function orderKindProblems(p: { kind?: OrderKind; device?: unknown; supplementary?: unknown }): { path: string[]; message: string }[] {
  const kind = p.kind ?? 'service';
  const problems: { path: string[]; message: string }[] = [];
  if (kind === 'device' && p.device === undefined) problems.push({ path: ['device'], message: 'is required for a device order: the device type and the states that create orders' });
  if (kind !== 'device' && p.device !== undefined) problems.push({ path: ['device'], message: `is only for device orders (this one is a ${kind} order)` });
  if (kind === 'supplementary' && p.supplementary === undefined) problems.push({ path: ['supplementary'], message: 'is required for a supplementary-service order: the services' });
  if (kind !== 'supplementary' && p.supplementary !== undefined) problems.push({ path: ['supplementary'], message: `is only for supplementary-service orders (this one is a ${kind} order)` });
  return problems;
}
