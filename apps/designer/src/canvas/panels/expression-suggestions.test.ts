import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@signalbox/domain';
import { expressionSuggestions } from './expression-suggestions';

const graph: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'act', kind: 'action', actionCode: 'HSS_ACTIVATE', inputs: {} },
    { id: 'sms', kind: 'communication', template: 'WELCOME_SMS' },
    { id: 'side', kind: 'wait', wait: { type: 'duration', duration: '5m' } },
    { id: 'end', kind: 'end', result: 'completed' },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'act' },
    { id: 'e2', source: 'act', sourceHandle: 'success', target: 'sms' },
    { id: 'e3', source: 'sms', sourceHandle: 'success', target: 'end' },
    { id: 'e4', source: 'start', sourceHandle: 'next', target: 'side' },
  ],
};

describe('expressionSuggestions', () => {
  it('offers the subject keys, the data and the outputs of the steps before this one only', () => {
    const list = expressionSuggestions(graph.edges, 'sms', {});
    expect(list).toContain('subject.msisdn');
    expect(list).toContain('subject.iccid');
    expect(list).toContain('data');
    expect(list).toContain('nodes.act.output');
    expect(list).toContain('nodes.start.outcome');
    // Not after it, not beside it, not itself.
    expect(list.some((s) => s.startsWith('nodes.end.') || s.startsWith('nodes.side.') || s.startsWith('nodes.sms.'))).toBe(false);
  });

  it('names the output fields an earlier step left in the last test run', () => {
    const list = expressionSuggestions(graph.edges, 'end', { act: { status: 'completed', output: { imsi: '2341', orderId: 'SO-1' } } as never });
    expect(list).toEqual(expect.arrayContaining(['nodes.act.output.imsi', 'nodes.act.output.orderId']));
  });

  it('names the pinned sample data’s fields, and pinned outputs where no test run left one', () => {
    const sample = { data: { apn: 'internet', plan: { id: 1 } }, nodes: { act: { outcome: 'success', output: { profile: 'GOLD' } }, side: { output: { x: 1 } } } };
    const list = expressionSuggestions(graph.edges, 'sms', {}, sample);
    expect(list).toEqual(expect.arrayContaining(['data.apn', 'data.plan', 'nodes.act.output.profile']));
    expect(list.some((s) => s.startsWith('nodes.side.'))).toBe(false);
    const ran = expressionSuggestions(graph.edges, 'sms', { act: { status: 'completed', output: { imsi: '2341' } } as never }, sample);
    expect(ran).toContain('nodes.act.output.imsi');
    expect(ran).not.toContain('nodes.act.output.profile');
  });
});
