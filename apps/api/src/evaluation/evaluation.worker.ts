import { parentPort } from 'node:worker_threads';
import { TemplateError, WorkflowGraph, buildCatalogView, renderTemplate, validateWorkflow } from '@signalbox/domain';
import { zodProblems } from '../common/zod-problems';
import type { EvaluationReply, EvaluationTask, RenderOutcome, ValidationOutcome } from './evaluation-task';

// Runs in a worker thread: a task that loops or allocates without end costs this thread (which the
// pool terminates on overrun), never the API's event loop.
async function perform(task: EvaluationTask): Promise<unknown> {
  switch (task.kind) {
    case 'validate-workflow': {
      const graph = WorkflowGraph.safeParse(task.graph);
      if (!graph.success) return { ok: false, shapeProblems: zodProblems(graph.error, ['graph']) } satisfies ValidationOutcome;
      return { ok: true, problems: validateWorkflow(graph.data, buildCatalogView(task.catalog), task.options) } satisfies ValidationOutcome;
    }
    case 'render-template': {
      const rendered: Record<string, string> = {};
      for (const [field, text] of Object.entries(task.texts)) {
        try {
          rendered[field] = await renderTemplate(text, task.context);
        } catch (err) {
          if (err instanceof TemplateError) return { ok: false, field, message: err.message } satisfies RenderOutcome;
          throw err;
        }
      }
      return { ok: true, rendered } satisfies RenderOutcome;
    }
  }
}

// Tasks arrive as JSON text: copying one string is far cheaper for the event loop than the
// structured clone of a large graph.
parentPort?.on('message', (message: { id: number; task: string }) => {
  perform(JSON.parse(message.task) as EvaluationTask).then(
    (value) => parentPort?.postMessage({ id: message.id, ok: true, value } satisfies EvaluationReply),
    (err: unknown) => parentPort?.postMessage({ id: message.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies EvaluationReply),
  );
});

// Loaded and listening: the pool starts a task's clock only from here.
parentPort?.postMessage({ ready: true });
