import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { z } from 'zod';
import { CatalogDocument, TemplateError, WorkflowGraph, buildCatalogView, checkExpressionCosts, diffGraphs, renderTemplate, sortProblems, validateWorkflow } from '@signalbox/domain';
import { zodProblems } from '../common/zod-problems';
import { RaiseBatchBody } from '../events/event-bodies';
import { SaveDraftBody, ValidateWorkflowBody } from '../workflows/workflow-bodies';
import type { DraftOutcome, LargeBodySchema, SplitBody, SplitBodyOutcome, EvaluationMessage, EvaluationReply, EvaluationTask, GraphSource, RenderOutcome, TaskBody, ValidationOutcome } from './evaluation-task';
import { readJsonBody } from './json-body';

// Runs in a worker thread: a task that loops or allocates without end costs this thread (which the
// pool terminates on overrun), never the API's event loop. Request bodies of megabytes are parsed
// here too, for the same reason.

/** The graph as a value, or why there is none. */
function graphOf(source: GraphSource, body: TaskBody | undefined): { graph: unknown } | Exclude<ValidationOutcome, { ok: true } | { ok: false }> {
  switch (source.from) {
    case 'value':
      return { graph: source.value };
    case 'stored':
      return { graph: JSON.parse(typeof body === 'string' ? body : '{}') };
    case 'body': {
      const read = readJsonBody(bytesOf(body), ValidateWorkflowBody);
      if (!read.ok) return { ok: 'body-refused', refusal: read };
      return read.value.graph === undefined ? { ok: 'no-graph' } : { graph: read.value.graph };
    }
  }
}

/**
 * Limits for expressions evaluated here. The pool's limit (SIGNALBOX_EVALUATION_TIMEOUT_MS) is the
 * one wall clock: it stops the whole task. JSONata's own per-expression clock is lifted, or which
 * of the two fires first (a placeholder problem, or the task stopped) would depend on the
 * machine's load; the step, depth and size bounds stay as they are.
 */
const ON_THREAD = { timeoutMs: 24 * 60 * 60 * 1000 } as const;

const LARGE_BODIES: Record<LargeBodySchema, z.ZodType> = { 'raise-batch': RaiseBatchBody, 'catalog-document': CatalogDocument };

const bytesOf = (body: TaskBody | undefined) => (typeof body === 'string' ? new TextEncoder().encode(body) : body);

async function perform(task: EvaluationTask, body: TaskBody | undefined): Promise<unknown> {
  switch (task.kind) {
    case 'validate-workflow': {
      const source = graphOf(task.graph, body);
      if (!('graph' in source)) return source satisfies ValidationOutcome;
      const graph = WorkflowGraph.safeParse(source.graph);
      if (!graph.success) return { ok: false, shapeProblems: zodProblems(graph.error, ['graph']) } satisfies ValidationOutcome;
      const problems = validateWorkflow(graph.data, buildCatalogView(task.catalog), task.options);
      // Expressions that need no run data are evaluated with a run's bounds: one over them would fail every run.
      const costs = await checkExpressionCosts(graph.data, ON_THREAD);
      return { ok: true, problems: sortProblems([...problems, ...costs]) } satisfies ValidationOutcome;
    }
    case 'read-draft': {
      const read = readJsonBody(bytesOf(body), SaveDraftBody);
      if (!read.ok) return read satisfies DraftOutcome;
      const { graph } = read.value;
      // jsonb's binary input: version 1, then the text. The API passes these bytes to PostgreSQL.
      const text = new TextEncoder().encode(JSON.stringify(graph));
      const graphJsonb = new Uint8Array(text.length + 1);
      graphJsonb[0] = 1;
      graphJsonb.set(text, 1);
      return { ok: true, graphJsonb, nodes: graph.nodes.length, edges: graph.edges.length } satisfies DraftOutcome;
    }
    case 'read-body': {
      const read = readJsonBody(bytesOf(body), LARGE_BODIES[task.schema]);
      if (!read.ok) return read satisfies SplitBodyOutcome;
      const split: SplitBody = { fields: {}, lists: {} };
      for (const [key, value] of Object.entries(read.value as Record<string, unknown>)) {
        if (Array.isArray(value)) split.lists[key] = value.map((item) => JSON.stringify(item));
        else split.fields[key] = value;
      }
      return { ok: true, split } satisfies SplitBodyOutcome;
    }
    case 'render-template': {
      const rendered: Record<string, string> = {};
      for (const [field, text] of Object.entries(task.texts)) {
        try {
          rendered[field] = await renderTemplate(text, task.context, ON_THREAD);
        } catch (err) {
          if (err instanceof TemplateError) return { ok: false, field, message: err.message } satisfies RenderOutcome;
          throw err;
        }
      }
      return { ok: true, rendered } satisfies RenderOutcome;
    }
    case 'diff-graphs': {
      // Both texts come from PostgreSQL's jsonb of stored graphs (or the API's empty graph).
      const { from, to } = JSON.parse(typeof body === 'string' ? body : '{}') as { from: WorkflowGraph; to: WorkflowGraph };
      return diffGraphs(from, to);
    }
  }
}

// Tasks arrive as JSON text and bodies as bytes: copying a string or a byte array is far cheaper
// for the event loop than the structured clone (or the parse) of a large graph.
parentPort?.on('message', (message: EvaluationMessage) => {
  perform(JSON.parse(message.task) as EvaluationTask, message.body).then(
    // A stored draft's bytes are moved, not copied, to the API's thread.
    (value) => parentPort?.postMessage({ id: message.id, ok: true, value } satisfies EvaluationReply, value instanceof Object && 'graphJsonb' in value ? [(value as { graphJsonb: Uint8Array }).graphJsonb.buffer as ArrayBuffer] : []),
    (err: unknown) => parentPort?.postMessage({ id: message.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies EvaluationReply),
  );
});

// On Linux a thread has its own nice value: this one yields the CPU to the event loop thread, so a
// busy evaluation (or several) slows /api/health down as little as the machine allows. Elsewhere
// the thread keeps the process's priority.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {
  // no /proc (not Linux), or not allowed: nothing to lower
}

// Loaded and listening: the pool starts a task's clock only from here.
parentPort?.postMessage({ ready: true });
