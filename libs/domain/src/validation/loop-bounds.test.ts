import { describe, expect, it } from 'vitest';
import { DONE, START, demoView, graph } from '../../test/workflow-fixtures';
import type { WaitSpec, WorkflowGraph } from '../graph/graph.schema';
import { validateWorkflow } from './validate-workflow';

// Issue 16: loops validation let through — a cycle through a 1 ms wait (or "0"), a link to its own
// event code with a 1 ms delay.
const catalog = demoView();

const cycleThrough = (wait: WaitSpec): WorkflowGraph =>
  graph(
    [
      START,
      { id: 'pause', kind: 'wait', label: 'Pause', wait },
      { id: 'again', kind: 'decision', label: 'Again?', branches: [{ id: 'loop', condition: 'data.loop' }] },
      DONE,
    ],
    [
      ['start', 'next', 'pause'],
      ['pause', 'next', 'again'],
      ['pause', 'timeout', 'again'],
      ['again', 'loop', 'pause'],
      ['again', 'default', 'done'],
    ],
  );

const problemCodes = (g: WorkflowGraph, options = {}) => validateWorkflow(g, catalog, options).map((p) => p.code);

describe('loop pacing', () => {
  it('refuses a cycle whose only wait is 1 ms, naming the minimum', () => {
    const problems = validateWorkflow(cycleThrough({ type: 'duration', duration: '1ms' }), catalog);
    expect(problems).toContainEqual({
      severity: 'error',
      code: 'CYCLE_WAIT_TOO_SHORT',
      nodeId: 'again',
      message: 'Node ‘Again?’ and node ‘Pause’ form a loop whose waits are all shorter than 1s: a run would repeat them in a burst. Make a wait in the loop at least 1s.',
    });
  });

  it('refuses a cycle through a wait of "0" as a loop without a wait', () => {
    expect(problemCodes(cycleThrough({ type: 'duration', duration: '0' }))).toContain('CYCLE_WITHOUT_WAIT');
  });

  it('accepts a cycle paced by a wait of at least the minimum, which is configurable', () => {
    expect(problemCodes(cycleThrough({ type: 'duration', duration: '1s' }))).not.toContain('CYCLE_WAIT_TOO_SHORT');
    expect(problemCodes(cycleThrough({ type: 'duration', duration: '1s' }), { minCycleWaitMs: 5_000 })).toContain('CYCLE_WAIT_TOO_SHORT');
    expect(problemCodes(cycleThrough({ type: 'signal', signal: 'retry', timeout: '10ms' }))).toContain('CYCLE_WAIT_TOO_SHORT');
    expect(problemCodes(cycleThrough({ type: 'signal', signal: 'retry', timeout: '1h' }))).not.toContain('CYCLE_WAIT_TOO_SHORT');
  });
});

describe('link-event pacing', () => {
  const linkTo = (eventCode: string, delay?: string): WorkflowGraph =>
    graph([START, { id: 'link', kind: 'link-event', label: 'Raise next', eventCode, ...(delay ? { delay } : {}) }, DONE], [
      ['start', 'next', 'link'],
      ['link', 'next', 'done'],
    ]);

  it('refuses a link to its own event code with a 1 ms delay', () => {
    expect(validateWorkflow(linkTo('TOP_UP', '1ms'), catalog, { eventCode: 'TOP_UP' })).toEqual([
      {
        severity: 'error',
        code: 'LINK_TO_SELF_WITHOUT_DELAY',
        nodeId: 'link',
        field: 'eventCode',
        message: 'Node ‘Raise next’ raises TOP_UP, the event this workflow handles, with a delay shorter than 1s: each run would start another at once, forever. Add a delay of at least 1s.',
      },
    ]);
    expect(validateWorkflow(linkTo('TOP_UP', '1s'), catalog, { eventCode: 'TOP_UP' })).toEqual([]);
    expect(problemCodes(linkTo('TOP_UP', '1s'), { eventCode: 'TOP_UP', minLinkDelayMs: 60_000 })).toEqual(['LINK_TO_SELF_WITHOUT_DELAY']);
  });
});
