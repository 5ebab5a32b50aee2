import { parentPort } from 'node:worker_threads';
import { TemplateError, buildCatalogView, renderTemplate, validateWorkflow } from '@signalbox/domain';
import type { EvaluationReply, EvaluationTask, RenderOutcome } from './evaluation-task';

// Runs in a worker thread: a task that loops or allocates without end costs this thread (which the
// pool terminates on overrun), never the API's event loop.
async function perform(task: EvaluationTask): Promise<unknown> {
  switch (task.kind) {
    case 'validate-workflow':
      return validateWorkflow(task.graph, buildCatalogView(task.catalog), task.options);
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

parentPort?.on('message', (message: { id: number; task: EvaluationTask }) => {
  perform(message.task).then(
    (value) => parentPort?.postMessage({ id: message.id, ok: true, value } satisfies EvaluationReply),
    (err: unknown) => parentPort?.postMessage({ id: message.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies EvaluationReply),
  );
});
