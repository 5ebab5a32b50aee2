import type { z } from 'zod';
import type { ActionCode } from '../catalog/action-code.schema';

const hss = (serviceType: string, action: string, fields: string[]) => ({
  provider: 'hss-main',
  serviceType,
  action,
  fields,
  mode: 'confirmed',
  timeout: '20s',
});

export const demoActionCodes: z.input<typeof ActionCode>[] = [
  {
    code: 'HSS_ACTIVATE_SUBSCRIBER',
    actionType: 'provisioning',
    name: 'Activate subscriber on the HSS',
    parameters: hss('/service/telco/gsm', 'A', ['msisdn', 'imsi', 'iccid']),
  },
  {
    code: 'HSS_ACTIVATE_GPRS',
    actionType: 'provisioning',
    name: 'Activate mobile data on the HSS',
    parameters: hss('/service/telco/gprs', 'A', ['msisdn', 'imsi', 'apn', 'qosProfile']),
    retry: { maximumAttempts: 3, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s' },
  },
  {
    code: 'HSS_SWAP_SIM',
    actionType: 'provisioning',
    name: 'Move the number to the new SIM',
    description: 'Undone by HSS_UNDO_SWAP_SIM when the HSS does not confirm in time.',
    parameters: hss('/service/telco/gsm', 'P', ['msisdn', 'imsi', 'iccid', 'data.oldImsi', 'data.oldIccid']),
    compensation: 'HSS_UNDO_SWAP_SIM',
  },
  {
    code: 'HSS_UNDO_SWAP_SIM',
    actionType: 'provisioning',
    name: 'Move the number back to the old SIM',
    parameters: hss('/service/telco/gsm', 'P', ['msisdn', 'data.oldImsi', 'data.oldIccid']),
  },
  { code: 'HSS_SUSPEND', actionType: 'provisioning', name: 'Suspend the subscriber on the HSS', parameters: hss('/service/telco/gsm', 'S', ['msisdn', 'imsi']) },
  { code: 'HSS_REACTIVATE', actionType: 'provisioning', name: 'Reactivate the subscriber on the HSS', parameters: hss('/service/telco/gsm', 'R', ['msisdn', 'imsi']) },
  {
    code: 'OCS_BAR',
    actionType: 'credit-control',
    name: 'Bar outgoing usage at the OCS',
    parameters: { provider: 'ocs-main', operation: 'bar', barType: 'outgoing', reason: 'NON_PAYMENT' },
    compensation: 'OCS_UNBAR',
  },
  { code: 'OCS_UNBAR', actionType: 'credit-control', name: 'Lift the bar at the OCS', parameters: { provider: 'ocs-main', operation: 'unbar', barType: 'outgoing' } },
  {
    code: 'OCS_TOP_UP',
    actionType: 'subscription-service',
    name: 'Credit airtime at the OCS',
    parameters: { provider: 'ocs-main', operation: 'add', service: 'AIRTIME', amount: 'data.amount' },
  },
  {
    code: 'OCS_BONUS_CREDIT',
    actionType: 'subscription-service',
    name: 'Credit a top-up bonus at the OCS',
    parameters: { provider: 'ocs-main', operation: 'add', service: 'BONUS_CREDIT', amount: '5' },
  },
  {
    code: 'CA_ENABLE_OTT',
    actionType: 'provisioning',
    name: 'Enable OTT TV on the conditional-access platform',
    parameters: { provider: 'ca-platform', serviceType: '/service/tv/ott', action: 'A', fields: ['accountId', 'data.ottPackage'], mode: 'queued', maxWait: '2h' },
  },
];
