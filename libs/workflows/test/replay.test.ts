import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowBundleOptions } from '@signalbox/contracts/workflow-bundle';

const HISTORIES = path.join(__dirname, 'histories');

/**
 * Every history that must replay, by name (`histories/<name>.json`). Recorded from real runs by
 * apps/worker/test/record-histories.test.ts (see its header for the command); the older ones came
 * from earlier versions of the code and guard the behaviour of runs started back then.
 */
const EXPECTED = [
  // Node kinds
  'node-decision',
  'node-communication-sms',
  'node-wait-duration',
  'node-wait-until',
  'node-wait-signal',
  'node-wait-signal-timeout',
  // Message waits (correlated messages): delivered by update, and taken from the buffer.
  'node-wait-message',
  'node-wait-message-buffered',
  'node-parallel-join',
  'node-link-event',
  'node-end-completed',
  'node-end-failed',
  'node-scheduled-delay',
  'node-scheduled-at',
  'incident-retried',
  'incident-skipped',
  // Action types
  'action-provisioning-confirmed',
  // Started with a trace context: the tracing interceptor module's traced path
  'traced-action-provisioning-confirmed',
  'action-provisioning-queued',
  'action-credit-control',
  'action-subscription-service',
  'action-http-call',
  'action-account-type-movement',
  // Device orders (order kinds ride in the activity; the step is unchanged)
  'action-provisioning-device',
  // An order held on a timer for its provider's maintenance window (patched('maintenance-window-hold'))
  'action-provisioning-maintenance-hold',
  'action-communication-sms',
  'action-communication-email',
  // Provisioning paths and run lifecycle
  'compensation-after-confirmed-timeout',
  'queued-answered-by-callback',
  'queued-timeout',
  'run-cancelled',
  // serviceOrderQueueWorkflow: several orders, then continue-as-new, then the continued execution
  'service-queue-continue-as-new',
  'service-queue-continued',
  // The lean order path (patched('lean-order-path')): slots by update-with-start and local
  // activities, message rendered locally, no RunStatus toggles around slot waits
  'lean-action-provisioning-confirmed',
  'lean-action-provisioning-queued',
  'lean-action-credit-control',
  'lean-node-communication-sms',
  'lean-compensation-after-confirmed-timeout',
  'lean-queued-answered-by-callback',
  'lean-run-cancelled',
  'lean-service-queue-continue-as-new',
  'lean-service-queue-continued',
  // The slot acquired by an ordinary activity on the lean path (patched('slot-by-activity')).
  'slot-activity-action-provisioning-confirmed',
  'slot-activity-action-provisioning-queued',
  'slot-activity-run-cancelled',
  // Slots as database rows (patched('slot-rows')): taken and handed back by local activities, no
  // queue workflow; a busy slot granted by signal after the run waited.
  'slot-rows-action-provisioning-confirmed',
  'slot-rows-action-provisioning-queued',
  'slot-rows-action-credit-control',
  'slot-rows-node-communication-sms',
  'slot-rows-run-cancelled',
  'slot-rows-granted-after-wait',
  // The slot taken by the order's own activity (patched('slot-in-order'), the current patch
  // generation): no local activity around an order settled in the call.
  'slot-in-order-action-provisioning-confirmed',
  'slot-in-order-action-provisioning-queued',
  'slot-in-order-action-credit-control',
  'slot-in-order-node-communication-sms',
  'slot-in-order-run-cancelled',
  'slot-in-order-compensation-after-confirmed-timeout',
  'slot-in-order-granted-after-wait',
  // Bookkeeping riding on the run's own activities (patched('riding-bookkeeping'), the current
  // patch generation): a message rendered by its sending activity, state changes written by the
  // next action activity, a local activity only for what none could carry.
  'riding-bookkeeping-action-provisioning-confirmed',
  'riding-bookkeeping-action-provisioning-queued',
  'riding-bookkeeping-action-credit-control',
  'riding-bookkeeping-node-communication-sms',
  'riding-bookkeeping-action-communication-email',
  'riding-bookkeeping-run-cancelled',
  'riding-bookkeeping-compensation-after-confirmed-timeout',
  'riding-bookkeeping-run-state-events',
  'riding-bookkeeping-node-parallel-join',
  'riding-bookkeeping-incident-skipped',
  // A run past its sandbox budget for expressions (patched('run-expression-budget')): the rest evaluated by local activities.
  'expression-budget-local-activity',
  // Recorded before this list existed (older interpreter and provider-queue code)
  'link-event',
  'parallel-join',
  'wait-signal-timeout',
  'provider-rate-limit-before-patch',
  'provider-rate-limit-queue',
  // TMF641 (tmfServiceOrderWorkflow): dependency order, a failed prerequisite, a cancel of open runs,
  // an item pending on a message from the orderer (patched('tmf-item-phases'))
  'tmf-order-completed',
  'tmf-order-partial',
  'tmf-order-cancelled',
  'tmf-order-pending',
  // TMF641 hub (tmfHubDeliveryWorkflow): delivered after refusals, dead-lettered after the retry window
  'tmf-hub-delivery',
  'tmf-hub-dead-letter',
  // Webhooks (patched('run-state-events')): a run's state changes written to the outbox by local activities
  'run-state-events',
] as const;

// Fixtures are `JSON.stringify(await handle.fetchHistory())` (protobuf's JSON form). They are read
// with the proto's own fromObject: @temporalio/common's historyFromJSON trips over the two copies
// of protobufjs this install has.
async function readHistory(name: string): Promise<temporal.api.history.v1.History> {
  return temporal.api.history.v1.History.fromObject(JSON.parse(await readFile(path.join(HISTORIES, `${name}.json`), 'utf8')));
}

/** A change that breaks one of these needs `patched()` (see interpreter.workflow.ts). */
describe('recorded histories replay on the current workflow code', () => {
  const errors = new Map<string, unknown>();
  let bundle: WorkflowBundle;

  beforeAll(async () => {
    // The worker's interceptor modules too (apps/worker/src/workflow-bundler.ts bundles the same
    // files): they run in every run, so they must replay every history as well.
    const observability = path.join(__dirname, '..', 'src', 'observability');
    const interceptorModules = (await readdir(observability)).filter((f) => f.endsWith('.interceptors.ts')).sort().map((f) => path.join(observability, f));
    expect(interceptorModules.map((f) => path.basename(f))).toEqual(['run-metrics.interceptors.ts', 'tracing.interceptors.ts']);
    bundle = await bundleWorkflowCode({
      workflowsPath: path.join(__dirname, '..', 'src', 'index.ts'),
      workflowInterceptorModules: interceptorModules,
      ...workflowBundleOptions(),
    });
    const present = EXPECTED.filter((name) => existsSync(path.join(HISTORIES, `${name}.json`)));
    const histories = await Promise.all(present.map(async (name) => ({ workflowId: name, history: await readHistory(name) })));
    // The interceptors' sinks, registered as the worker registers them (never called on replay).
    const none = { fn: () => undefined };
    const sinks = { runMetrics: { runStarted: none, runEnded: none, stepEnded: none, incident: none }, exporter: { export: none } };
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, sinks }, histories)) errors.set(result.workflowId, result.error);
  }, 300_000);

  it.each(EXPECTED)('%s', (name) => {
    expect(existsSync(path.join(HISTORIES, `${name}.json`)), `histories/${name}.json is missing: record it (apps/worker/test/record-histories.test.ts)`).toBe(true);
    expect(errors.has(name)).toBe(true);
    expect(errors.get(name)).toBeUndefined();
  });

  it('every committed history is in the list', async () => {
    const files = (await readdir(HISTORIES)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
    expect(files.filter((f) => !(EXPECTED as readonly string[]).includes(f))).toEqual([]);
  });
});
