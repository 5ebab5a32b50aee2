import type { z } from 'zod';
import type { EventCode } from '../catalog/event-code.schema';
import type { EventType } from '../catalog/event-type.schema';
import type { InboundEvent } from '../catalog/inbound-event.schema';
import type { Provider } from '../catalog/provider.schema';
import type { ServiceType } from '../catalog/service-type.schema';

export const demoEventTypes: z.input<typeof EventType>[] = [
  { code: 'PROVISIONING', name: 'Provisioning', description: 'Connecting, changing and disconnecting services on the network.' },
  { code: 'CREDIT_CONTROL', name: 'Credit control', description: 'Bars, unbars and balance changes at the charging system.' },
  { code: 'CUSTOMER_CONTACT', name: 'Customer contact', description: 'Messages sent to customers outside a provisioning flow.' },
  { code: 'DEVICE', name: 'Device', description: 'SIM cards and handsets.' },
];

export const demoEventCodes: z.input<typeof EventCode>[] = [
  {
    code: 'CONNECT_SUBSCRIBER',
    eventType: 'PROVISIONING',
    name: 'Connect subscriber',
    description: 'A new account: activate the subscriber and mobile data on the HSS, welcome the customer, and credit a welcome top-up.',
    requiredSubjectKeys: ['accountId', 'msisdn', 'imsi'],
  },
  {
    code: 'SIM_SWAP',
    eventType: 'DEVICE',
    name: 'SIM swap',
    description: 'The customer received a new SIM card: move the number to the new IMSI and tell the customer.',
    requiredSubjectKeys: ['msisdn', 'imsi', 'iccid'],
  },
  {
    code: 'BAR_NON_PAYMENT',
    eventType: 'CREDIT_CONTROL',
    name: 'Bar for non-payment',
    description: 'An unpaid bill or exhausted funds: bar outgoing usage at the OCS and email the customer.',
    requiredSubjectKeys: ['accountId', 'msisdn'],
  },
  {
    code: 'UNBAR_PAYMENT',
    eventType: 'CREDIT_CONTROL',
    name: 'Unbar after payment',
    description: 'The customer paid: lift the bar and tell the customer.',
    requiredSubjectKeys: ['accountId', 'msisdn'],
  },
  {
    code: 'TOP_UP',
    eventType: 'CREDIT_CONTROL',
    name: 'Top-up',
    description: 'Airtime credited to the subscriber, with a bonus for top-ups of 20 or more.',
    requiredSubjectKeys: ['msisdn'],
  },
];

export const demoInboundEvents: z.input<typeof InboundEvent>[] = [
  { name: 'Account/New', description: 'Billing created an account with a subscription.', level: 'account', subscriptions: ['CONNECT_SUBSCRIBER'] },
  { name: 'Account/SIMCardAssignment', description: 'A new SIM card was assigned to the account.', level: 'account', subscriptions: ['SIM_SWAP'] },
  { name: 'Account/Blocked', description: 'Billing blocked the account for an unpaid bill.', level: 'account', subscriptions: ['BAR_NON_PAYMENT'] },
  { name: 'Account/Unblocked', description: 'Billing lifted the block after payment.', level: 'account', subscriptions: ['UNBAR_PAYMENT'] },
  {
    name: 'Customer/ZeroAvailableFunds',
    description: "The customer's prepaid funds reached zero: bar each of the customer's accounts.",
    level: 'customer',
    dispatchToAccounts: true,
    subscriptions: ['BAR_NON_PAYMENT'],
  },
];

export function demoProviders(simulatorUrl: string): z.input<typeof Provider>[] {
  const base = simulatorUrl.replace(/\/+$/, '');
  return [
    {
      code: 'hss-main',
      name: 'Home Subscriber Server',
      description: 'HSS/HLR: subscriber and data-service activation, SIM changes, suspension.',
      protocol: 'http',
      endpoints: [`${base}/providers/hss-main`],
      auth: { type: 'none' },
      requestTimeoutMs: 10_000,
      mode: 'async',
      rateLimit: { perSecond: 50, burst: 10 },
      state: 'effective',
    },
    {
      code: 'ocs-main',
      name: 'Online charging system',
      description: 'Balances, bars and top-ups. Requests are signed (HMAC); the secret is set through the API, never exported.',
      protocol: 'http',
      endpoints: [`${base}/providers/ocs-main`],
      auth: { type: 'signature', keyId: 'signalbox-demo' },
      requestTimeoutMs: 10_000,
      mode: 'async',
      rateLimit: { perSecond: 20, burst: 5 },
      state: 'effective',
    },
    {
      code: 'sms-gateway',
      name: 'SMS gateway',
      description: 'Sends text messages to subscribers.',
      protocol: 'http',
      endpoints: [`${base}/providers/sms-gateway`],
      auth: { type: 'none' },
      requestTimeoutMs: 5_000,
      mode: 'sync',
      state: 'effective',
    },
    {
      code: 'ca-platform',
      name: 'OTT TV platform',
      description: 'Conditional access for the OTT TV service; answers orders later through a callback.',
      protocol: 'http',
      endpoints: [`${base}/providers/ca-platform`],
      auth: { type: 'none' },
      requestTimeoutMs: 10_000,
      mode: 'async',
      state: 'effective',
    },
  ];
}

export const demoServiceTypes: z.input<typeof ServiceType>[] = [
  { code: '/service/telco/gsm', name: 'GSM voice and SMS', telco: true, defaultMode: 'confirmed', fields: ['msisdn', 'imsi', 'iccid'] },
  { code: '/service/telco/gprs', name: 'Mobile data (GPRS/LTE)', telco: true, defaultMode: 'confirmed', fields: ['msisdn', 'imsi', 'apn'] },
  {
    code: '/service/tv/ott',
    name: 'OTT TV',
    telco: false,
    permitted: true,
    defaultMode: 'queued',
    allowInFlightChanges: false,
    fields: ['accountId', 'data.ottPackage'],
  },
];
