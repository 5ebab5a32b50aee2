import type { EntityManager } from 'typeorm';
import type { ActionCode, CatalogView, EventCode, InboundEvent, Provider, ServiceType, Template, WorkflowGraph } from '@signalbox/domain';
import {
  ActionCodeEntity,
  EventCodeEntity,
  InboundEventEntity,
  ProviderEntity,
  ServiceTypeEntity,
  TemplateEntity,
  WorkflowDraftEntity,
  WorkflowVersionEntity,
} from '@signalbox/persistence';
import type { SnapshotCatalog } from './snapshot.builder';

export interface PublishedGraph {
  version: number;
  graph: WorkflowGraph;
}

async function byKey<T>(em: EntityManager, entity: new () => { code: string; definition: T }): Promise<Map<string, T>> {
  const rows = await em.getRepository(entity).find();
  return new Map(rows.map((r) => [r.code, r.definition]));
}

/**
 * The catalog as event intake needs it, read once per request (catalogs hold hundreds of entries).
 * Provider definitions carry no secrets: those stay in their own column.
 */
export class RuntimeCatalog implements SnapshotCatalog {
  private readonly latest = new Map<string, PublishedGraph | null>();

  private constructor(
    private readonly em: EntityManager,
    readonly eventCodes: Map<string, EventCode>,
    readonly inboundEvents: Map<string, InboundEvent>,
    readonly actionCodes: Map<string, ActionCode>,
    readonly templates: Map<string, Template>,
    readonly providers: Map<string, Provider>,
    readonly serviceTypes: Map<string, ServiceType>,
  ) {}

  static async load(em: EntityManager): Promise<RuntimeCatalog> {
    return new RuntimeCatalog(
      em,
      await byKey<EventCode>(em, EventCodeEntity),
      await byKey<InboundEvent>(em, InboundEventEntity),
      await byKey<ActionCode>(em, ActionCodeEntity),
      await byKey<Template>(em, TemplateEntity),
      await byKey<Provider>(em, ProviderEntity),
      await byKey<ServiceType>(em, ServiceTypeEntity),
    );
  }

  async latestPublished(eventCode: string): Promise<PublishedGraph | null> {
    if (!this.latest.has(eventCode)) {
      const row = await this.em.getRepository(WorkflowVersionEntity).findOne({ where: { eventCode }, order: { version: 'DESC' } });
      this.latest.set(eventCode, row ? { version: row.version, graph: row.graph } : null);
    }
    return this.latest.get(eventCode) ?? null;
  }

  async draft(eventCode: string): Promise<WorkflowGraph | null> {
    const row = await this.em.getRepository(WorkflowDraftEntity).findOneBy({ eventCode });
    return row?.graph ?? null;
  }

  /** What `validateWorkflow` needs, with the published graphs of every event code for loop checks. */
  async view(): Promise<CatalogView> {
    const publishedGraphs = new Map<string, WorkflowGraph>();
    for (const code of this.eventCodes.keys()) {
      const published = await this.latestPublished(code);
      if (published) publishedGraphs.set(code, published.graph);
    }
    return {
      eventCodes: this.eventCodes,
      actionCodes: this.actionCodes,
      templates: this.templates,
      providers: this.providers,
      serviceTypes: this.serviceTypes,
      publishedGraphs,
    };
  }
}
