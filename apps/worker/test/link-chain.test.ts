import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_LIMITS, type RunState } from '@signalbox/contracts';
import { end, graph, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

// Issue 16: a link-event to its own code with a 1 ms delay started runs without end. Validation now
// refuses it, but a version published earlier still runs: the chain is bounded at run time.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('link-event chains', () => {
  it(`stop at ${RUN_LIMITS.maxLinkDepth} linked runs from one originating event, the last failing clearly`, async () => {
    const selfLink = snapshot(h, 'SELF_LINK', graph([start(), { id: 'link', kind: 'link-event', eventCode: 'SELF_LINK', delay: '1ms' }, end('ok')], ['start:next->link', 'link:next->ok']));
    h.catalog.published['SELF_LINK'] = selfLink;
    let handle = await startRun(h, selfLink);
    const results: RunState[] = [];
    for (;;) {
      const state = await finalRunState(handle);
      results.push(state);
      if (state.result !== 'completed') break;
      expect(results.length).toBeLessThanOrEqual(RUN_LIMITS.maxLinkDepth);
      handle = h.client.workflow.getHandle((state.nodes.link.output as { workflowId: string }).workflowId);
    }
    // The originating run and 8 linked ones: the 8th may not raise a 9th.
    expect(results).toHaveLength(RUN_LIMITS.maxLinkDepth + 1);
    const last = results.at(-1) as RunState;
    expect(last.result).toBe('failed');
    expect(last.nodes.link.error).toContain(`SELF_LINK was not raised: this would be link ${RUN_LIMITS.maxLinkDepth + 1} in a chain of linked events from one originating event, more than the ${RUN_LIMITS.maxLinkDepth} allowed`);
  });
});
