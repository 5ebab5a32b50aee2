import { z } from 'zod';
import { Duration } from '../common/duration';
import { Expression } from '../common/expression';
import { Code, ElementId, Slug } from '../common/ids';
import { CORRELATION_KEYS, MessageName } from '../messages/message.schema';
import { OnFailure } from '../catalog/action-code.schema';
import { MAX_GROUPS, MAX_NOTES, NodeGroup, StickyNote } from './canvas-extras.schema';

/** When a node runs once reached: now, after a delay, or at a date computed from the event. */
export const Schedule = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('immediate') }),
  z.strictObject({ type: z.literal('delay'), duration: Duration }),
  z.strictObject({ type: z.literal('at'), expression: Expression }),
]);
export type Schedule = z.infer<typeof Schedule>;

const Position = z.strictObject({ x: z.number(), y: z.number() });

const base = {
  id: ElementId,
  label: z.string().max(120).optional(),
  /** Canvas position; the interpreter ignores it. */
  position: Position.optional(),
  schedule: Schedule.optional(),
};

export const StartNode = z.strictObject({ ...base, kind: z.literal('start') });

export const ActionNode = z.strictObject({
  ...base,
  kind: z.literal('action'),
  actionCode: Code,
  /** Values for the order/call computed per run, e.g. { apn: "data.apn" }. */
  inputs: z.record(z.string(), Expression).default({}),
  /** Overrides the action code's onFailure for this step. */
  onFailure: OnFailure.optional(),
});

export const CommunicationNode = z.strictObject({
  ...base,
  kind: z.literal('communication'),
  template: Code,
  /** Recipient expression; defaults to the subject's MSISDN (SMS) or data.email (email). */
  to: Expression.optional(),
  locale: Expression.optional(),
  /**
   * The channel's provider (protocol sms, push or letter: its gateway, credentials and delivery
   * reports); without one SMS, push and letters go to the worker's default message gateway and
   * email to its SMTP server. As a communication action code's `provider` parameter.
   */
  provider: Slug.optional(),
  /** A message that cannot be sent with no failure path: incident (default) or fail the run. */
  onFailure: OnFailure.optional(),
});

export const DecisionBranch = z.strictObject({
  /** Also the outgoing handle name of this branch. */
  id: ElementId,
  label: z.string().max(120).optional(),
  condition: Expression,
});
export type DecisionBranch = z.infer<typeof DecisionBranch>;

/** Branches are tried in order; the first true condition wins; otherwise `default`. */
export const DecisionNode = z.strictObject({
  ...base,
  kind: z.literal('decision'),
  branches: z.array(DecisionBranch).min(1, { error: 'needs at least one branch' }),
});

export const WaitSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('duration'), duration: Duration }),
  z.strictObject({ type: z.literal('until'), expression: Expression }),
  z.strictObject({ type: z.literal('signal'), signal: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/), timeout: Duration }),
  /**
   * A business message sent to `POST /api/messages`, addressed by this run's values of the keys in
   * `correlateBy` (all must match); one sent before the run got here is taken from the buffer.
   * Timeout "0": no timeout.
   */
  z.strictObject({
    type: z.literal('message'),
    message: MessageName,
    correlateBy: z
      .array(z.enum(CORRELATION_KEYS, { error: `must be one of ${CORRELATION_KEYS.join(', ')}` }))
      .min(1, { error: 'needs at least one key to correlate by' })
      .max(CORRELATION_KEYS.length)
      .refine((keys) => new Set(keys).size === keys.length, { error: 'names a key twice' }),
    timeout: Duration,
  }),
]);
export type WaitSpec = z.infer<typeof WaitSpec>;

export const WaitNode = z.strictObject({ ...base, kind: z.literal('wait'), wait: WaitSpec });
export const ParallelNode = z.strictObject({ ...base, kind: z.literal('parallel') });
export const JoinNode = z.strictObject({ ...base, kind: z.literal('join') });

export const LinkEventNode = z.strictObject({
  ...base,
  kind: z.literal('link-event'),
  eventCode: Code,
  /** Start the linked run after this delay. */
  delay: Duration.optional(),
  /** Expression for the linked event's data; defaults to this run's data. */
  data: Expression.optional(),
});

export const EndNode = z.strictObject({
  ...base,
  kind: z.literal('end'),
  result: z.enum(['completed', 'failed']).default('completed'),
  reason: z.string().max(500).optional(),
});

export const GraphNode = z.discriminatedUnion('kind', [
  StartNode,
  ActionNode,
  CommunicationNode,
  DecisionNode,
  WaitNode,
  ParallelNode,
  JoinNode,
  LinkEventNode,
  EndNode,
]);
export type GraphNode = z.infer<typeof GraphNode>;
export type NodeKind = GraphNode['kind'];
export type NodeOfKind<K extends NodeKind> = Extract<GraphNode, { kind: K }>;
export const NODE_KINDS = GraphNode.options.map((o) => o.shape.kind.value) as NodeKind[];

/** From a node's outcome handle to another node. */
export const GraphEdge = z.strictObject({
  id: ElementId,
  source: ElementId,
  sourceHandle: z.string().min(1).max(64),
  target: ElementId,
});
export type GraphEdge = z.infer<typeof GraphEdge>;

/**
 * The workflow graph. Structural problems (dangling edges, unreachable nodes, stale groups…) are
 * reported by `validateWorkflow`, not here, so an analyst's half-built draft can still be saved.
 * `notes` and `groups` are optional so every graph saved before them stays valid as it is.
 */
export const WorkflowGraph = z
  .strictObject({
    nodes: z.array(GraphNode).max(2000),
    edges: z.array(GraphEdge).max(4000),
    notes: z.array(StickyNote).max(MAX_NOTES).optional(),
    groups: z.array(NodeGroup).max(MAX_GROUPS).optional(),
  })
  .superRefine((g, ctx) => {
    // Nodes, notes and groups share one id space: the canvas and the Changes list key all three by id.
    const seen = new Set<string>();
    const once = (list: 'nodes' | 'notes' | 'groups', what: string) =>
      (g[list] ?? []).forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `${what} id ${item.id} is used twice` });
        seen.add(item.id);
      });
    once('nodes', 'node');
    once('notes', 'note');
    once('groups', 'group');
    const edgeIds = new Set<string>();
    g.edges.forEach((e, i) => {
      if (edgeIds.has(e.id)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'id'], message: `edge id ${e.id} is used twice` });
      edgeIds.add(e.id);
    });
  });
export type WorkflowGraph = z.infer<typeof WorkflowGraph>;

/** What a run needs of a graph: its steps and connections. Notes and groups are for the canvas only. */
export type RunGraph = Pick<WorkflowGraph, 'nodes' | 'edges'>;

/** The graph a run carries (notes and groups would only bloat Temporal payloads). */
export function runGraph(graph: RunGraph): RunGraph {
  return { nodes: graph.nodes, edges: graph.edges };
}
