import { describe, expect, it, vi } from 'vitest';
import { actionCodeReferences, referenceParameters, referenceParametersOfKind } from '../src/action-types/catalog-references';
import { describeActionType } from '../src/action-types/action-type';
import { provisioningActionType } from '../src/action-types/provisioning.action-type';
import { communicationActionType } from '../src/action-types/communication.action-type';
import { buildCatalogView } from '../src/catalog/catalog-view';
import { validateActionCode } from '../src/validation/validate-action-code';
import { loyaltyPointsActionType } from './loyalty-points.action-type';

// The registry with one more action type, as a developer adding it would list it there.
vi.mock('../src/action-types/registry', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/action-types/registry')>();
  const { loyaltyPointsActionType: added } = await vi.importActual<typeof import('./loyalty-points.action-type')>('./loyalty-points.action-type');
  const types = [...original.ACTION_TYPES, added];
  return { ...original, ACTION_TYPES: types, getActionType: (key: string) => types.find((t) => t.key === key) };
});

const loyalty = { code: 'LOYALTY_CREDIT', actionType: 'loyalty-points', name: 'Credit points', parameters: { chargingSystem: 'ocs-points', receipt: 'POINTS_SMS', followUps: ['POINTS_AUDIT'], points: 10 } };

describe('catalog references declared in parameter schemas', () => {
  it('reads the built-in action types’ references from their schemas', () => {
    expect(referenceParameters(provisioningActionType)).toEqual([
      { parameter: 'provider', kind: 'providers', many: false },
      { parameter: 'serviceType', kind: 'serviceTypes', many: false },
    ]);
    // A message names its template, and may name the channel provider that sends it (push, letters).
    expect(referenceParameters(communicationActionType)).toEqual([
      { parameter: 'template', kind: 'templates', many: false },
      { parameter: 'provider', kind: 'providers', many: false },
    ]);
    // The designer reads the same mark from /api/action-types.
    const schema = describeActionType(provisioningActionType).parametersSchema as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.provider).toMatchObject({ catalogRef: 'providers', description: 'Provider (network target) the service order is sent to' });
    expect(schema.properties.action.catalogRef).toBeUndefined();
  });

  it('tracks a new action type’s differently named reference parameters', () => {
    expect(referenceParameters(loyaltyPointsActionType)).toEqual([
      { parameter: 'chargingSystem', kind: 'providers', many: false },
      { parameter: 'receipt', kind: 'templates', many: false },
      { parameter: 'followUps', kind: 'actionCodes', many: true },
    ]);
    expect(actionCodeReferences(loyalty)).toEqual([
      { kind: 'providers', code: 'ocs-points', field: 'parameters.chargingSystem' },
      { kind: 'templates', code: 'POINTS_SMS', field: 'parameters.receipt' },
      { kind: 'actionCodes', code: 'POINTS_AUDIT', field: 'parameters.followUps.0' },
    ]);
    expect(referenceParametersOfKind('providers').map((p) => p.parameter)).toEqual(['chargingSystem', 'provider']);

    // Validation finds each missing entry at its own parameter, by the declaration alone.
    const empty = buildCatalogView({ eventCodes: [], actionCodes: [], templates: [], providers: [], serviceTypes: [] });
    expect(validateActionCode(loyalty, empty).map((p) => [p.code, p.field])).toEqual([
      ['UNKNOWN_PROVIDER', 'parameters.chargingSystem'],
      ['UNKNOWN_TEMPLATE', 'parameters.receipt'],
      ['UNKNOWN_ACTION_CODE', 'parameters.followUps.0'],
    ]);
  });
});
