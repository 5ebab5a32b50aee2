/**
 * Credentials of the demo catalog's providers. They are public on purpose: the demo's charging
 * system signs and verifies with them so that `npm start` shows real HMAC signatures end to end
 * (the API sets them when it loads the demo; the simulator's demo preset verifies them). Never
 * use them for a real provider.
 */
export const DEMO_PROVIDER_AUTH = {
  'ocs-main': { type: 'signature', keyId: 'signalbox-demo', secret: 'signalbox-demo-signing-secret-not-for-production' },
} as const;
