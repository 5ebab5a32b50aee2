import { readFile } from 'node:fs/promises';
import type { WorkerOptions } from '@temporalio/worker';

/**
 * Run in the runs' V8 context before the bundle: errors and promises made there record no stack.
 *
 * Temporal's SDK gives every promise a run creates a stack trace, mapped through the bundle's source
 * map, for the Temporal UI's Stack Trace tab. A run creates thousands (JSONata evaluates with
 * promises), and taking those traces was about a fifth of the workflow thread's CPU (replaying the
 * committed histories 600 times: 21–26 s of CPU with traces, 18–20 s without; docs/benchmarks.md).
 * Without them the tab and errors thrown by workflow code show no stack; activities keep theirs,
 * and a run's own state (`signalbox.state` query, the run views) says where it is.
 */
const NO_STACK_TRACES = 'Error.stackTraceLimit = 0;';

/**
 * The bundle as the worker loads it: unchanged when `stackTraces` is on, else with stack traces off
 * in the runs' context. The prelude shares the bundle's first line, so the inline source map's line
 * numbers still hold.
 */
export async function workflowBundleWith(bundle: WorkerOptions['workflowBundle'], stackTraces: boolean): Promise<WorkerOptions['workflowBundle']> {
  if (stackTraces || !bundle) return bundle;
  if ('codePath' in bundle && typeof bundle.codePath === 'string') return { code: NO_STACK_TRACES + (await readFile(bundle.codePath, 'utf8')) };
  if ('code' in bundle && typeof bundle.code === 'string') return { ...bundle, code: NO_STACK_TRACES + bundle.code };
  return bundle;
}
