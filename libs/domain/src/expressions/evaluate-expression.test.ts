import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateDate, evaluateExpression, isTruthy } from './evaluate-expression';
import { buildExpressionContext, withNodeResult } from './expression-context';
import { ExpressionError } from './expression-error';

const context = buildExpressionContext({
  eventCode: 'TOP_UP',
  eventId: 'evt-1',
  raisedAt: '2026-03-01T10:00:00Z',
  subject: { msisdn: '447700900123', accountId: 'ACC-1' },
  data: { amount: 25, cycleEnd: '2026-03-31T23:59:59Z', items: [{ sku: 'A' }, { sku: 'B' }] },
  nodes: { activate: { output: { imsi: '234150000000001' }, outcome: 'success' } },
  now: '2026-03-01T10:00:05.000Z',
});

describe('evaluateExpression', () => {
  it('reads the event, subject, data and earlier node results', async () => {
    await expect(evaluateExpression('event.code & ":" & subject.msisdn', context)).resolves.toBe('TOP_UP:447700900123');
    await expect(evaluateExpression('data.amount * 2', context)).resolves.toBe(50);
    await expect(evaluateExpression('nodes.activate.output.imsi', context)).resolves.toBe('234150000000001');
    await expect(evaluateExpression('nodes.activate.outcome = "success"', context)).resolves.toBe(true);
  });

  it('returns plain arrays, not JSONata sequences', async () => {
    const result = await evaluateExpression('data.items.sku', context);
    expect(result).toEqual(['A', 'B']);
    expect(Object.keys(result as object)).toEqual(['0', '1']);
  });

  it('gives undefined for a missing value', async () => {
    await expect(evaluateExpression('data.nothing.here', context)).resolves.toBeUndefined();
  });

  it('takes $now() and $millis() from the context, not the machine clock', async () => {
    await expect(evaluateExpression('$now()', context)).resolves.toBe('2026-03-01T10:00:05.000Z');
    await expect(evaluateExpression('$millis()', context)).resolves.toBe(Date.parse('2026-03-01T10:00:05Z'));
    await expect(evaluateExpression('$now("[Y0001]-[M01]-[D01]")', context)).resolves.toBe('2026-03-01');
  });

  it('refuses $now() when the context has no time', async () => {
    const noClock = buildExpressionContext({ eventCode: 'X_Y', eventId: 'e', raisedAt: '2026-03-01T10:00:00Z' });
    await expect(evaluateExpression('$now()', noClock)).rejects.toThrow('need the current time');
  });

  it('stops runaway recursion', async () => {
    const err = await evaluateExpression('($f := function($n) { $n <= 1 ? 1 : $n + $f($n - 1) }; $f(100000))', context).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpressionError);
    expect((err as ExpressionError).message).toMatch(/too deeply|too many steps/);
  });

  it('stops long loops after the step budget', async () => {
    const err = await evaluateExpression('$sum($map([1..5000], function($x) { $x * 2 }))', context, { maxSteps: 1_000 }).catch((e: unknown) => e);
    expect((err as ExpressionError).message).toBe('The expression took more than 1000 steps to evaluate (is there a loop?).');
    await expect(evaluateExpression('$sum($map([1..50], function($x) { $x * 2 }))', context)).resolves.toBe(2550);
  });

  it('rejects syntax errors and forbidden functions before evaluating', async () => {
    await expect(evaluateExpression('data.amount >=', context)).rejects.toThrow('does not parse');
    await expect(evaluateExpression('$random()', context)).rejects.toThrow('$random() is not allowed');
  });

  it('reports evaluation errors in words', async () => {
    await expect(evaluateExpression('$nope(1)', context)).rejects.toThrow('calls something that is not a function');
  });

  it('refuses to return a function', async () => {
    await expect(evaluateExpression('function($x) { $x }', context)).rejects.toThrow('evaluates to a function');
  });

  it('adds node results without changing the original context', () => {
    const next = withNodeResult(context, 'sms', { outcome: 'failure' });
    expect(next.nodes.sms).toEqual({ outcome: 'failure' });
    expect(context.nodes.sms).toBeUndefined();
  });
});

describe('decision conditions', () => {
  it('are JSONata-truthy', async () => {
    await expect(evaluateCondition('data.amount >= 20', context)).resolves.toBe(true);
    await expect(evaluateCondition('data.amount >= 30', context)).resolves.toBe(false);
    await expect(evaluateCondition('data.missing', context)).resolves.toBe(false);
    await expect(evaluateCondition('data.items', context)).resolves.toBe(true);
    expect(isTruthy([])).toBe(false);
    expect(isTruthy('')).toBe(false);
    expect(isTruthy({})).toBe(false);
  });
});

describe('evaluateDate', () => {
  it('accepts an ISO date-time', async () => {
    await expect(evaluateDate('data.cycleEnd', context)).resolves.toBe(Date.parse('2026-03-31T23:59:59Z'));
  });

  it('accepts epoch milliseconds, e.g. computed from $millis()', async () => {
    await expect(evaluateDate('$millis() + 3600000', context)).resolves.toBe(Date.parse('2026-03-01T11:00:05Z'));
  });

  it('explains a result that is not a date', async () => {
    await expect(evaluateDate('"next tuesday"', context)).rejects.toThrow('The date expression gives "next tuesday", which is not a date');
    await expect(evaluateDate('data.missing', context)).rejects.toThrow('gives nothing (a value it refers to is missing)');
    await expect(evaluateDate('1/0', context)).rejects.toThrow('not a date');
  });
});
