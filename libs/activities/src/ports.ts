import type { Provider } from '@signalbox/domain';
import type { MessageDeliveryStore, ServiceOrderStore, ServiceSlots } from '@signalbox/persistence';
import type { VersionSnapshot } from '@signalbox/contracts';

/** The part of the service-order store the activities use (the real one is @signalbox/persistence's). */
export type ServiceOrderPort = Pick<ServiceOrderStore, 'create' | 'transition' | 'advance' | 'recordExchange' | 'get'> &
  Partial<Pick<ServiceOrderStore, 'activeServiceTypes'>>;

/** Providers with their decrypted secrets, by code: what adapters need to authenticate. */
export interface ProviderDirectory {
  load(code: string): Promise<Provider | undefined>;
}

/** Per-message delivery status, written by the communication activity (the real one is @signalbox/persistence's). */
export type MessageDeliveryPort = Pick<MessageDeliveryStore, 'queued' | 'settled'>;

/** The published snapshot of an event code, built by the same path the API starts runs with. */
export interface SnapshotLoader {
  load(eventCode: string): Promise<VersionSnapshot | undefined>;
}

/**
 * A provider's shared token bucket (rate and burst across every worker process); the real one is
 * @signalbox/persistence's `ProviderTokenBuckets`.
 */
export interface ProviderThrottle {
  take(providerCode: string, perSecond: number, burst: number): Promise<{ taken: true } | { taken: false; waitMs: number }>;
}

/** One request to a provider, as the metrics see it. */
export interface ProviderCall {
  provider: string;
  protocol: 'http' | 'tcp';
  /** ok: answered 2xx (or a result line); refused: 4xx / a refusal; unavailable: 5xx, unreachable, timed out. */
  result: 'ok' | 'refused' | 'unavailable';
  seconds: number;
}

/** Told of every provider request (the worker feeds its latency histogram with it). */
export type ProviderCallObserver = (call: ProviderCall) => void;

/** Order slots as database rows (the real one is @signalbox/persistence's `ServiceSlots`). */
export type SlotPort = Pick<ServiceSlots, 'acquire' | 'release' | 'check' | 'line'>;
