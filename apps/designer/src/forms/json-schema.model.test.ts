import { describe, expect, it } from 'vitest';
import { actionTypeDescriptors } from '@signalbox/domain';
import { checkParameters, humanize, schemaFields, setParameter } from './json-schema.model';

const provisioning = actionTypeDescriptors().find((d) => d.key === 'provisioning')!.parametersSchema;

describe('JSON Schema form model', () => {
  it('turns the provisioning parameters into typed, labelled fields with help text', () => {
    const fields = schemaFields(provisioning);
    const by = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(by.provider).toMatchObject({ kind: 'string', required: true, label: 'Provider' });
    expect(by.action).toMatchObject({ kind: 'enum', options: ['A', 'C', 'D', 'I', 'P', 'R', 'S'], required: true });
    expect(by.fields).toMatchObject({ kind: 'string-list', required: false });
    expect(by.timeout).toMatchObject({ kind: 'string', defaultValue: '20s', label: 'Timeout' });
    expect(by.serviceType.label).toBe('Service type');
    expect(by.mode.help).toMatch(/queued/);
  });

  it('knows which fields name catalog entries from the schema, not from their names', () => {
    const by = Object.fromEntries(schemaFields(provisioning).map((f) => [f.name, f.catalogRef]));
    expect(by).toMatchObject({ provider: 'providers', serviceType: 'serviceTypes', action: undefined });
    const renamed = schemaFields({ type: 'object', properties: { chargingSystem: { type: 'string', catalogRef: 'providers' }, provider: { type: 'string' } } });
    expect(renamed.map((f) => f.catalogRef)).toEqual(['providers', undefined]);
  });

  it('handles numbers, booleans and unsupported shapes', () => {
    const fields = schemaFields({
      type: 'object',
      required: ['n'],
      properties: { n: { type: 'integer', minimum: 1 }, flag: { type: 'boolean' }, nested: { type: 'object' }, maybe: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
    });
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['n', 'integer'],
      ['flag', 'boolean'],
      ['nested', 'unsupported'],
      ['maybe', 'number'],
    ]);
  });

  it('writes values back: numbers parsed, empty optional values removed', () => {
    const [n, , , maybe] = schemaFields({ type: 'object', properties: { n: { type: 'integer' }, b: { type: 'boolean' }, s: { type: 'string' }, maybe: { type: 'number' } } });
    let params = setParameter({}, n, '42');
    expect(params).toEqual({ n: 42 });
    params = setParameter(params, maybe, '');
    expect(params).toEqual({ n: 42 });
    params = setParameter(params, n, '');
    expect(params).toEqual({});
  });

  it('flags missing required values and pattern mismatches before the API does', () => {
    const fields = schemaFields(provisioning);
    expect(checkParameters(fields, { provider: 'Bad Provider', action: 'A' })).toEqual({ provider: 'has the wrong format', serviceType: 'is required' });
    expect(checkParameters(fields, { provider: 'hss-main', serviceType: '/service/telco/gprs', action: 'A' })).toEqual({});
  });

  it('humanizes camelCase and snake_case names', () => {
    expect(humanize('maxWait')).toBe('Max wait');
    expect(humanize('qos_profile')).toBe('Qos profile');
  });
});
