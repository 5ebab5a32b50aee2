import type { EntityManager } from 'typeorm';
import type { EventCode, InboundEvent } from '@signalbox/domain';
import type { VersionSnapshot } from '@signalbox/contracts';
import { EventCodeEntity, InboundEventEntity, loadPublishedSnapshot } from '@signalbox/persistence';
import type { RaiseCatalog } from './raise.planner';

async function byKey<T>(em: EntityManager, entity: new () => { code: string; definition: T }): Promise<Map<string, T>> {
  const rows = await em.getRepository(entity).find();
  return new Map(rows.map((r) => [r.code, r.definition]));
}

/**
 * The catalog as event intake needs it, read once per request: event codes and inbound events
 * for routing; published snapshots by event code through the same loader the worker uses for
 * linked runs. Provider definitions carry no secrets: those stay in their own column.
 */
export class RuntimeCatalog implements RaiseCatalog {
  private constructor(
    private readonly em: EntityManager,
    readonly eventCodes: Map<string, EventCode>,
    readonly inboundEvents: Map<string, InboundEvent>,
  ) {}

  static async load(em: EntityManager): Promise<RuntimeCatalog> {
    return new RuntimeCatalog(em, await byKey<EventCode>(em, EventCodeEntity), await byKey<InboundEvent>(em, InboundEventEntity));
  }

  publishedSnapshot(eventCode: string): Promise<VersionSnapshot | undefined> {
    return loadPublishedSnapshot(this.em, eventCode);
  }

  /** The draft as stored JSON text: a draft may be megabytes, which the event loop should not parse. */
  async draftJson(eventCode: string): Promise<string | null> {
    const [row] = (await this.em.query(`SELECT graph::text AS graph FROM workflow_drafts WHERE event_code = $1`, [eventCode])) as { graph: string }[];
    return row?.graph ?? null;
  }
}
