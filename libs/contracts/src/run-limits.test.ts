import { describe, expect, it } from 'vitest';
import { RUN_LIMITS, runBudget } from './run-limits';

describe('runBudget', () => {
  it('lowers a bound a run asks to lower and never lifts one above RUN_LIMITS', () => {
    expect(runBudget()).toEqual({ maxSteps: RUN_LIMITS.maxSteps, maxHistoryEvents: RUN_LIMITS.maxHistoryEvents, maxHistoryBytes: RUN_LIMITS.maxHistoryBytes, maxExpressionSteps: RUN_LIMITS.maxExpressionSteps });
    expect(runBudget({ maxSteps: 25, maxHistoryEvents: 60 })).toMatchObject({ maxSteps: 25, maxHistoryEvents: 60, maxHistoryBytes: RUN_LIMITS.maxHistoryBytes });
    expect(runBudget({ maxSteps: RUN_LIMITS.maxSteps * 10, maxHistoryBytes: RUN_LIMITS.maxHistoryBytes + 1 })).toMatchObject({ maxSteps: RUN_LIMITS.maxSteps, maxHistoryBytes: RUN_LIMITS.maxHistoryBytes });
  });

  it('ignores values that are not positive whole numbers', () => {
    for (const bad of [0, -5, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(runBudget({ maxSteps: bad }).maxSteps).toBe(RUN_LIMITS.maxSteps);
  });
});
