/** What the integration screens read from the API (shapes of /api/subscriptions, /api/tmf-hub and /api/tmf-mappings). */

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'dropped';

export interface Subscription {
  id: string;
  url: string;
  description?: string;
  eventTypes?: string[];
  eventCodes?: string[];
  providers?: string[];
  states?: string[];
  createdBy: string;
  createdAt: string;
}

export interface CreatedSubscription extends Subscription {
  signing: { keyId: string; secret: string; header: string; scheme: string };
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export const TMF_ACTIONS = ['add', 'modify', 'delete', 'noChange'] as const;
export type TmfAction = (typeof TMF_ACTIONS)[number];

export interface TmfActionMapping {
  eventCode: string;
  subject?: Record<string, string>;
  data?: Record<string, string>;
  mandatory?: string[];
}

export interface TmfMapping {
  code: string;
  name: string;
  actions: Partial<Record<TmfAction, TmfActionMapping>>;
}

export const WEBHOOK_EVENT_TYPES = ['run.stateChanged', 'serviceOrder.stateChanged'] as const;
