import type { CatalogDocument, ExpressionContext, ValidateWorkflowOptions, WorkflowProblem } from '@signalbox/domain';
import type { Problem } from '../common/api-error';
import type { BodyRefusal } from './json-body';

/**
 * Where the graph to validate comes from: the request body's `graph` field, or a stored draft's
 * JSON text (either travels as the task's `body`, apart from the task's own JSON), or a value the
 * API already holds (an imported document). Never parsed on the event loop in the first two
 * cases: a graph can be megabytes.
 */
export type GraphSource = { from: 'body' } | { from: 'stored' } | { from: 'value'; value: unknown };

/** Work the API hands to an evaluation thread: everything that parses or runs user expressions, and bodies of megabytes. */
export type EvaluationTask =
  | { kind: 'validate-workflow'; graph: GraphSource; catalog: CatalogDocument; options: ValidateWorkflowOptions }
  | { kind: 'read-draft' }
  | { kind: 'read-body'; schema: LargeBodySchema }
  | { kind: 'render-template'; texts: Record<string, string>; context: ExpressionContext }
  /** Two stored graphs' JSON texts, as the body `{"from":…,"to":…}`: their structural diff. */
  | { kind: 'diff-graphs' };

export type RenderOutcome = { ok: true; rendered: Record<string, string> } | { ok: false; field: string; message: string };

/**
 * The graph's problems; its field-by-field shape problems when it is not a graph at all; `noGraph`
 * when a body source has no `graph` (the saved draft is then validated); or the body refused.
 */
export type ValidationOutcome = { ok: true; problems: WorkflowProblem[] } | { ok: false; shapeProblems: Problem[] } | { ok: 'no-graph' } | { ok: 'body-refused'; refusal: BodyRefusal };

/**
 * A draft read from its body: the graph in PostgreSQL's binary jsonb form (a version byte, then
 * the JSON as UTF-8), moved back to the API as bytes and stored as they are — never a string of
 * megabytes on the event loop's heap — and its size.
 */
export type DraftOutcome = { ok: true; graphJsonb: Uint8Array; nodes: number; edges: number } | BodyRefusal;

/** Bodies of up to 10 MB that the API needs whole (a batch of raises, a catalog document), checked on a thread. */
export type LargeBodySchema = 'raise-batch' | 'catalog-document';

/**
 * A large body checked on a thread and handed back in pieces: its top-level lists as one JSON text
 * per item, the rest as is, so the API parses it a few hundred kilobytes at a time.
 */
export interface SplitBody {
  fields: Record<string, unknown>;
  lists: Record<string, string[]>;
}
export type SplitBodyOutcome = { ok: true; split: SplitBody } | BodyRefusal;

/** What a thread posts back for one task. */
export type EvaluationReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/** What the pool posts to a thread: the task as JSON text, and the raw request body when the task reads one. */
export interface EvaluationMessage {
  id: number;
  task: string;
  body?: TaskBody;
}

/** A raw request body, or a stored graph's JSON text. */
export type TaskBody = Uint8Array | string;
