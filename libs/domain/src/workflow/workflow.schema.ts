import { z } from 'zod';
import { Code } from '../common/ids';
import { WorkflowGraph } from '../graph/graph.schema';

/** A published, immutable version of an event code's workflow. */
export const WorkflowVersion = z.strictObject({
  eventCode: Code,
  version: z.number().int().min(1),
  graph: WorkflowGraph,
  publishedAt: z.iso.datetime({ offset: true }),
  publishedBy: z.string().max(200).optional(),
  note: z.string().max(2000).optional(),
});
export type WorkflowVersion = z.infer<typeof WorkflowVersion>;

/** An event code's workflow: the editable draft and its published versions. */
export const Workflow = z.strictObject({
  eventCode: Code,
  draft: WorkflowGraph,
  versions: z.array(WorkflowVersion).default([]),
});
export type Workflow = z.infer<typeof Workflow>;
