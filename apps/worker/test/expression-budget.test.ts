import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExpressionContext, evaluateExpression, STEPS_PER_EVALUATION, WORKFLOW_EXPRESSION_LIMITS, type GraphNode } from '@signalbox/domain';
import { RUN_LIMITS } from '@signalbox/contracts';
import { end, graph, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

// Issue 16: a published graph may hold up to 2,000 nodes, each decision evaluating expressions of
// up to 500 steps in the workflow sandbox, where a step is slow. Before the run's expression budget,
// a chain of such decisions with no wait between them was one workflow task of minutes ("Script
// execution timed out", retried forever). Now the sandbox takes at most the run's budget and the
// rest is evaluated in local activities, so every task stays short and the run completes.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const context = (data: Record<string, unknown>) => buildExpressionContext({ eventCode: 'X', eventId: 'x', raisedAt: new Date(0).toISOString(), data });

/** Steps an expression takes by itself (what its step bound counts; a run charges STEPS_PER_EVALUATION more). */
async function stepsOf(text: string, data: Record<string, unknown> = {}): Promise<number> {
  const meter = { steps: 0 };
  await evaluateExpression(text, context(data), { maxSteps: 1_000_000, meter });
  return meter.steps - STEPS_PER_EVALUATION;
}

/** The longest list for which `conditionOf(n)` stays within one expression's step budget. */
async function largestWithin(conditionOf: (n: number) => string, dataOf: (n: number) => Record<string, unknown> = () => ({})): Promise<number> {
  let n = 1;
  while ((await stepsOf(conditionOf(n + 1), dataOf(n + 1))) <= WORKFLOW_EXPRESSION_LIMITS.maxSteps) n++;
  return n;
}

/**
 * A false condition that reads run data (so publishing cannot evaluate it) and costs nearly a whole
 * expression's step budget with `data`.
 */
async function nearlyWholeBudget(): Promise<{ condition: string; data: Record<string, unknown>; perDecision: number }> {
  const condition = '$count($filter(data.items, function($v){ $v < 0 })) > 0';
  const dataOf = (n: number) => ({ items: Array.from({ length: n }, (_, i) => i) });
  const data = dataOf(await largestWithin(() => condition, dataOf));
  const perDecision = await stepsOf(condition, data);
  expect(perDecision).toBeGreaterThan(WORKFLOW_EXPRESSION_LIMITS.maxSteps * 0.9);
  return { condition, data, perDecision };
}

describe('the run expression budget', () => {
  it('runs the worst publishable chain of wait-less decisions to the end, in short workflow tasks', { timeout: 10 * 60_000 }, async () => {
    // All false, so the run walks the whole chain of 1,998.
    const { condition, data, perDecision } = await nearlyWholeBudget();
    const count = 1998;
    const nodes: GraphNode[] = [start(), end('e')];
    const edges: string[] = ['start:next->d0'];
    for (let i = 0; i < count; i++) {
      nodes.push({ id: `d${i}`, kind: 'decision', branches: [{ id: 'yes', condition }] });
      edges.push(`d${i}:yes->e`, `d${i}:default->${i + 1 < count ? `d${i + 1}` : 'e'}`);
    }
    const run = await startRun(h, snapshot(h, 'WORST_CHAIN', graph(nodes, edges)), { data });
    const state = await finalRunState(run);
    expect(state.result).toBe('completed');
    expect(state.trail).toHaveLength(count + 2);
    expect(state.nodes[`d${count - 1}`]).toMatchObject({ status: 'completed', outcome: 'default' });

    const events = (await run.fetchHistory()).events ?? [];
    // No workflow task timed out or failed: each one ended within its deadline.
    expect(events.filter((e) => e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes)).toEqual([]);
    // The sandbox took the run's budget's worth of decisions; every later one is a local activity's marker.
    const evaluatedOutside = events.filter(isEvaluationMarker);
    const inSandbox = count - evaluatedOutside.length;
    expect(inSandbox).toBeGreaterThan(0);
    expect(inSandbox * perDecision).toBeLessThanOrEqual(RUN_LIMITS.maxExpressionSteps);
    expect((inSandbox + 1) * (perDecision + STEPS_PER_EVALUATION)).toBeGreaterThan(RUN_LIMITS.maxExpressionSteps - WORKFLOW_EXPRESSION_LIMITS.maxSteps - STEPS_PER_EVALUATION);
    printTaskDurations('worst chain', events);
  });

  it('runs a parallel fan-out of 200 such decisions to the end: paths evaluating side by side share the budget', { timeout: 10 * 60_000 }, async () => {
    const { condition, data } = await nearlyWholeBudget();
    // Far more paths than the budget has room for at once: without sharing it, all 200 would start in the sandbox.
    const count = 200;
    const nodes: GraphNode[] = [start(), { id: 'fork', kind: 'parallel' }, { id: 'join', kind: 'join' }, end('e')];
    const edges: string[] = ['start:next->fork', 'join:next->e'];
    for (let i = 0; i < count; i++) {
      nodes.push({ id: `d${i}`, kind: 'decision', branches: [{ id: 'yes', condition }] });
      edges.push(`fork:next->d${i}`, `d${i}:yes->join`, `d${i}:default->join`);
    }
    const run = await startRun(h, snapshot(h, 'WORST_FORK', graph(nodes, edges)), { data });
    const state = await finalRunState(run);
    expect(state.result).toBe('completed');
    expect(state.nodes[`d${count - 1}`]).toMatchObject({ status: 'completed', outcome: 'default' });
    const events = (await run.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes)).toEqual([]);
    const evaluatedOutside = events.filter(isEvaluationMarker).length;
    expect((count - evaluatedOutside) * (WORKFLOW_EXPRESSION_LIMITS.maxSteps + STEPS_PER_EVALUATION)).toBeLessThanOrEqual(RUN_LIMITS.maxExpressionSteps);
    printTaskDurations('worst fork', events);
  });

  it('evaluates an expression that needs no run data and fits the budget in the worker; one over it fails the step there as publishing says it would', async () => {
    const of = (n: number) => `$count($map([1..${n}], function($i){ $i })) > 0`;
    const under = await largestWithin(of);
    const decide = (condition: string) =>
      graph([start(), { id: 'd', kind: 'decision', label: 'Check', branches: [{ id: 'yes', condition }] }, end('e_yes'), end('e_no')], ['start:next->d', 'd:yes->e_yes', 'd:default->e_no']);
    const [fits, over] = await Promise.all([
      startRun(h, snapshot(h, 'JUST_UNDER', decide(of(under)))).then(finalRunState),
      startRun(h, snapshot(h, 'JUST_OVER', decide(of(under + 1)))).then(finalRunState),
    ]);
    expect(fits).toMatchObject({ result: 'completed', trail: ['start', 'd', 'e_yes'] });
    expect(over.result).toBe('failed');
    expect(over.nodes.d.error).toContain(`more than ${WORKFLOW_EXPRESSION_LIMITS.maxSteps} steps`);
  });
});

/**
 * A marker of the local activity that evaluates an expression outside the sandbox (a run records
 * other local activities too, e.g. its state changes for webhooks): its data names the activity type.
 */
function isEvaluationMarker(e: { markerRecordedEventAttributes?: { markerName?: string | null; details?: Record<string, { payloads?: { data?: Uint8Array | null }[] | null }> | null } | null }): boolean {
  const marker = e.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return false;
  const data = (marker.details?.data?.payloads ?? []).map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8')).join('');
  return data.includes('"activity_type":"evaluateRunExpression"');
}

/** Prints how long the run's workflow tasks took (a figure for docs/architecture.md, with the load). */
function printTaskDurations(what: string, events: { eventId?: unknown; eventTime?: { seconds?: unknown; nanos?: number | null } | null; workflowTaskStartedEventAttributes?: unknown; workflowTaskCompletedEventAttributes?: unknown }[]): void {
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
  const durations: number[] = [];
  let started: number | undefined;
  for (const e of events) {
    if (e.workflowTaskStartedEventAttributes) started = ms(e.eventTime);
    if (e.workflowTaskCompletedEventAttributes && started !== undefined) durations.push(ms(e.eventTime) - started);
  }
  const slowest = Math.round(Math.max(...durations));
  console.log(`${what}: ${durations.length} workflow tasks, slowest ${slowest} ms, ${events.length} events; load ${loadavg()[0].toFixed(1)}`);
}
