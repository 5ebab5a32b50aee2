import type { Subject } from '../common/subject';

/** What one node left behind, as expressions see it: `nodes.<nodeId>.output`, `nodes.<nodeId>.outcome`. */
export interface NodeResult {
  output?: unknown;
  outcome?: string;
}

/**
 * The document every expression of a run is evaluated against. Paths start at its top level:
 * `data.amount`, `subject.msisdn`, `event.code`, `nodes.activate.output.imsi`.
 * `now` (ISO date-time) is what `$now()` and `$millis()` return; without it they fail, so that a
 * run never reads a clock behind the engine's back.
 */
export interface ExpressionContext {
  event: { code: string; id: string; raisedAt: string };
  subject: Subject | Record<string, unknown>;
  data: Record<string, unknown>;
  nodes: Record<string, NodeResult>;
  now?: string;
}

export interface ExpressionContextInput {
  eventCode: string;
  eventId: string;
  raisedAt: string;
  subject?: ExpressionContext['subject'];
  data?: Record<string, unknown>;
  nodes?: Record<string, NodeResult>;
  /** ISO date-time or epoch milliseconds (e.g. from Temporal's deterministic clock). */
  now?: string | number;
}

export function buildExpressionContext(input: ExpressionContextInput): ExpressionContext {
  const context: ExpressionContext = {
    event: { code: input.eventCode, id: input.eventId, raisedAt: input.raisedAt },
    subject: input.subject ?? {},
    data: input.data ?? {},
    nodes: input.nodes ?? {},
  };
  if (input.now !== undefined) context.now = typeof input.now === 'number' ? new Date(input.now).toISOString() : input.now;
  return context;
}

/** A copy of the context with one more node result, leaving the original untouched. */
export function withNodeResult(context: ExpressionContext, nodeId: string, result: NodeResult): ExpressionContext {
  return { ...context, nodes: { ...context.nodes, [nodeId]: result } };
}
