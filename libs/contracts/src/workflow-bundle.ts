/**
 * How the workflow bundle is built: one hook for the worker's bundler, the replay test and the
 * rolling-upgrade test, so the code that replays the recorded histories is the code that runs.
 * A subpath of its own (`@signalbox/contracts/workflow-bundle`), outside the barrel.
 */

/** The export condition that resolves workspace libraries to their TypeScript sources. */
export const SOURCE_CONDITION = '@signalbox/source';

/**
 * Libraries evaluated once per worker and shared by every run (Temporal's `preloadModules`):
 * without this each cached run holds its own copy of each one, about 1 MiB of objects and
 * closures per parked run. Only libraries without per-run state qualify, as the worker freezes
 * their exports once loaded: zod (its classes and helpers, through workflow-shared-modules.ts; our
 * schemas themselves stay per run) and the expression engines. Our own modules are never shared
 * (they define zod schemas, which zod completes lazily and a frozen copy could not), nor is
 * anything that reads workflow APIs while loading. The replay test replays the committed histories with the same list, and worker tests
 * run every step kind through it.
 */
export const SHARED_WORKFLOW_MODULES: readonly string[] = ['@signalbox/contracts/workflow-shared-modules', 're2js', 'jsonata'];

/** The bundler options every workflow bundle is built with (worker, replay and rolling-upgrade tests). */
export function workflowBundleOptions(): { webpackConfigHook: <T extends object>(config: T) => T; preloadModules: string[] } {
  return { webpackConfigHook: shapeWorkflowBundle, preloadModules: [...SHARED_WORKFLOW_MODULES] };
}

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
    module: {
      ...c.module,
      rules: [
        ...(c.module?.rules ?? []),
        { test: /[\\/]libs[\\/](domain|contracts|workflows)[\\/]src[\\/]/, sideEffects: false },
        // The bundler's preload entry requires the shared libraries for their effect alone (loading
        // them into the shared cache): declared effect-free, as zod is, the require would be dropped.
        { test: /[\\/](node_modules[\\/](zod|re2js|jsonata)[\\/]|libs[\\/]contracts[\\/]src[\\/]workflow-shared-modules\.ts$)/, sideEffects: true },
      ],
    },
  } as T;
}
