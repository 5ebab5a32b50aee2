import { describe, expect, it } from 'vitest';
import { DONE, START, graph } from '../../test/workflow-fixtures';
import { isContextFree } from '../expressions/context-free';
import { buildExpressionContext } from '../expressions/expression-context';
import { evaluateExpression } from '../expressions/evaluate-expression';
import { STEPS_PER_EVALUATION, WORKFLOW_EXPRESSION_LIMITS } from '../expressions/expression-limits';
import type { WorkflowGraph } from '../graph/graph.schema';
import { checkExpressionCosts } from './expression-costs';

// Issue 16: publishing must refuse an expression the worker would refuse. Steps depend on run data
// in general, but an expression that reads none costs the same in every run, so it is evaluated at
// validation with the run's bounds.

/** A map over a literal range: about three steps per item, and no run data. */
const mapOver = (n: number) => `$count($map([1..${n}], function($i){ $i })) > 0`;

const stepsOf = async (text: string) => {
  const meter = { steps: 0 };
  await evaluateExpression(text, buildExpressionContext({ eventCode: 'X', eventId: 'x', raisedAt: '2026-01-01T00:00:00Z' }), { maxSteps: 1_000_000, meter });
  return meter.steps - STEPS_PER_EVALUATION;
};

const decision = (condition: string): WorkflowGraph =>
  graph(
    [START, { id: 'check', kind: 'decision', label: 'Check', branches: [{ id: 'yes', condition }] }, DONE],
    [
      ['start', 'next', 'check'],
      ['check', 'yes', 'done'],
      ['check', 'default', 'done'],
    ],
  );

describe('isContextFree', () => {
  it('tells expressions that read nothing of the run from those that read data, $, $$, fields or the clock', () => {
    for (const text of ['1 + 2', mapOver(10), '($f := function($n){ $n * 2 }; $f(3))', '"a" & "b"', '$sum([1,2,3])']) expect(isContextFree(text), text).toBe(true);
    for (const text of ['data.amount > 1', '$', '$$.data', '$now()', '($c := $millis; $c())', '*', '**.x', '[1..3].($ * 2)', 'not valid (']) expect(isContextFree(text), text).toBe(false);
  });
});

describe('checkExpressionCosts', () => {
  it('refuses, naming the node and field, an expression that needs no run data and goes over one expression’s step budget; accepts one just under', async () => {
    // The API's and the worker's tests use this boundary too: 489 items take exactly the budget.
    const under = 489;
    expect(await stepsOf(mapOver(under))).toBe(WORKFLOW_EXPRESSION_LIMITS.maxSteps);
    expect(await checkExpressionCosts(decision(mapOver(under)))).toEqual([]);
    expect(await checkExpressionCosts(decision(mapOver(under + 1)))).toEqual([
      {
        severity: 'error',
        code: 'EXPRESSION_OVER_LIMIT',
        nodeId: 'check',
        field: 'branches.0.condition',
        message: expect.stringMatching(/^In node ‘Check’, the condition of branch yes goes over what a run allows one expression, so it would fail in every run: the expression took more than 500 steps/),
      },
    ]);
  });

  it('refuses recursion without end and a text over the size bound, and leaves expressions that read run data to the run', async () => {
    const problems = await checkExpressionCosts(
      graph(
        [
          START,
          { id: 'a', kind: 'decision', branches: [{ id: 'loop', condition: '($f := function($n){ $f($n+1) }; $f(0))' }, { id: 'pad', condition: '$length($pad("", 2e8)) > 0' }] },
          { id: 'b', kind: 'decision', branches: [{ id: 'data', condition: `$count($map([1..data.n], function($i){ $i })) > 0` }] },
          DONE,
        ],
        [
          ['start', 'next', 'a'],
          ['a', 'loop', 'b'],
          ['a', 'pad', 'b'],
          ['a', 'default', 'b'],
          ['b', 'data', 'done'],
          ['b', 'default', 'done'],
        ],
      ),
    );
    expect(problems.map((p) => [p.nodeId, p.field])).toEqual([
      ['a', 'branches.0.condition'],
      ['a', 'branches.1.condition'],
    ]);
  });
});
