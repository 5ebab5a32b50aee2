import { checkExpression } from './check-expression';
import { evaluateExpression, type EvaluateOptions } from './evaluate-expression';
import type { ExpressionContext } from './expression-context';
import { ExpressionError } from './expression-error';

export interface Placeholder {
  /** The expression between the braces, trimmed. */
  expression: string;
  /** Offset of the opening `{{` in the text. */
  start: number;
  /** Offset just after the closing `}}`. */
  end: number;
}

export interface TemplateProblem {
  placeholder: string;
  message: string;
}

/** A placeholder that does not parse or cannot be evaluated; names the placeholder. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly placeholder: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

const OPEN = '{{';
const CLOSE = '}}';

function scan(text: string): { placeholders: Placeholder[]; unclosedAt?: number } {
  const placeholders: Placeholder[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(OPEN, from);
    if (start < 0) return { placeholders };
    const close = text.indexOf(CLOSE, start + OPEN.length);
    if (close < 0) return { placeholders, unclosedAt: start };
    placeholders.push({ expression: text.slice(start + OPEN.length, close).trim(), start, end: close + CLOSE.length });
    from = close + CLOSE.length;
  }
}

/** The `{{ expression }}` placeholders of a template text, in order of appearance. */
export function listPlaceholders(text: string): string[] {
  return scan(text).placeholders.map((p) => p.expression);
}

/** Placeholders with their offsets, for editors that highlight them. */
export function findPlaceholders(text: string): Placeholder[] {
  return scan(text).placeholders;
}

/** Every placeholder that would not render, without evaluating anything. */
export function checkTemplate(text: string): TemplateProblem[] {
  const { placeholders, unclosedAt } = scan(text);
  const problems: TemplateProblem[] = [];
  for (const p of placeholders) {
    const check = checkExpression(p.expression);
    if (!check.ok) problems.push({ placeholder: p.expression, message: `Placeholder {{ ${p.expression} }}: ${lowerFirst(check.message)}` });
  }
  if (unclosedAt !== undefined) {
    const shown = text.slice(unclosedAt, unclosedAt + 30);
    problems.push({ placeholder: shown, message: `The placeholder starting "${shown}" is never closed with }}.` });
  }
  return problems;
}

/**
 * Fills every `{{ expression }}` from the context. A value that is missing renders as an empty
 * string; a placeholder that does not parse or fails to evaluate throws `TemplateError` naming it.
 */
export async function renderTemplate(text: string, context: ExpressionContext, options?: EvaluateOptions): Promise<string> {
  const problems = checkTemplate(text);
  if (problems.length > 0) throw new TemplateError(problems[0].message, problems[0].placeholder);
  const { placeholders } = scan(text);
  let out = '';
  let last = 0;
  for (const p of placeholders) {
    let value: unknown;
    try {
      value = await evaluateExpression(p.expression, context, options);
    } catch (err) {
      const reason = err instanceof ExpressionError ? err.message : String(err);
      throw new TemplateError(`Placeholder {{ ${p.expression} }}: ${lowerFirst(reason)}`, p.expression);
    }
    out += text.slice(last, p.start) + display(value);
    last = p.end;
  }
  return out + text.slice(last);
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(display).join(', ');
  return JSON.stringify(value);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
