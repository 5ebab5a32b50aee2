import { describe, expect, it } from 'vitest';
import { evaluateBounded } from './bounded-evaluation';
import { checkExpression } from './check-expression';
import { evaluateCondition, evaluateExpression } from './evaluate-expression';
import { buildExpressionContext } from './expression-context';
import { ExpressionError } from './expression-error';
import { DEFAULT_EXPRESSION_LIMITS } from './expression-limits';
import { checkTemplate, renderTemplate } from './template';

// The worst cases of issue 16: each must end quickly with a clear ExpressionError, never hang or
// take the process down. Timing is not asserted (a busy machine is slow); ending at all is.
const context = buildExpressionContext({
  eventCode: 'TOP_UP',
  eventId: 'evt-1',
  raisedAt: '2026-03-01T10:00:00Z',
  data: { s: 'a'.repeat(30), text: 'one two  three' },
  now: '2026-03-01T10:00:05.000Z',
});

async function failure(run: Promise<unknown>): Promise<ExpressionError> {
  const err = await run.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)?.slice(0, 80)}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExpressionError);
  return err as ExpressionError;
}

describe('expression bounds', () => {
  it('refuses to pad a text to 200,000,000 characters before allocating it', async () => {
    const err = await failure(evaluateExpression('$length($pad("", 200000000))', context));
    expect(err.message).toContain('$pad() to 200000000 characters is over the limit of 1000000');
    await expect(evaluateExpression('$length($pad("", 2e8))', context)).rejects.toThrow('over the limit');
    await expect(evaluateExpression('$pad("7", -3, "0")', context)).resolves.toBe('007');
  });

  it('stops unbounded recursion with a clear message', async () => {
    const err = await failure(evaluateCondition('($f := function($n){ $f($n+1) }; $f(0))', context));
    expect(err.message).toMatch(/nests or recurses too deeply|more than \d+ steps|took too long/);
  });

  it('stops a nested $map over 1e5 × 1e5 by its step budget', async () => {
    const err = await failure(evaluateExpression('$count($map([1..100000], function($i){ $map([1..100000], function($j){ $i * $j }) }))', context));
    expect(err.message).toMatch(/more than 50000 steps|over the limit|took too long/);
  });

  it('stops lists that double in size without a step per element', async () => {
    const doubling = '($d := function($l, $n){ $n = 0 ? $l : $d($append($l, $l), $n - 1) }; $count($d([1..1000], 40)))';
    await expect(failure(evaluateExpression(doubling, context))).resolves.toMatchObject({ message: expect.stringMatching(/over the limit|list that is too large/) });
    const texts = '($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $length($d("ab", 60)))';
    await expect(failure(evaluateExpression(texts, context))).resolves.toMatchObject({ message: expect.stringMatching(/text of \d+ characters, over the limit/) });
  });

  it('refuses a backtracking regular expression at the check, and RE2 matches the same shape in linear time', async () => {
    const check = checkExpression('$contains(data.s, /^(a|a)*$/)');
    // RE2 accepts this pattern (it never backtracks), so it is allowed and answers at once.
    expect(check).toEqual({ ok: true });
    await expect(evaluateExpression('$contains(data.s & "b", /^(a|a)*$/)', context)).resolves.toBe(false);
    await expect(evaluateExpression('$contains(data.s, /^(a|a)*$/)', context)).resolves.toBe(true);
    const long = buildExpressionContext({ eventCode: 'X_Y', eventId: 'e', raisedAt: '2026-03-01T10:00:00Z', data: { s: `${'a'.repeat(100_000)}b` } });
    await expect(evaluateExpression('$contains(data.s, /^(a|a)*$/)', long)).resolves.toBe(false);
    await expect(evaluateExpression('$contains(data.s, /^(a+)+$/)', long)).resolves.toBe(false);
  });

  it('refuses patterns RE2 cannot run in linear time, naming the pattern', () => {
    expect(checkExpression('$match(data.s, /(a)\\1/)')).toMatchObject({ ok: false, message: expect.stringContaining('cannot be matched in linear time') });
    expect(checkExpression('$contains(data.s, /a(?=b)/)')).toMatchObject({ ok: false, message: expect.stringContaining('/a(?=b)/') });
  });

  it('keeps regular expressions working: groups, flags, replace and split', async () => {
    await expect(evaluateExpression('$match("ab12-X 34-", /(\\d+)-(x)?/i).groups', context)).resolves.toEqual(['12', 'X', '34', undefined]);
    await expect(evaluateExpression('$replace(data.text, /\\s+/, "_")', context)).resolves.toBe('one_two_three');
    await expect(evaluateExpression('$split(data.text, / +/)', context)).resolves.toEqual(['one', 'two', 'three']);
    await expect(evaluateExpression('$replace("héllo😀wörld", /ö/, "o")', context)).resolves.toBe('héllo😀world');
  });

  it('refuses $eval and $random under any alias: at the check, and in the evaluator itself', async () => {
    expect(checkExpression('($e := $eval; $e("$random() < 2"))')).toMatchObject({ ok: false, message: expect.stringContaining('$eval() is not allowed') });
    // Past the check (as if it were bypassed), the names still resolve to refusing functions.
    const limits = DEFAULT_EXPRESSION_LIMITS;
    await expect(failure(evaluateBounded('($e := $eval; $e("$random() < 2"))', context, limits))).resolves.toMatchObject({ message: '$eval() is not allowed: write the expression directly.' });
    await expect(failure(evaluateBounded('($r := $random; $r() < 2)', context, limits))).resolves.toMatchObject({ message: expect.stringContaining('$random() is not allowed') });
    await expect(failure(evaluateBounded('$map(["1+1"], $eval)', context, limits))).resolves.toMatchObject({ message: expect.stringContaining('$eval() is not allowed') });
    await expect(failure(evaluateBounded('$shuffle([1,2,3])', context, limits))).resolves.toMatchObject({ message: expect.stringContaining('$shuffle() is not allowed') });
  });

  it('refuses 1,999 nested brackets at the check, before the parser recurses', () => {
    const nested = `${'('.repeat(1999)}1${')'.repeat(1999)}`;
    expect(checkExpression(nested)).toMatchObject({ ok: false, message: 'The expression nests brackets 1999 deep, more than the 60 allowed: split it into simpler steps.' });
    const brackets = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    expect(checkExpression(brackets)).toMatchObject({ ok: false, message: expect.stringContaining('100000 deep') });
  });

  it('refuses operator chains too deep to evaluate at the check, and evaluates what it accepts', async () => {
    const chain = Array.from({ length: 2000 }, () => '1').join(' + ');
    expect(checkExpression(chain)).toMatchObject({ ok: false, message: expect.stringContaining('nests more than 100 operations deep') });
    const accepted = Array.from({ length: 90 }, () => '1').join(' + ');
    expect(checkExpression(accepted)).toEqual({ ok: true });
    await expect(evaluateExpression(accepted, context)).resolves.toBe(90);
    const brackets = `${'('.repeat(60)}1${')'.repeat(60)}`;
    await expect(evaluateExpression(brackets, context)).resolves.toBe(1);
  });

  it('bounds $join, $string, $replace and $distinct before they build anything', async () => {
    // Size bounds alone: the wall-clock bound must not answer first on a busy machine.
    const untimed = { timeoutMs: 600_000 };
    await expect(evaluateExpression('$join($map([1..2000], function($i){ $pad("", 900) }))', context, untimed)).rejects.toThrow('$join() would build');
    await expect(evaluateExpression('($a := $map([1..300], function($i){ $pad("x", 5000) }); $string([$a, $a]))', context, untimed)).rejects.toThrow(/\$string\(\) would build|over the limit/);
    await expect(evaluateExpression('$replace($pad("", 100000, "a"), "a", $pad("", 100, "b"))', context, untimed)).rejects.toThrow('$replace() would build');
    await expect(evaluateExpression('$replace($pad("", 1000, "a"), "a", "bb")', context, untimed)).resolves.toHaveLength(2000);
    await expect(evaluateExpression('$count($distinct([1..50000]))', context, untimed)).rejects.toThrow('$distinct() of 50000 values');
  });

  it('refuses $toMillis pictures whose match would backtrack for minutes, and parses ordinary ones', async () => {
    const untimed = { timeoutMs: 600_000 };
    // Twelve name components in a row: JSONata's regular expression for it takes minutes to fail on 37 characters.
    const names = `$toMillis("${'a'.repeat(36)}1", "${'[FNn]'.repeat(12)}")`;
    await expect(evaluateExpression(names, context, untimed)).rejects.toThrow('has 12 components in a row without a separator such as ":" or "/" between them, over the limit of 5');
    await expect(evaluateExpression(`$toMillis("1", "${'[Y]-'.repeat(20)}")`, context, untimed)).rejects.toThrow('picture of 80 characters is over the limit of 64');
    await expect(evaluateExpression(`$toMillis("${'1'.repeat(65)}", "[f]")`, context, untimed)).rejects.toThrow('reads at most 64 characters, and the text is 65');
    const iso = '"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01]"';
    await expect(evaluateExpression(`$toMillis("2026-11-30T06:40:26.123+01:00", ${iso})`, context, untimed)).resolves.toBe(Date.parse('2026-11-30T06:40:26.123+01:00'));
    await expect(evaluateExpression('$toMillis("Monday, 30th November 2026", "[FNn], [D1o] [MNn] [Y0001]")', context, untimed)).resolves.toBe(Date.parse('2026-11-30T00:00:00Z'));
  });

  it('takes $now() from the context, even through an alias', async () => {
    await expect(evaluateExpression('($n := $now; $n())', context)).resolves.toBe('2026-03-01T10:00:05.000Z');
  });
});

describe('template bounds', () => {
  it('fails the preview of {{ $length($pad("", 200000000)) }} with a problem naming the placeholder', async () => {
    await expect(renderTemplate('Hi {{ $length($pad("", 200000000)) }}', context)).rejects.toThrow('Placeholder {{ $length($pad("", 200000000)) }}: $pad() to 200000000 characters is over the limit');
  });

  it('refuses {{ ($e := $eval; $e(\'1+1\')) }} instead of rendering 2', async () => {
    expect(checkTemplate("{{ ($e := $eval; $e('1+1')) }}")).toEqual([
      { placeholder: "($e := $eval; $e('1+1'))", message: "Placeholder {{ ($e := $eval; $e('1+1')) }}: $eval() is not allowed: write the expression directly." },
    ]);
    await expect(renderTemplate("{{ ($e := $eval; $e('1+1')) }}", context)).rejects.toThrow('$eval() is not allowed');
  });
});
