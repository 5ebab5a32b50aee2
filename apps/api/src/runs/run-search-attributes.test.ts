import { describe, expect, it } from 'vitest';
import { runSearchAttributes } from './run-search-attributes';

const attributes = { eventCode: 'SIM_SWAP', eventType: 'DEVICE', version: 3, status: 'Running' as const, isTest: false, accountId: 'A1', msisdn: '447700900123' };
const names = (pairs: ReturnType<typeof runSearchAttributes>) => Object.fromEntries(pairs.map((p) => [p.key.name, p.value]));

describe('runSearchAttributes', () => {
  it('indexes the business keys the run has', () => {
    expect(names(runSearchAttributes(attributes, true))).toEqual({
      EventCode: 'SIM_SWAP',
      EventType: 'DEVICE',
      RunStatus: 'Running',
      WorkflowVersion: 3,
      IsTest: false,
      AccountId: 'A1',
      Msisdn: '447700900123',
    });
  });

  it('leaves personal keys out when the deployment forbids indexing them', () => {
    expect(names(runSearchAttributes(attributes, false))).not.toHaveProperty('Msisdn');
  });
});
