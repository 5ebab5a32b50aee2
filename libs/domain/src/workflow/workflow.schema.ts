import { z } from 'zod';
import { Code } from '../common/ids';
import { WorkflowGraph } from '../graph/graph.schema';
import { ActionCode } from '../catalog/action-code.schema';
import { ProviderAuth, ProviderFields } from '../catalog/provider.schema';
import { ProviderFileSettings } from '../catalog/provider-file.schema';
import { ServiceType } from '../catalog/service-type.schema';
import { Template } from '../catalog/template.schema';

/** A provider as a published version freezes it: its settings and auth type, never its credentials. */
export const FrozenProvider = ProviderFields.extend({
  auth: z.strictObject({ type: z.enum(ProviderAuth.options.map((o) => o.shape.type.value) as [ProviderAuth['type'], ...ProviderAuth['type'][]]) }),
  file: ProviderFileSettings.omit({ key: true }).optional(),
});
export type FrozenProvider = z.infer<typeof FrozenProvider>;

/**
 * The catalog entries a published version uses, keyed by code, as they were when it was
 * published: raising it uses these, not the live catalog ("published means frozen").
 */
export const FrozenCatalog = z.strictObject({
  actionCodes: z.record(z.string(), ActionCode),
  templates: z.record(z.string(), Template),
  providers: z.record(z.string(), FrozenProvider),
  serviceTypes: z.record(z.string(), ServiceType),
});
export type FrozenCatalog = z.infer<typeof FrozenCatalog>;

/** A published, immutable version of an event code's workflow. */
export const WorkflowVersion = z.strictObject({
  eventCode: Code,
  version: z.number().int().min(1),
  graph: WorkflowGraph,
  publishedAt: z.iso.datetime({ offset: true }),
  publishedBy: z.string().max(200).optional(),
  note: z.string().max(2000).optional(),
  /** Exported with the version so an import freezes the same entries; absent: frozen at import. */
  catalog: FrozenCatalog.optional(),
});
export type WorkflowVersion = z.infer<typeof WorkflowVersion>;

/** An event code's workflow: the editable draft and its published versions. */
export const Workflow = z.strictObject({
  eventCode: Code,
  draft: WorkflowGraph,
  versions: z.array(WorkflowVersion).default([]),
});
export type Workflow = z.infer<typeof Workflow>;
