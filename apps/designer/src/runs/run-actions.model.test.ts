import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@signalbox/domain';
import type { RunState } from '@signalbox/contracts';
import { isOpen, linkedRuns, openIncidents, parsePayload, waitingSignals } from './run-actions.model';

const graph: WorkflowGraph = {
  nodes: [
    { id: 'n1', kind: 'start' },
    { id: 'w2', kind: 'wait', label: 'Second', wait: { type: 'signal', signal: 'second', timeout: '1h' } },
    { id: 'w1', kind: 'wait', wait: { type: 'signal', signal: 'lineConfirmed', timeout: '1h' } },
    { id: 'w3', kind: 'wait', wait: { type: 'duration', duration: '5m' } },
    { id: 'l1', kind: 'link-event', eventCode: 'TOP_UP' },
    { id: 'l2', kind: 'link-event', eventCode: 'SIM_SWAP' },
  ],
  edges: [],
};
const state = (nodes: RunState['nodes'], trail: string[]): RunState => ({ status: 'Waiting', nodes, trail });

describe('waitingSignals', () => {
  it('lists the signal waits that are waiting now, in the order the run reached them', () => {
    const s = state(
      {
        w1: { nodeId: 'w1', kind: 'wait', status: 'in-progress', startedAt: '2026-01-01T00:00:01Z' },
        w2: { nodeId: 'w2', kind: 'wait', status: 'in-progress' },
        w3: { nodeId: 'w3', kind: 'wait', status: 'in-progress' },
      },
      ['n1', 'w1', 'w2', 'w3'],
    );
    expect(waitingSignals(graph, s)).toEqual([
      { nodeId: 'w1', label: undefined, signal: 'lineConfirmed', since: '2026-01-01T00:00:01Z' },
      { nodeId: 'w2', label: 'Second', signal: 'second', since: undefined },
    ]);
  });

  it('leaves out a wait that already got its signal or timed out', () => {
    const s = state({ w1: { nodeId: 'w1', kind: 'wait', status: 'completed' }, w2: { nodeId: 'w2', kind: 'wait', status: 'timed-out' } }, ['w1', 'w2']);
    expect(waitingSignals(graph, s)).toEqual([]);
    expect(waitingSignals(null, s)).toEqual([]);
  });
});

describe('linkedRuns', () => {
  it('reads the started run ids from link-event outputs and skips steps that have not run', () => {
    const s = state({ l1: { nodeId: 'l1', kind: 'link-event', status: 'completed', output: { workflowId: 'run:TOP_UP:e1:l1:1', started: true } } }, ['l1']);
    expect(linkedRuns(graph, s)).toEqual([{ nodeId: 'l1', label: undefined, eventCode: 'TOP_UP', runId: 'run:TOP_UP:e1:l1:1' }]);
  });
});

describe('parsePayload', () => {
  it('accepts a JSON object or nothing', () => {
    expect(parsePayload(' { "by": "agent-7" } ')).toEqual({ payload: { by: 'agent-7' } });
    expect(parsePayload('')).toEqual({ payload: {} });
  });
  it('says what is wrong with anything else', () => {
    expect(parsePayload('[1]')).toEqual({ error: expect.stringMatching(/JSON object/) });
    expect(parsePayload('{ by: 1 }')).toEqual({ error: expect.stringMatching(/not valid JSON/) });
    expect(parsePayload(`"${'x'.repeat(20_000)}"`)).toEqual({ error: expect.stringMatching(/longer than/) });
  });
});

describe('isOpen', () => {
  it('is true only while Temporal has the run open', () => {
    expect(['Scheduled', 'Running', 'Waiting'].map(isOpen)).toEqual([true, true, true]);
    expect(['Completed', 'Failed', 'Cancelled'].map(isOpen)).toEqual([false, false, false]);
  });
});

describe('openIncidents', () => {
  const g: WorkflowGraph = {
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'a1', kind: 'action', actionCode: 'X', inputs: {}, label: 'Activate' },
      { id: 'ok', kind: 'end', result: 'completed' },
      { id: 'alt', kind: 'end', result: 'completed' },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'a1' },
      { id: 'e2', source: 'a1', sourceHandle: 'success', target: 'ok' },
      { id: 'e3', source: 'a1', sourceHandle: 'ALT', target: 'alt' },
    ],
  };
  it('lists parked steps with the outcomes a skip can give them, success first', () => {
    const state: RunState = { status: 'Incident', nodes: {}, trail: ['start', 'a1'], incidents: [{ nodeId: 'a1', outcome: 'failure', error: 'down', since: '2026-01-01T00:00:00Z' }] };
    expect(openIncidents(g, state)).toEqual([{ nodeId: 'a1', label: 'Activate', error: 'down', outcome: 'failure', skipOutcomes: ['success', 'ALT'] }]);
    expect(openIncidents(g, { ...state, incidents: undefined })).toEqual([]);
    expect(isOpen('Incident')).toBe(true);
  });
});
