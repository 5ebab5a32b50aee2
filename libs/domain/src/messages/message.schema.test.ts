import { describe, expect, it } from 'vitest';
import { WaitSpec } from '../graph/graph.schema';
import { correlates, PublishMessage, runCorrelation } from './message.schema';

describe('correlated messages', () => {
  it('needs at least one known correlation key and bounds the payload', () => {
    expect(PublishMessage.safeParse({ name: 'activated', correlationKeys: { msisdn: '447700900123' } }).success).toBe(true);
    const paths = (body: unknown) => (PublishMessage.safeParse(body).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths({ name: 'activated', correlationKeys: {} })).toEqual(['correlationKeys']);
    expect(paths({ name: 'activated' })).toEqual(['correlationKeys']);
    expect(paths({ name: 'activated', correlationKeys: { msisdn: 'abc' } })).toEqual(['correlationKeys.msisdn']);
    expect(new Set(paths({ name: 'activated', correlationKeys: { shoeSize: '9' } }))).toEqual(new Set(['correlationKeys']));
    expect(paths({ name: 'activated', correlationKeys: { externalOrderNumber: 'ORD-1' }, payload: { x: 'y'.repeat(65 * 1024) } })).toEqual(['payload']);
    expect(paths({ name: 'activated', correlationKeys: { accountId: 'A' }, ttlSeconds: -1 })).toEqual(['ttlSeconds']);
  });

  it('reads a run\'s values from its subject, and the external order number from its data', () => {
    expect(runCorrelation(['msisdn', 'externalOrderNumber'], { msisdn: '447700900123' }, { externalOrderNumber: 'ORD-7' })).toEqual({
      keys: { externalOrderNumber: 'ORD-7', msisdn: '447700900123' },
    });
    expect(runCorrelation(['serviceId'], { msisdn: '447700900123' }, {})).toEqual({ missing: 'serviceId' });
  });

  it('matches when every key the wait expects is equal; extra keys in the message do not matter', () => {
    expect(correlates({ msisdn: '1' }, { msisdn: '1', accountId: 'A' })).toBe(true);
    expect(correlates({ msisdn: '1', accountId: 'B' }, { msisdn: '1', accountId: 'A' })).toBe(false);
    expect(correlates({ msisdn: '1' }, { accountId: 'A' })).toBe(false);
  });

  it('describes a message wait with at least one distinct key', () => {
    expect(WaitSpec.safeParse({ type: 'message', message: 'activated', correlateBy: ['msisdn'], timeout: '1h' }).success).toBe(true);
    expect(WaitSpec.safeParse({ type: 'message', message: 'activated', correlateBy: [], timeout: '1h' }).success).toBe(false);
    expect(WaitSpec.safeParse({ type: 'message', message: 'activated', correlateBy: ['msisdn', 'msisdn'], timeout: '1h' }).success).toBe(false);
    expect(WaitSpec.safeParse({ type: 'message', message: 'activated', correlateBy: ['colour'], timeout: '1h' }).success).toBe(false);
  });
});
