import { z } from 'zod';
import { WorkflowGraph } from '@signalbox/domain';

// Request bodies of the workflow routes that take whole graphs. They are read as bytes and parsed
// on an evaluation thread (see common/raw-json-body.ts): pure zod, so that thread can load them.

export const SaveDraftBody = z.strictObject({ graph: WorkflowGraph });

/** The graph's shape is checked with its expressions, on the same thread. */
export const ValidateWorkflowBody = z.strictObject({ graph: z.unknown().optional().describe('A workflow graph (same shape as PUT /draft); omitted: the saved draft') });
