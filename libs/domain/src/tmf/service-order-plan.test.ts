import { describe, expect, it } from 'vitest';
import { ServiceSpecMapping } from './service-order-mapping.schema';
import { dependencyCycle, planTmfOrder } from './service-order-plan';
import { TmfServiceOrderCreate } from './service-order.schema';
import { orderStateOf } from './service-order-state';

const mapping = ServiceSpecMapping.parse({
  code: 'mobile-line',
  name: 'Mobile line',
  actions: { add: { eventCode: 'LINE_ADD', subject: { msisdn: 'MSISDN' }, data: { tariff: 'Tariff' }, mandatory: ['Tariff'] } },
});
const mappings = new Map([[mapping.code, mapping]]);
const item = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  action: 'add',
  service: { serviceSpecification: { id: 'mobile-line' }, serviceCharacteristic: [{ name: 'MSISDN', value: '447700900001' }, { name: 'Tariff', value: 'gold' }] },
  ...extra,
});
const dependsOn = (id: string) => ({ serviceOrderItemRelationship: [{ relationshipType: 'dependency', orderItem: { itemId: id } }] });

describe('planTmfOrder', () => {
  it('maps items to event codes, subject and data, with their dependencies', () => {
    const order = TmfServiceOrderCreate.parse({ serviceOrderItem: [item('1'), item('2', dependsOn('1'))] });
    const { items, problems } = planTmfOrder(order, mappings);
    expect(problems).toEqual([]);
    expect(items[1]).toMatchObject({ itemId: '2', eventCode: 'LINE_ADD', subject: { msisdn: '447700900001' }, data: { tariff: 'gold' }, dependsOn: ['1'] });
  });

  it('names the item and field of an unknown specification, an unmapped action, a missing characteristic and a cycle', () => {
    const order = TmfServiceOrderCreate.parse({
      serviceOrderItem: [
        item('1', { service: { serviceSpecification: { id: 'nope' } } }),
        item('2', { action: 'delete' }),
        item('3', { service: { serviceSpecification: { id: 'mobile-line' }, serviceCharacteristic: [{ name: 'MSISDN', value: '447700900001' }] } }),
        item('4', dependsOn('5')),
        item('5', dependsOn('4')),
      ],
    });
    const { problems } = planTmfOrder(order, mappings);
    expect(problems.map((p) => [p.itemId, p.path])).toEqual([
      ['1', 'serviceOrderItem[0].service.serviceSpecification.id'],
      ['2', 'serviceOrderItem[1].action'],
      ['3', 'serviceOrderItem[2].service.serviceCharacteristic'],
      ['4', 'serviceOrderItem[3].serviceOrderItemRelationship'],
    ]);
    expect(problems[2].message).toContain('Tariff');
  });

  it('finds cycles, including an item depending on itself', () => {
    expect(dependencyCycle([{ id: 'a', dependsOn: ['a'] }])).toEqual(['a']);
    expect(dependencyCycle([{ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: [] }])).toBeUndefined();
  });

  it('derives the order state from the items', () => {
    expect(orderStateOf(['acknowledged', 'acknowledged'])).toBe('acknowledged');
    expect(orderStateOf(['completed', 'inProgress'])).toBe('inProgress');
    expect(orderStateOf(['completed', 'completed'])).toBe('completed');
    expect(orderStateOf(['completed', 'failed'])).toBe('partial');
    expect(orderStateOf(['failed', 'cancelled'])).toBe('failed');
    // Open items that are not running: the order waits for whoever must act.
    expect(orderStateOf(['pending', 'inProgress'])).toBe('inProgress');
    expect(orderStateOf(['completed', 'pending'])).toBe('pending');
    expect(orderStateOf(['pending', 'held', 'acknowledged'])).toBe('held');
    expect(orderStateOf(['completed', 'acknowledged'])).toBe('inProgress');
  });
});
