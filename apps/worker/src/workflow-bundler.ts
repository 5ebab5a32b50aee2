import { readdirSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '@signalbox/contracts/workflow-bundle';


/** The workflows' entry file: the TypeScript sources of @signalbox/workflows. */
export function workflowsEntry(): string {
  return path.join(path.dirname(require.resolve('@signalbox/workflows/package.json')), 'src', 'index.ts');
}

/**
 * Workflow interceptor modules bundled with the workflows: every `*.interceptors.ts` of
 * @signalbox/workflows' src/observability (metrics and traces, both through sinks, neither issuing
 * commands), the same files the replay test bundles. Always bundled (the bundle is built once):
 * tracing does nothing for runs started without a trace context.
 */
export function workflowInterceptorModules(): string[] {
  const observability = path.join(path.dirname(require.resolve('@signalbox/workflows/package.json')), 'src', 'observability');
  return readdirSync(observability)
    .filter((file) => file.endsWith('.interceptors.ts'))
    .sort()
    .map((file) => path.join(observability, file));
}

/**
 * Bundles the workflows from their TypeScript sources. Workspace libraries are resolved through
 * the `@signalbox/source` export condition, the same way typecheck and vitest see them, and
 * tree-shaken (`shapeWorkflowBundle`: every run evaluates the modules the bundle keeps), with the
 * stateless libraries shared by all runs (`SHARED_WORKFLOW_MODULES`).
 */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    workflowInterceptorModules: workflowInterceptorModules(),
    ...workflowBundleOptions(),
  });
}
