import { z } from 'zod';
import { ORDER_STATES } from '../catalog/service-type.schema';
import { Code, Description, Slug } from '../common/ids';
import { WEBHOOK_RUN_STATES } from './webhook-run-states';

export { WEBHOOK_RUN_STATES, type WebhookRunState } from './webhook-run-states';

/**
 * Signalbox-native webhooks: a subscription asks for run and service-order state changes, filtered
 * by event code, provider and state, delivered signed to a listener URL (docs/tmf641.md).
 */
export const WEBHOOK_EVENT_TYPES = ['run.stateChanged', 'serviceOrder.stateChanged'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const STATES: readonly string[] = [...WEBHOOK_RUN_STATES, ...ORDER_STATES];
const MAX_FILTER_VALUES = 50;

const list = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item, { error: `must be a list of ${what}` })
    .min(1, { error: `give at least one ${what.replace(/s$/, '')}, or leave the filter out` })
    .max(MAX_FILTER_VALUES, { error: `must list at most ${MAX_FILTER_VALUES} ${what}` })
    .optional();

/** `POST /api/subscriptions`. Every filter left out selects everything of its kind; filters given must all match. */
export const WebhookSubscriptionCreate = z.strictObject({
  url: z.string({ error: 'is required: the listener URL' }).max(2000, { error: 'must be at most 2,000 characters' }),
  description: Description,
  eventTypes: list(z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }), 'event types'),
  eventCodes: list(Code, 'event codes'),
  providers: list(Slug, 'providers'),
  states: list(
    z.string().refine((s) => STATES.includes(s), { error: `must be a run state (${WEBHOOK_RUN_STATES.join(', ')}) or a service-order state (${ORDER_STATES.join(', ')})` }),
    'states',
  ),
});
export type WebhookSubscriptionCreate = z.infer<typeof WebhookSubscriptionCreate>;

/** What a subscription filters on (the stored part of the create body). */
export type WebhookFilter = Pick<WebhookSubscriptionCreate, 'eventTypes' | 'eventCodes' | 'providers' | 'states'>;

/** The facts of an event a filter is tested against. */
export interface WebhookEventFacts {
  eventType: WebhookEventType;
  /** The run's event code (an order's: its run's). */
  eventCode: string | null;
  /** An order's provider; a run's: the providers its published version uses. */
  providers: readonly string[];
  state: string;
}

/** Whether a subscription's filter selects the event: every filter given must match. */
export function webhookSelects(filter: WebhookFilter, event: WebhookEventFacts): boolean {
  if (filter.eventTypes && !filter.eventTypes.includes(event.eventType)) return false;
  if (filter.eventCodes && (event.eventCode === null || !filter.eventCodes.includes(event.eventCode))) return false;
  if (filter.providers && !event.providers.some((p) => filter.providers?.includes(p))) return false;
  if (filter.states && !filter.states.includes(event.state)) return false;
  return true;
}
