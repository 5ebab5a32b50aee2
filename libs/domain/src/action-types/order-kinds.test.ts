import { describe, expect, it } from 'vitest';
import { AccountTypeMovementParameters } from './account-type-movement.action-type';
import { ProvisioningParameters } from './provisioning.action-type';

const base = { provider: 'hlr-main', serviceType: '/device/sim', action: 'A' };
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => result.error?.issues.map((i) => [i.path.join('.'), i.message]);

describe('provisioning order kinds', () => {
  it('a plain action code is a service order', () => {
    expect(ProvisioningParameters.parse(base).kind).toBe('service');
  });

  it('a device order needs its device block, and the block belongs to device orders only', () => {
    expect(issues(ProvisioningParameters.safeParse({ ...base, kind: 'device' }))).toEqual([['device', 'is required for a device order: the device type and the states that create orders']]);
    const device = { type: '/device/sim', states: { activated: 'A' } };
    expect(issues(ProvisioningParameters.safeParse({ ...base, kind: 'service', device }))).toEqual([['device', 'is only for device orders (this one is a service order)']]);
    expect(ProvisioningParameters.parse({ ...base, kind: 'device', device }).device).toEqual({ type: '/device/sim', stateField: 'data.deviceState', states: { activated: 'A' }, fields: {} });
  });

  it('names the wrong field inside the device and supplementary blocks', () => {
    const bad = ProvisioningParameters.safeParse({ ...base, kind: 'device', device: { type: 'sim', states: { Activated: 'X' }, fields: { 'bad label': 'data.x' } } });
    expect(issues(bad)?.map(([path]) => path)).toEqual(['device.type', 'device.states.Activated', 'device.fields.bad label']);
    expect(issues(ProvisioningParameters.safeParse({ ...base, kind: 'supplementary', supplementary: { services: [] } }))).toEqual([['supplementary.services', 'name at least one supplementary service']]);
  });
});

describe('account type movement parameters', () => {
  it('refuses a move to the type the account must already have', () => {
    expect(issues(AccountTypeMovementParameters.safeParse({ provider: 'brm', fromType: 'prepaid', toType: 'prepaid' }))).toEqual([['toType', 'must differ from fromType']]);
    expect(AccountTypeMovementParameters.parse({ provider: 'brm', fromType: 'prepaid', toType: 'postpaid' })).toEqual({ provider: 'brm', fromType: 'prepaid', toType: 'postpaid' });
  });
});
