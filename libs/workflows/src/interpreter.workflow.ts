import { since } from './interpreter/patch-generation';
import { ApplicationFailure, condition, isCancellation, workflowInfo } from '@temporalio/workflow';
import { findStart, incomingEdges, nodesById, outgoingEdges, parseDuration, type GraphNode, type NodeOfKind } from '@signalbox/domain';
import { RUN_FAILED_ERROR_TYPE, RUN_FAILED_STATUS_PATCH, runBudget, type RunBudget, type RunFailedDetails, type RunInput, type RunState } from '@signalbox/contracts';
import { actionStep, compensateAfterIncident } from './interpreter/action.step';
import { bookkeeping } from './interpreter/activities';
import { sendCommunication } from './interpreter/communication.step';
import { RunContext } from './interpreter/run-context';
import { RunStateEvents } from './interpreter/run-state-events';
import { Incidents, parksOnFailure } from './interpreter/incident';
import { failureOutcome, type StepResult } from './interpreter/step-result';
import { applySchedule, waitStep } from './interpreter/wait.step';
import { RUN_STATUS_KEY } from './search-attributes';

/** Outcomes that fail the run when no edge handles them. */
const UNHANDLED = new Set(['failure', 'timeout']);

/**
 * Runs any published graph from the version snapshot in its input. Paths are coroutines: a
 * `parallel` node (or several edges from one handle) forks, a `join` waits for every incoming
 * edge (or for nothing else to be able to arrive). Edges are taken in edge-id order.
 *
 * Changing behaviour for runs already in flight: wrap the new code in `if (since('<id>'))` (interpreter/patch-generation.ts)
 * keeping the old branch, and add a recorded history to test/histories; once no run started
 * before the change is open, `deprecatePatch('<id>')`, and later drop the old branch.
 */
export async function interpreterWorkflow(input: RunInput): Promise<RunState> {
  const run = new RunContext(input);
  const walker = new GraphWalker(run, new Incidents(run));
  const stateEvents = new RunStateEvents(run);
  // A run started without a delay is indexed Running by its start (runSearchAttributes).
  if (run.lean && workflowInfo().typedSearchAttributes.get(RUN_STATUS_KEY) === 'Running') run.tracker.startedAs('Running');
  else run.tracker.setStatus('Running');
  try {
    const start = findStart(input.snapshot.graph);
    if (!start) throw new Error('the graph has no start node');
    await walker.walk(start.id);
  } catch (err) {
    if (isCancellation(err)) {
      run.tracker.setStatus('Cancelled');
      await stateEvents.flushed();
      throw err;
    }
    walker.fail(err instanceof Error ? err.message : String(err));
  }
  const state = run.tracker.state;
  state.result = walker.failure ? 'failed' : 'completed';
  if (walker.failure) state.reason = walker.failure;
  if (walker.failure) stateEvents.reason = walker.failure;
  run.tracker.setStatus(walker.failure ? 'Failed' : 'Completed');
  await stateEvents.flushed();
  if (walker.failure) {
    await notifyFailure(run, walker.failure);
    // Failed in Temporal too (its UI's failure filters show the run), carrying the final state.
    if (since(RUN_FAILED_STATUS_PATCH)) throw ApplicationFailure.nonRetryable(walker.failure, RUN_FAILED_ERROR_TYPE, ...([state] satisfies RunFailedDetails));
  }
  return state;
}

async function notifyFailure(run: RunContext, reason: string): Promise<void> {
  try {
    await bookkeeping.notifyFailure({
      ...(run.input.failureNotify ? { to: run.input.failureNotify } : {}),
      workflowId: run.workflowId,
      eventCode: run.snapshot.eventCode,
      version: run.snapshot.version,
      subject: run.input.subject,
      reason,
      test: run.input.test,
    });
  } catch (err) {
    // Failing to notify never changes the run's own result.
    if (isCancellation(err)) throw err;
  }
}

class GraphWalker {
  failure?: string;
  private readonly nodes: Map<string, GraphNode>;
  private steps = 0;
  private readonly budget: RunBudget;
  /** Coroutines able to move (not parked at a join, not waiting on their forks). */
  private active = 1;
  private parked = 0;
  private readonly arrivals = new Map<string, number>();

  constructor(
    private readonly run: RunContext,
    private readonly incidents: Incidents,
  ) {
    this.nodes = nodesById(run.snapshot.graph);
    this.budget = runBudget(run.input.limits);
  }

  fail(reason: string): void {
    this.failure ??= reason;
  }

  async walk(from: string): Promise<void> {
    let nodeId: string | undefined = from;
    while (nodeId !== undefined) {
      const node = this.nodes.get(nodeId);
      if (!node) throw new Error(`an edge leads to node ${nodeId}, which is not in the graph`);
      // A graph that loops forever is stopped (and the run failed) after budget.maxSteps node executions.
      if (++this.steps > this.budget.maxSteps) throw new Error(`stopped after ${this.budget.maxSteps} steps: the graph loops without end`);
      // Runs started before the history budget existed replay without it.
      if (since('run-history-budget')) checkHistoryBudget(this.budget);
      if (node.kind === 'join' && !(await this.arrive(node))) return;

      let result = await this.execute(node);
      if (node.kind === 'end') return;
      let edges = outgoingEdges(this.run.snapshot.graph, node.id, result.outcome);
      // No path for a failure: park as an incident (unless the step says fail) until an operator decides.
      if (edges.length === 0 && parksOnFailure(this.run, node, result.outcome)) {
        const decided = await this.incidents.park(node, result);
        if (decided.action === 'retry') continue;
        if (decided.action === 'fail') {
          if (result.outcome === 'timeout' && node.kind === 'action') await compensateAfterIncident(this.run, node);
          this.fail(decided.reason);
          return;
        }
        result = decided.result;
        edges = outgoingEdges(this.run.snapshot.graph, node.id, result.outcome);
      }
      if (edges.length === 0) {
        if (UNHANDLED.has(result.outcome)) this.fail(`${describeNode(node)} ended with ${result.outcome}${result.error ? ` (${result.error})` : ''} and has no ${result.outcome} path`);
        return;
      }
      if (edges.length === 1) {
        nodeId = edges[0].target;
        continue;
      }
      await this.fork(edges.map((e) => e.target));
      return;
    }
  }

  private async fork(targets: string[]): Promise<void> {
    this.active -= 1;
    try {
      await Promise.all(
        targets.map(async (target) => {
          this.active += 1;
          try {
            await this.walk(target);
          } finally {
            this.active -= 1;
          }
        }),
      );
    } finally {
      this.active += 1;
    }
  }

  /** The first path to arrive waits for the others and carries on; later arrivals end. */
  private async arrive(node: NodeOfKind<'join'>): Promise<boolean> {
    const count = (this.arrivals.get(node.id) ?? 0) + 1;
    this.arrivals.set(node.id, count);
    if (count > 1) return false;
    const expected = incomingEdges(this.run.snapshot.graph, node.id).length;
    this.parked += 1;
    this.active -= 1;
    await condition(() => (this.arrivals.get(node.id) ?? 0) >= expected || this.active === 0);
    this.parked -= 1;
    this.active += 1;
    this.arrivals.delete(node.id);
    return true;
  }

  private async execute(node: GraphNode): Promise<StepResult> {
    const tracker = this.run.tracker;
    tracker.enter(node);
    let result: StepResult;
    try {
      await applySchedule(this.run, node.id, node.schedule);
      result = await this.dispatch(node);
    } catch (err) {
      result = failureOutcome(err);
    }
    tracker.mark(node.id, result.status, {
      outcome: result.outcome,
      ...(result.output === undefined ? {} : { output: result.output }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.attempt === undefined ? {} : { attempt: result.attempt }),
    });
    this.run.results[node.id] = { outcome: result.outcome, ...(result.output === undefined ? {} : { output: result.output }) };
    return result;
  }

  private async dispatch(node: GraphNode): Promise<StepResult> {
    switch (node.kind) {
      case 'start':
      case 'parallel':
      case 'join':
        return { outcome: 'next', status: 'completed' };
      case 'action':
        return actionStep(this.run, node);
      case 'communication':
        return sendCommunication(this.run, node.id, {
          template: node.template,
          ...(node.to ? { to: node.to } : {}),
          ...(node.locale ? { locale: node.locale } : {}),
          ...(node.provider ? { provider: node.provider } : {}),
        });
      case 'decision':
        for (const branch of node.branches) {
          if (await this.run.condition(branch.condition)) return { outcome: branch.id, status: 'completed', output: { branch: branch.id } };
        }
        return { outcome: 'default', status: 'completed', output: { branch: 'default' } };
      case 'wait':
        return waitStep(this.run, node);
      case 'link-event':
        return this.linkEvent(node);
      case 'end':
        if (node.result === 'failed') this.fail(node.reason ?? `${describeNode(node)} ends the run as failed`);
        return { outcome: node.result, status: 'completed' };
    }
  }

  private async linkEvent(node: NodeOfKind<'link-event'>): Promise<StepResult> {
    const data = node.data ? await this.run.evaluate(node.data) : this.run.input.data;
    const linked = await bookkeeping.startLinkedRun({
      eventCode: node.eventCode,
      subject: this.run.input.subject,
      data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : { value: data },
      eventId: `${this.run.input.eventId}:${node.id}:${this.run.tracker.state.nodes[node.id]?.attempt ?? 1}`,
      delayMs: node.delay ? parseDuration(node.delay) : 0,
      parentRunId: workflowInfo().workflowId,
      linkDepth: (this.run.input.linkDepth ?? 0) + 1,
      test: this.run.input.test,
      ...(this.run.input.failureNotify ? { failureNotify: this.run.input.failureNotify } : {}),
      ...(this.run.input.limits ? { limits: this.run.input.limits } : {}),
    });
    return { outcome: 'next', status: 'completed', output: linked };
  }
}

/** Fails the run well before Temporal's own history limits would cut it off. */
function checkHistoryBudget(budget: RunBudget): void {
  const { historyLength, historySize } = workflowInfo();
  if (historyLength > budget.maxHistoryEvents) {
    throw new Error(`stopped after ${historyLength} history events, more than the ${budget.maxHistoryEvents} a run may use: the graph loops or waits too often`);
  }
  if (historySize > budget.maxHistoryBytes) {
    throw new Error(`stopped with a history of ${(historySize / 1_048_576).toFixed(1)} MB, more than the ${(budget.maxHistoryBytes / 1_048_576).toFixed(1)} MB a run may use: the graph loops or carries too much data`);
  }
}

function describeNode(node: GraphNode): string {
  return node.label ? `‘${node.label}’ (${node.id})` : `${node.kind} ${node.id}`;
}
