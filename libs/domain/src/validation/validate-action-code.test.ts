import { describe, expect, it } from 'vitest';
import { demoView } from '../../test/workflow-fixtures';
import { ActionCode } from '../catalog/action-code.schema';
import { isPublishable } from './problem';
import { validateActionCode } from './validate-action-code';

const catalog = demoView();
const code = (input: object) => ActionCode.parse({ code: 'TEST_CODE', name: 'Test', ...input });

describe('validateActionCode', () => {
  it('accepts a complete provisioning action code', () => {
    const ok = code({ actionType: 'provisioning', parameters: { provider: 'hss-main', serviceType: '/service/telco/gprs', action: 'A', timeout: '20s' } });
    expect(validateActionCode(ok, catalog, { forPublish: true })).toEqual([]);
  });

  it('refuses a service no distributor provisions when one is required, naming the rule', () => {
    const hss = catalog.providers.get('hss-main')!;
    const providers = new Map(catalog.providers);
    providers.set('hss-main', { ...hss, distributors: [{ code: 'telco-shop', name: 'Shop', services: ['/service/telco/voice'], restrictions: [], dependencies: [], required: true }] });
    const gprs = code({ actionType: 'provisioning', parameters: { provider: 'hss-main', serviceType: '/service/telco/gprs', action: 'A', timeout: '20s' } });
    expect(validateActionCode(gprs, { ...catalog, providers })).toEqual([
      expect.objectContaining({ severity: 'error', code: 'SERVICE_NOT_DISTRIBUTED', field: 'parameters.serviceType', message: expect.stringContaining('telco-shop/required') }),
    ]);
  });

  it('reports an unknown action type', () => {
    expect(validateActionCode(code({ actionType: 'teleport' }), catalog)).toEqual([
      { severity: 'error', code: 'UNKNOWN_ACTION_TYPE', field: 'actionType', message: 'Action type teleport does not exist.' },
    ]);
  });

  it('lists every parameter problem with its path', () => {
    const bad = code({ actionType: 'provisioning', parameters: { provider: 'hss-main', action: 'Z', timeout: 'soon', fields: ['msisdn', 7], colour: 'blue' } });
    const problems = validateActionCode(bad, catalog);
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['MISSING_PARAMETER', 'parameters.serviceType'],
      ['INVALID_PARAMETER', 'parameters.action'],
      ['INVALID_PARAMETER', 'parameters.fields.1'],
      ['INVALID_PARAMETER', 'parameters.timeout'],
      ['UNKNOWN_PARAMETER', 'parameters.colour'],
    ]);
    expect(problems[0].message).toBe('Parameter serviceType is required.');
    expect(problems[3].message).toMatch(/^Parameter timeout must be a duration such as 20s/);
    expect(problems[4].message).toBe('Parameter colour is not a parameter of a provisioning action.');
    // Plain words, not the schema library's wording.
    expect(problems[1].message).toBe('Parameter action must be one of A, C, D, I, P, R, S.');
    expect(problems[2].message).toBe('Parameter fields.1 must be a text, not a number.');
  });

  it('reports references to a provider, service type or template that do not exist', () => {
    const provisioning = code({ actionType: 'provisioning', parameters: { provider: 'hss-backup', serviceType: '/service/telco/fax', action: 'A' } });
    expect(validateActionCode(provisioning, catalog).map((p) => [p.code, p.field, p.message])).toEqual([
      ['UNKNOWN_PROVIDER', 'parameters.provider', 'Provider hss-backup does not exist.'],
      ['UNKNOWN_SERVICE_TYPE', 'parameters.serviceType', 'Service type /service/telco/fax does not exist.'],
    ]);
    const communication = code({ actionType: 'communication', parameters: { template: 'NO_SUCH_TEMPLATE' } });
    expect(validateActionCode(communication, catalog)).toEqual([
      { severity: 'error', code: 'UNKNOWN_TEMPLATE', field: 'parameters.template', message: 'Template NO_SUCH_TEMPLATE does not exist.' },
    ]);
  });

  it('warns about a provider that is not effective, and refuses it for publishing', () => {
    const inactive = demoView((doc) => {
      doc.providers.find((p) => p.code === 'ocs-main')!.state = 'inactive';
    });
    const bar = code({ actionType: 'credit-control', parameters: { provider: 'ocs-main', operation: 'bar' } });
    const draft = validateActionCode(bar, inactive);
    expect(draft).toEqual([
      {
        severity: 'warning',
        code: 'PROVIDER_NOT_EFFECTIVE',
        field: 'parameters.provider',
        message: 'Provider ocs-main is inactive, not effective: set it effective before publishing a workflow that uses TEST_CODE.',
      },
    ]);
    expect(isPublishable(draft)).toBe(true);
    expect(validateActionCode(bar, inactive, { forPublish: true })[0].severity).toBe('error');
  });

  it('warns about a service type that is not permitted', () => {
    const view = demoView((doc) => {
      doc.serviceTypes.find((s) => s.code === '/service/tv/ott')!.permitted = false;
    });
    const ott = code({ actionType: 'provisioning', parameters: { provider: 'ca-platform', serviceType: '/service/tv/ott', action: 'A' } });
    expect(validateActionCode(ott, view).map((p) => [p.code, p.severity])).toEqual([['SERVICE_TYPE_NOT_PERMITTED', 'warning']]);
  });

  it('checks the compensation', () => {
    const base = { actionType: 'provisioning', parameters: { provider: 'hss-main', serviceType: '/service/telco/gsm', action: 'P' } };
    expect(validateActionCode(code({ ...base, compensation: 'HSS_UNDO_SWAP_SIM' }), catalog)).toEqual([]);
    expect(validateActionCode(code({ ...base, compensation: 'NO_UNDO' }), catalog).map((p) => p.code)).toEqual(['UNKNOWN_COMPENSATION']);
    expect(validateActionCode(code({ ...base, compensation: 'TEST_CODE' }), catalog).map((p) => p.code)).toEqual(['COMPENSATION_IS_SELF']);
    const sms = code({ actionType: 'communication', parameters: { template: 'WELCOME_SMS' }, compensation: 'HSS_UNDO_SWAP_SIM' });
    expect(validateActionCode(sms, catalog).map((p) => p.code)).toEqual(['COMPENSATION_NOT_SUPPORTED']);
  });
});
