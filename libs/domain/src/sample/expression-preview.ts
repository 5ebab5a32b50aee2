import { buildExpressionContext } from '../expressions/expression-context';
import { evaluateExpression } from '../expressions/evaluate-expression';
import { WORKFLOW_EXPRESSION_LIMITS } from '../expressions/expression-limits';
import type { PinnedSample } from './pinned-sample.schema';

/** What an expression gives against pinned sample data, as one line to show under its field. */
export type ExpressionPreview = { ok: true; text: string } | { ok: false; message: string };

/** Longest preview shown; the rest is cut with an ellipsis (a large output is not a field note). */
export const PREVIEW_MAX_CHARS = 160;

export interface PreviewOptions {
  eventCode: string;
  /** `$now()`; the caller's clock (a run uses the workflow's). */
  now: number;
  maxChars?: number;
}

/**
 * Evaluates `expression` against the pinned sample with a run's own bounds
 * (WORKFLOW_EXPRESSION_LIMITS, as the interpreter evaluates it in its sandbox), so an expression
 * heavy enough to be refused in a run is refused here too, and cannot hold a browser tab.
 */
export async function previewExpression(expression: string, sample: PinnedSample, options: PreviewOptions): Promise<ExpressionPreview> {
  const context = buildExpressionContext({
    eventCode: options.eventCode,
    eventId: 'preview',
    raisedAt: new Date(options.now).toISOString(),
    subject: sample.subject,
    data: sample.data,
    nodes: sample.nodes,
    now: options.now,
  });
  try {
    const value = await evaluateExpression(expression, context, WORKFLOW_EXPRESSION_LIMITS);
    return { ok: true, text: formatPreviewValue(value, options.maxChars) };
  } catch (err) {
    return { ok: false, message: truncate((err as Error).message, options.maxChars ?? PREVIEW_MAX_CHARS) };
  }
}

/** A value as JSON on one line (`"356938035643809"`, `{"a":1}`), `nothing` when the path is missing, cut past `maxChars`. */
export function formatPreviewValue(value: unknown, maxChars = PREVIEW_MAX_CHARS): string {
  if (value === undefined) return 'nothing (no such value in the sample)';
  return truncate(JSON.stringify(value), maxChars);
}

function truncate(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
