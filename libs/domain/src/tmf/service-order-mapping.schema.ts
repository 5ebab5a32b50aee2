import { z } from 'zod';
import { Code } from '../common/ids';
import { SUBJECT_KEYS } from '../common/subject';

/** TMF641's item actions (ServiceOrderActionType / ItemActionType). */
export const TMF_ITEM_ACTIONS = ['add', 'modify', 'delete', 'noChange'] as const;
export type TmfItemAction = (typeof TMF_ITEM_ACTIONS)[number];

/** A service characteristic's name as TMF sends it (serviceCharacteristic[].name). */
const CharacteristicName = z
  .string({ error: 'must be a characteristic name' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' });

/** A key of the event's data object the characteristic's value is copied to. */
const DataField = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'use 1–64 letters, digits or underscores, not starting with a digit' });

/** What one action on the specification raises. */
export const TmfActionMapping = z.strictObject({
  eventCode: Code,
  /** Subject key ← characteristic name (e.g. msisdn ← "MSISDN"). */
  subject: z
    .partialRecord(z.enum(SUBJECT_KEYS, { error: `must be a subject key (${SUBJECT_KEYS.join(', ')})` }), CharacteristicName)
    .refine((m) => Object.keys(m).length > 0, { error: 'map at least one characteristic to a subject key: a run needs a business key' }),
  /** Data field ← characteristic name. */
  data: z.record(DataField, CharacteristicName).refine((m) => Object.keys(m).length <= 64, { error: 'at most 64 data fields' }).default({}),
  /** Characteristics an item must carry for this action (in addition to those mapped to the subject). */
  mandatory: z.array(CharacteristicName).max(64, { error: 'at most 64 mandatory characteristics' }).default([]),
});
export type TmfActionMapping = z.infer<typeof TmfActionMapping>;

/**
 * How TMF641 order items on one service specification become Signalbox runs: per item action, the
 * event code to raise and which service characteristics fill the run's subject and data.
 * Keyed by the specification id (serviceSpecification.id in the order).
 */
export const ServiceSpecMapping = z
  .strictObject({
    code: z
      .string({ error: 'must be the service specification id' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { error: 'use 1–128 letters, digits, dots, colons, dashes or underscores' }),
    name: z.string().min(1).max(200, { error: 'must be at most 200 characters' }),
    description: z.string().max(2000, { error: 'must be at most 2,000 characters' }).optional(),
    actions: z.partialRecord(z.enum(TMF_ITEM_ACTIONS, { error: `must be one of ${TMF_ITEM_ACTIONS.join(', ')}` }), TmfActionMapping),
  })
  .refine((m) => Object.keys(m.actions).length > 0, { error: 'map at least one action (add, modify, delete or noChange)', path: ['actions'] });
export type ServiceSpecMapping = z.infer<typeof ServiceSpecMapping>;
