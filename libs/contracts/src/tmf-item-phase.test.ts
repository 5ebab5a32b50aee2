import { describe, expect, it } from 'vitest';
import type { NodeState } from './temporal';
import { tmfItemPhaseOf } from './tmf-item-phase';

const node = (nodeId: string, patch: Partial<NodeState>): NodeState => ({ nodeId, kind: 'wait', status: 'in-progress', ...patch });

describe('tmfItemPhaseOf', () => {
  it('is pending while the run waits for a message, naming it and its keys', () => {
    const run = { status: 'Waiting' as const, nodes: { start: node('start', { kind: 'start', status: 'completed' }), w: node('w', { input: { message: 'portingApproved', correlationKeys: { msisdn: '447700900123' }, registered: true } }) } };
    expect(tmfItemPhaseOf(run)).toEqual({ state: 'pending', message: 'portingApproved', correlateBy: ['msisdn'] });
  });

  it('is inProgress for other waits and running steps, held for an incident', () => {
    expect(tmfItemPhaseOf({ status: 'Waiting', nodes: { w: node('w', { input: { signal: 'go' } }) } })).toEqual({ state: 'inProgress' });
    // Still looking in the buffer: not waiting for the orderer yet.
    expect(tmfItemPhaseOf({ status: 'Waiting', nodes: { w: node('w', { input: { message: 'm', correlationKeys: { msisdn: '1' } } }) } })).toEqual({ state: 'inProgress' });
    expect(tmfItemPhaseOf({ status: 'Running', nodes: { w: node('w', { status: 'completed', input: { message: 'm', correlationKeys: {} } }) } })).toEqual({ state: 'inProgress' });
    const incident = { nodeId: 'a1', outcome: 'failure' as const, error: 'the provider answered 503', since: '2026-11-30T10:00:00Z' };
    expect(tmfItemPhaseOf({ status: 'Incident', nodes: { a1: node('a1', { kind: 'action', status: 'incident' }) }, incidents: [incident] })).toEqual({
      state: 'held',
      reason: 'step a1 ended failure and waits for an operator: the provider answered 503',
    });
  });
});
