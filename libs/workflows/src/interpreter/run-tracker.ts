import { upsertSearchAttributes } from '@temporalio/workflow';
import type { GraphNode } from '@signalbox/domain';
import type { NodeState, NodeStatus, RunState, RunStatus } from '@signalbox/contracts';
import { RUN_STATUS_KEY } from '../search-attributes';

/**
 * Per-node state of the run (served by the state query) and the `RunStatus` search attribute.
 * Times come from the workflow clock, which is deterministic.
 */
export class RunTracker {
  readonly state: RunState = { status: 'Running', nodes: {}, trail: [] };
  private waiting = 0;
  private upserted?: RunStatus;
  /** Open incidents: while any is open the run shows `Incident`, whatever its other paths do. */
  private incidents = 0;
  /** Told of each status the run takes (run-state-events.ts announces the ones webhooks carry). */
  private listener?: (status: RunStatus) => void;

  /** Sets the one listener told of every status change from now on. */
  onStatus(listener: (status: RunStatus) => void): void {
    this.listener = listener;
  }

  enter(node: GraphNode, input?: unknown): NodeState {
    const previous = this.state.nodes[node.id];
    const entry: NodeState = {
      nodeId: node.id,
      kind: node.kind,
      status: 'pending',
      startedAt: new Date().toISOString(),
      attempt: (previous?.attempt ?? 0) + 1,
      ...(input === undefined ? {} : { input }),
    };
    this.state.nodes[node.id] = entry;
    this.state.trail.push(node.id);
    return entry;
  }

  mark(nodeId: string, status: NodeStatus, patch: Partial<NodeState> = {}): void {
    const entry = this.state.nodes[nodeId];
    if (!entry) return;
    Object.assign(entry, patch, { status });
    if (FINAL.has(status)) entry.endedAt = new Date().toISOString();
  }

  /** Brackets a durable wait so the run shows as Waiting while nothing else is moving. */
  async waitFor<T>(work: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    this.setStatus('Waiting');
    try {
      return await work();
    } finally {
      this.waiting -= 1;
      if (this.waiting === 0 && this.state.status === 'Waiting') this.setStatus('Running');
    }
  }

  /** The status the run's start already indexed (no upsert needed to say it again). */
  startedAs(status: RunStatus): void {
    this.state.status = status;
    this.upserted = status;
    this.listener?.(status);
  }

  /** Called with the number of open incidents whenever it changes (interpreter/incident.ts). */
  parked(open: number): void {
    this.incidents = open;
    if (open > 0) this.setStatus('Incident');
    else if (this.state.status === 'Incident') this.setStatus(this.waiting > 0 ? 'Waiting' : 'Running');
  }

  setStatus(status: RunStatus): void {
    if (this.incidents > 0 && (status === 'Running' || status === 'Waiting')) return;
    this.state.status = status;
    this.listener?.(status);
    if (this.upserted === status) return;
    this.upserted = status;
    upsertSearchAttributes([{ key: RUN_STATUS_KEY, value: status }]);
  }
}

const FINAL = new Set<NodeStatus>(['completed', 'failed', 'timed-out', 'skipped', 'compensated']);
