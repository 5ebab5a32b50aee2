import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { BASE_ENV as base, problemsOf } from './config-problems';

describe('the sticky cache setting (SIGNALBOX_WORKER_CACHED_RUNS)', () => {
  it("is the SDK's default when unset, and a whole number of runs when set", () => {
    expect(loadConfig(base).maxCachedRuns).toBeUndefined();
    expect(loadConfig({ ...base, SIGNALBOX_WORKER_CACHED_RUNS: '250' }).maxCachedRuns).toBe(250);
  });

  it.each(['9', '100001', '2.5', 'many', '-5'])('refuses %s by name', (value) => {
    expect(problemsOf({ SIGNALBOX_WORKER_CACHED_RUNS: value })).toEqual([expect.stringMatching(/^SIGNALBOX_WORKER_CACHED_RUNS must be a whole number of runs from 10 to 100000/)]);
  });
});

describe('stack traces in runs (SIGNALBOX_WORKFLOW_STACK_TRACES)', () => {
  it('are off unless switched on', () => {
    expect(loadConfig(base).workflowStackTraces).toBe(false);
    expect(loadConfig({ ...base, SIGNALBOX_WORKFLOW_STACK_TRACES: 'true' }).workflowStackTraces).toBe(true);
    expect(loadConfig({ ...base, SIGNALBOX_WORKFLOW_STACK_TRACES: '0' }).workflowStackTraces).toBe(false);
  });

  it('refuses anything but a yes/no by name', () => {
    expect(problemsOf({ SIGNALBOX_WORKFLOW_STACK_TRACES: 'sometimes' })).toEqual([expect.stringMatching(/^SIGNALBOX_WORKFLOW_STACK_TRACES must be true or false/)]);
  });
});
