import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '@signalbox/contracts';
import { end, graph, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

// Issue 16: a published decision that loops, allocates or backtracks used to fail every workflow
// task ("Script execution timed out") forever, or crash the worker. Now the step fails with a
// clear reason, the run ends failed, and the worker keeps serving other runs.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const decisionOn = (condition: string) =>
  graph(
    [start(), { id: 'd', kind: 'decision', label: 'Check', branches: [{ id: 'yes', condition }] }, end('e_yes'), end('e_no')],
    ['start:next->d', 'd:yes->e_yes', 'd:default->e_no'],
  );

async function runDecision(eventCode: string, condition: string, data: Record<string, unknown> = {}): Promise<RunState> {
  const run = await startRun(h, snapshot(h, eventCode, decisionOn(condition)), { data });
  return finalRunState(run);
}

describe('expression bounds in the workflow sandbox', () => {
  it('fails the decision step clearly for each worst case, while an ordinary run completes', async () => {
    const [recursion, nestedMap, pad, alias, regex, ordinary] = await Promise.all([
      runDecision('BAD_RECURSION', '($f := function($n){ $f($n+1) }; $f(0))'),
      runDecision('BAD_MAP', '$count($map([1..100000], function($i){ $map([1..100000], function($j){ $i * $j }) })) > 0'),
      runDecision('BAD_PAD', '$length($pad("", 2e8)) > 0'),
      runDecision('BAD_EVAL', '($e := $eval; $e("$random() < 2"))'),
      runDecision('REGEX', '$contains(data.s, /^(a|a)*$/)', { s: `${'a'.repeat(30)}b` }),
      runDecision('ORDINARY', 'data.amount > 1', { amount: 5 }),
    ]);
    for (const state of [recursion, nestedMap, pad, alias]) {
      expect(state.result).toBe('failed');
      expect(state.nodes.d.status).toBe('failed');
      expect(state.reason).toMatch(/^‘Check’ \(d\) ended with failure \(.+\) and has no failure path$/);
    }
    expect(recursion.nodes.d.error).toMatch(/nests or recurses too deeply|more than \d+ steps/);
    expect(nestedMap.nodes.d.error).toMatch(/more than 500 steps|over the limit/);
    expect(pad.nodes.d.error).toContain('$pad() to 200000000 characters is over the limit');
    expect(alias.nodes.d.error).toContain('$eval() is not allowed');
    // RE2 answers the backtracking pattern at once: no match, so the default branch.
    expect(regex).toMatchObject({ result: 'completed', trail: ['start', 'd', 'e_no'] });
    expect(ordinary).toMatchObject({ result: 'completed', trail: ['start', 'd', 'e_yes'] });
  });
});
