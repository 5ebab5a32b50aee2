import { describe, expect, it } from 'vitest';
import type { ActionCode, GraphNode } from '@signalbox/domain';
import { cycle, findNodes } from './find-nodes';
import type { FlowNode } from './graph.adapter';

const flow = (node: GraphNode): FlowNode => ({ id: node.id, type: 'workflow', position: { x: 0, y: 0 }, data: { node } });
const nodes = [
  flow({ id: 'n1', kind: 'start' } as GraphNode),
  flow({ id: 'n2', kind: 'action', actionCode: 'HSS_ACTIVATE_SUBSCRIBER', inputs: {} } as GraphNode),
  flow({ id: 'n3', kind: 'communication', template: 'WELCOME_SMS', to: 'subject.msisdn', label: 'Tell the customer' } as GraphNode),
  flow({ id: 'n12', kind: 'end', result: 'completed' } as GraphNode),
];
const codes = new Map([['HSS_ACTIVATE_SUBSCRIBER', { code: 'HSS_ACTIVATE_SUBSCRIBER', name: 'Activate subscriber', actionType: 'provisioning' } as ActionCode]]);

describe('findNodes', () => {
  it('matches the title as drawn, ignoring case', () => {
    expect(findNodes(nodes, 'activate', codes).map((m) => m.id)).toEqual(['n2']);
    expect(findNodes(nodes, 'CUSTOMER', codes)).toEqual([{ id: 'n3', title: 'Tell the customer' }]);
  });

  it('matches a node id and an action code', () => {
    expect(findNodes(nodes, 'n1', codes).map((m) => m.id)).toEqual(['n1', 'n12']);
    expect(findNodes(nodes, 'hss_act', codes).map((m) => m.id)).toEqual(['n2']);
  });

  it('finds nothing for an empty query', () => {
    expect(findNodes(nodes, '  ', codes)).toEqual([]);
  });

  it('scans 2,000 steps in one pass', () => {
    const many = Array.from({ length: 2000 }, (_, i) => flow({ id: `n${i}`, kind: 'end', result: 'completed', label: `Step ${i}` } as GraphNode));
    expect(findNodes(many, 'step 199', codes).map((m) => m.id)).toEqual(['n199', 'n1990', 'n1991', 'n1992', 'n1993', 'n1994', 'n1995', 'n1996', 'n1997', 'n1998', 'n1999']);
  });
});

describe('cycle', () => {
  it('wraps forwards and backwards', () => {
    expect(cycle(-1, 3, 1)).toBe(0);
    expect(cycle(-1, 3, -1)).toBe(2);
    expect(cycle(2, 3, 1)).toBe(0);
    expect(cycle(0, 3, -1)).toBe(2);
    expect(cycle(0, 0, 1)).toBe(-1);
  });
});
