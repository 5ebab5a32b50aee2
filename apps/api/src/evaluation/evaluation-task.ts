import type { CatalogDocument, ExpressionContext, ValidateWorkflowOptions, WorkflowProblem } from '@signalbox/domain';
import type { Problem } from '../common/api-error';

/** Work the API hands to an evaluation thread: everything that parses or runs user expressions. */
export type EvaluationTask =
  /** `graph` as received: its shape is checked on the thread too (a large graph is costly to parse). */
  | { kind: 'validate-workflow'; graph: unknown; catalog: CatalogDocument; options: ValidateWorkflowOptions }
  | { kind: 'render-template'; texts: Record<string, string>; context: ExpressionContext };

export type RenderOutcome = { ok: true; rendered: Record<string, string> } | { ok: false; field: string; message: string };

/** Either the graph's problems, or (when it is not a graph at all) its field-by-field shape problems. */
export type ValidationOutcome = { ok: true; problems: WorkflowProblem[] } | { ok: false; shapeProblems: Problem[] };

/** What a thread posts back for one task. */
export type EvaluationReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
