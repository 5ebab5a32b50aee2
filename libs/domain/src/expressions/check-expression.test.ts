import { describe, expect, it } from 'vitest';
import { checkExpression } from './check-expression';

describe('checkExpression', () => {
  it('accepts valid expressions', () => {
    expect(checkExpression('data.amount >= 20')).toEqual({ ok: true });
    expect(checkExpression('$uppercase(subject.msisdn) & "-" & event.code')).toEqual({ ok: true });
  });

  it('explains a missing closing bracket with its position', () => {
    const result = checkExpression('data.items[0');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe('The expression does not parse at character 12: "]" is missing before the end of the expression.');
    expect(result.position).toBe(12);
  });

  it('explains an expression that stops early', () => {
    const result = checkExpression('data.amount >=');
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('ends too early') });
  });

  it('explains an unterminated text value', () => {
    expect(checkExpression('"abc')).toMatchObject({ ok: false, message: expect.stringContaining('missing its closing quote') });
  });

  it('rejects an empty expression', () => {
    expect(checkExpression('   ')).toEqual({ ok: false, message: 'The expression is empty.' });
  });

  it('refuses non-deterministic and self-evaluating functions', () => {
    expect(checkExpression('$random() > 0.5')).toMatchObject({ ok: false, message: expect.stringContaining('$random() is not allowed') });
    expect(checkExpression('$map([1], function($x) { $eval("1") })')).toMatchObject({ ok: false, message: expect.stringContaining('$eval() is not allowed') });
  });
});
