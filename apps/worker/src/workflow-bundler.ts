import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

export const SOURCE_CONDITION = '@signalbox/source';

/** The workflows' entry file: the TypeScript sources of @signalbox/workflows. */
export function workflowsEntry(): string {
  return path.join(path.dirname(require.resolve('@signalbox/workflows/package.json')), 'src', 'index.ts');
}

/** Workflow interceptor modules bundled with the workflows (metrics through sinks; no commands). */
export function workflowInterceptorModules(): string[] {
  return [path.join(path.dirname(require.resolve('@signalbox/workflows/package.json')), 'src', 'observability', 'run-metrics.interceptors.ts')];
}

/**
 * Bundles the workflows from their TypeScript sources. Workspace libraries are resolved through
 * the `@signalbox/source` export condition, the same way typecheck and vitest see them.
 */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    workflowInterceptorModules: workflowInterceptorModules(),
    webpackConfigHook: (config) => {
      config.resolve = { ...config.resolve, conditionNames: [SOURCE_CONDITION, 'require', 'module', 'import', 'default'] };
      return config;
    },
  });
}
