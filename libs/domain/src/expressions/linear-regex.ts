import { RE2JS } from 're2js';

/**
 * Regular expressions in expressions run on RE2 (the pure-JavaScript port, so it works the same in
 * the API, the browser and the workflow sandbox): matching takes time linear in the text, so no
 * pattern can backtrack for minutes. RE2 has no back-references or look-around; a pattern using
 * them is refused when the expression is checked.
 */
export function compileLinearRegex(source: string, flags: string): RE2JS {
  let mask = 0;
  if (flags.includes('i')) mask |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) mask |= RE2JS.MULTILINE;
  return RE2JS.compile(RE2JS.translateRegExp(source), mask);
}

/** Why RE2 refuses a pattern, or undefined when it accepts it. */
export function linearRegexProblem(source: string, flags: string): string | undefined {
  try {
    compileLinearRegex(source, flags);
    return undefined;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    return `the pattern /${source}/ cannot be matched in linear time (${detail}); back-references and look-ahead/look-behind are not supported`;
  }
}

/**
 * The `RegExp`-shaped engine JSONata's `RegexEngine` option expects: constructed from the parsed
 * literal, then driven through `lastIndex` and `exec` (JSONata always adds the `g` flag).
 */
export class LinearRegExp {
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(literal: RegExp) {
    this.re = compileLinearRegex(literal.source, literal.flags);
  }

  exec(text: string): RegExpExecArray | null {
    const matcher = this.re.matcher(text);
    if (this.lastIndex > text.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [];
    for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
    const match = Object.assign(groups, { index: matcher.start(), input: text }) as unknown as RegExpExecArray;
    this.lastIndex = matcher.end();
    return match;
  }
}
