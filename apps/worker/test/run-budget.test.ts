import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, graph, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

// Issue 16: a run that loops is stopped by the interpreter's own budget (steps, history events),
// long before Temporal's limits. The budget is lowered per run through its input so the test can
// reach it in seconds (runBudget's own test shows an input can never lift it above RUN_LIMITS).
// Validation refuses a loop without a wait; these graphs skip validation to reach the bound.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('run budget', () => {
  it('stops a decision that loops on itself after the step budget, and a waiting loop after the history budget', async () => {
    // A decision whose only branch is false and whose default leads back to itself: no history
    // between steps, so only the step count can stop it.
    const spin = graph(
      [start(), { id: 'd', kind: 'decision', label: 'Again?', branches: [{ id: 'stop', condition: 'false' }] }, end('e')],
      ['start:next->d', 'd:stop->e', 'd:default->d'],
    );
    // A 1 ms wait in a cycle: every lap adds timer events, so the history budget trips first.
    const waiting = graph(
      [start(), { id: 'w', kind: 'wait', label: 'Pause', wait: { type: 'duration', duration: '1ms' } }, { id: 'd', kind: 'decision', branches: [{ id: 'stop', condition: 'false' }] }, end('e')],
      ['start:next->w', 'w:next->d', 'd:stop->e', 'd:default->w'],
    );
    const [spun, waited] = await Promise.all([
      startRun(h, snapshot(h, 'BUDGET_SPIN', spin), { limits: { maxSteps: 25 } }).then(finalRunState),
      startRun(h, snapshot(h, 'BUDGET_WAIT', waiting), { limits: { maxHistoryEvents: 60 } }).then(finalRunState),
    ]);
    expect(spun).toMatchObject({ result: 'failed', reason: 'stopped after 25 steps: the graph loops without end' });
    expect(spun.trail.filter((id) => id === 'd')).toHaveLength(24);
    expect(waited.result).toBe('failed');
    expect(waited.reason).toMatch(/^stopped after (\d+) history events, more than the 60 a run may use: the graph loops or waits too often$/);
    expect(Number(/after (\d+) history/.exec(waited.reason ?? '')?.[1])).toBeGreaterThan(60);
  });
});
