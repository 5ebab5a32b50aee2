import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import path from 'node:path';
import type { CatalogDocument, ExpressionContext, GraphDiff, RaiseEvent, ValidateWorkflowOptions, WorkflowProblem } from '@signalbox/domain';
import { ApiError, validationFailed } from '../common/api-error';
import type { ApiConfigShape } from '../config/api.config';
import { EvaluationPool, EvaluationStopped } from './evaluation-pool';
import type { DraftOutcome, GraphSource, LargeBodySchema, SplitBodyOutcome, RenderOutcome, TaskBody, ValidationOutcome } from './evaluation-task';
import type { BodyRefusal } from './json-body';

/** How much checked JSON the event loop parses before letting other requests in. */
const YIELD_EVERY_CHARS = 256 * 1024;

/**
 * Validation and template rendering run user-written expressions: they happen on the evaluation
 * threads, each bounded in time, so that no workflow or template can stall the API.
 */
@Injectable()
export class EvaluationService implements OnModuleInit, OnModuleDestroy {
  private readonly pool: EvaluationPool;
  private readonly timeoutMs: number;

  constructor(@Inject(ConfigService) config: ConfigService<ApiConfigShape, true>) {
    const { threads, timeoutMs, heapMb } = config.getOrThrow('api', { infer: true }).evaluation;
    this.timeoutMs = timeoutMs;
    this.pool = new EvaluationPool({ script: path.join(__dirname, 'evaluation.worker.js'), threads, timeoutMs, heapMb });
  }

  /** The graph's problems; a value that is not a workflow graph at all is answered 422 field by field. */
  async validateWorkflow(graph: unknown, catalog: CatalogDocument, options: ValidateWorkflowOptions): Promise<WorkflowProblem[]> {
    return (await this.validate({ from: 'value', value: graph }, undefined, catalog, options)) as WorkflowProblem[];
  }

  /** The same for a stored graph, given as its JSON text: parsed on the thread. */
  async validateStoredGraph(json: string, catalog: CatalogDocument, options: ValidateWorkflowOptions): Promise<WorkflowProblem[]> {
    return (await this.validate({ from: 'stored' }, json, catalog, options)) as WorkflowProblem[];
  }

  /**
   * The same for the `graph` of a raw request body (`{ graph? }`), parsed and checked on the
   * thread; undefined when the body has no graph.
   */
  validateWorkflowBody(body: Uint8Array | undefined, catalog: CatalogDocument, options: ValidateWorkflowOptions): Promise<WorkflowProblem[] | undefined> {
    return this.validate({ from: 'body' }, body, catalog, options);
  }

  /** A draft's body (`{ graph }`) parsed and checked on a thread: the graph as binary jsonb to store (a bytea-like parameter). */
  async readDraft(body: Uint8Array | undefined): Promise<{ graphJsonb: Buffer; nodes: number; edges: number }> {
    const outcome = (await this.run({ kind: 'read-draft' }, 'Reading the draft', body)) as DraftOutcome;
    if (!outcome.ok) throw refused(outcome);
    const { graphJsonb: bytes, nodes, edges } = outcome;
    // pg sends a Buffer parameter in binary format, which `$n::jsonb` reads as jsonb's binary input.
    return { graphJsonb: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), nodes, edges };
  }

  /**
   * A batch of raises or a catalog document from its raw body, checked (JSON, text, shape) on a
   * thread. It comes back in pieces of JSON text, parsed here a few hundred kilobytes at a time
   * with other requests let in between: parsing 10 MB at once would hold up /api/health.
   */
  async readLargeBody(body: Uint8Array | undefined, schema: 'raise-batch'): Promise<{ events: RaiseEvent[] }>;
  async readLargeBody(body: Uint8Array | undefined, schema: 'catalog-document', shapeMessage: (problems: number) => string): Promise<CatalogDocument>;
  async readLargeBody(body: Uint8Array | undefined, schema: LargeBodySchema, shapeMessage?: (problems: number) => string): Promise<unknown> {
    const outcome = (await this.run({ kind: 'read-body', schema }, 'Reading the request body', body)) as SplitBodyOutcome;
    if (!outcome.ok) throw refused(outcome.reason === 'shape' && shapeMessage ? { ...outcome, message: shapeMessage(outcome.problems?.length ?? 0) } : outcome);
    const value: Record<string, unknown> = { ...outcome.split.fields };
    let sinceYield = 0;
    for (const [key, items] of Object.entries(outcome.split.lists)) {
      const list: unknown[] = (value[key] = []);
      for (const text of items) {
        list.push(JSON.parse(text));
        sinceYield += text.length;
        if (sinceYield > YIELD_EVERY_CHARS) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
    return value;
  }

  private async validate(graph: GraphSource, body: TaskBody | undefined, catalog: CatalogDocument, options: ValidateWorkflowOptions): Promise<WorkflowProblem[] | undefined> {
    const outcome = (await this.run({ kind: 'validate-workflow', graph, catalog, options }, 'Validating the workflow', body)) as ValidationOutcome;
    if (outcome.ok === 'no-graph') return undefined;
    if (outcome.ok === 'body-refused') throw refused(outcome.refusal);
    if (!outcome.ok) throw validationFailed(outcome.shapeProblems);
    return outcome.problems;
  }

  /** The structural diff of two stored graphs given as JSON text, parsed and compared on a thread. */
  async diffStoredGraphs(fromJson: string, toJson: string): Promise<GraphDiff> {
    return (await this.run({ kind: 'diff-graphs' }, 'Comparing the versions', `{"from":${fromJson},"to":${toJson}}`)) as GraphDiff;
  }

  async renderTemplate(texts: Record<string, string>, context: ExpressionContext): Promise<RenderOutcome> {
    return (await this.run({ kind: 'render-template', texts, context }, 'Rendering the template')) as RenderOutcome;
  }

  onModuleInit(): void {
    this.pool.warm();
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }

  private async run(task: Parameters<EvaluationPool['run']>[0], what: string, body?: TaskBody): Promise<unknown> {
    try {
      return await this.pool.run(task, body);
    } catch (err) {
      if (!(err instanceof EvaluationStopped)) throw err;
      const problem =
        err.reason === 'timeout'
          ? `${what} took longer than ${this.timeoutMs / 1000} s and was stopped: its expressions are too large or too complex. Simplify them or split them into smaller steps.`
          : `${what} needed more memory than allowed and was stopped: its expressions build values that are too large.`;
      throw new ApiError(422, problem, { problems: [{ severity: 'error', code: err.reason === 'timeout' ? 'EVALUATION_TIMEOUT' : 'EVALUATION_TOO_LARGE', message: problem }] });
    }
  }
}

/** A body the thread refused, answered as the HTTP parser and the validation pipe answer it. */
function refused(refusal: BodyRefusal): ApiError {
  return refusal.status === 422 ? validationFailed(refusal.problems ?? [], refusal.message) : new ApiError(refusal.status, refusal.message);
}
