/**
 * How the workflow bundle is built: one hook for the worker's bundler, the replay test and the
 * rolling-upgrade test, so the code that replays the recorded histories is the code that runs.
 * A subpath of its own (`@signalbox/contracts/workflow-bundle`), outside the barrel.
 */

/** The export condition that resolves workspace libraries to their TypeScript sources. */
export const SOURCE_CONDITION = '@signalbox/source';

/**
 * Every workflow execution evaluates the bundle's modules afresh (Temporal isolates module state
 * per run), so each module the bundle keeps costs CPU and memory per run: the domain and contracts
 * barrels would build every zod schema of the catalog for each run. Production-mode tree shaking,
 * with the workspace libraries declared free of import side effects, keeps only the modules the
 * workflows use; minimising stays off so stack traces stay readable.
 */
export function shapeWorkflowBundle<T extends object>(config: T): T {
  const c = config as { resolve?: object; optimization?: object; module?: { rules?: unknown[] } };
  return {
    ...config,
    mode: 'production',
    resolve: { ...c.resolve, conditionNames: [SOURCE_CONDITION, 'require', 'module', 'import', 'default'] },
    optimization: { ...c.optimization, usedExports: true, sideEffects: true, providedExports: true, innerGraph: true, concatenateModules: true, minimize: false },
    module: { ...c.module, rules: [...(c.module?.rules ?? []), { test: /[\\/]libs[\\/](domain|contracts|workflows)[\\/]src[\\/]/, sideEffects: false }] },
  } as T;
}
