export interface ActivitiesConfig {
  /** Task queue of the interpreter and the per-service queues. */
  taskQueue: string;
  /** Base URL of the network simulator; test runs are routed there and nowhere else. */
  simulatorUrl?: string;
  /** HTTP SMS/push gateway base (POST <url>/messages); defaults to the simulator's sms-gateway. */
  smsGatewayUrl?: string;
  smtp: { host: string; port: number; from: string };
  /** Where failed runs are reported when the run names no address. */
  opsEmail?: string;
  /** Public base URL of the API: async providers post their answer to <url>/api/service-orders/<id>/response. */
  callbackBaseUrl?: string;
  /** Index MSISDN as a search attribute on linked runs (off where personal keys must not be indexed). */
  indexPersonalKeys?: boolean;
  /** How long a refused hub notification is retried before it becomes a dead letter (default TMF_HUB_RETRY.giveUpAfterMs, at most that). */
  tmfHubGiveUpAfterMs?: number;
  /** The same window for native webhooks (SIGNALBOX_WEBHOOK_GIVE_UP_AFTER_SECONDS). */
  webhookGiveUpAfterMs?: number;
  /**
   * How long "no queue workflow from before slots were rows is open" is trusted before Temporal
   * is asked again (default 60 s; tests that open one set 0).
   */
  legacyQueueRecheckMs?: number;
}
