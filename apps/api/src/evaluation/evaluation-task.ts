import type { CatalogDocument, ExpressionContext, ValidateWorkflowOptions, WorkflowGraph, WorkflowProblem } from '@signalbox/domain';

/** Work the API hands to an evaluation thread: everything that parses or runs user expressions. */
export type EvaluationTask =
  | { kind: 'validate-workflow'; graph: WorkflowGraph; catalog: CatalogDocument; options: ValidateWorkflowOptions }
  | { kind: 'render-template'; texts: Record<string, string>; context: ExpressionContext };

export type RenderOutcome = { ok: true; rendered: Record<string, string> } | { ok: false; field: string; message: string };

export interface EvaluationResults {
  'validate-workflow': WorkflowProblem[];
  'render-template': RenderOutcome;
}

/** What a thread posts back for one task. */
export type EvaluationReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
