import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventCode, InboundEvent } from '@signalbox/domain';
import type { VersionSnapshot } from '@signalbox/contracts';
import { EventCodeEntity, InboundEventEntity, loadPublishedSnapshot, type StoredSnapshot } from '@signalbox/persistence';
import type { RaiseCatalog } from './raise.planner';

async function byKey<T>(em: EntityManager, entity: new () => { code: string; definition: T }): Promise<Map<string, T>> {
  const rows = await em.getRepository(entity).find();
  return new Map(rows.map((r) => [r.code, r.definition]));
}

/**
 * The catalog as event intake needs it, loaded once per catalog revision (CatalogCache) and shared
 * by every request at that revision: event codes and inbound events for routing; published
 * snapshots by event code, each read and serialised once, through the same loader the worker uses
 * for linked runs. Provider definitions carry no secrets: those stay in their own column.
 * Nothing here may be mutated by its users: the snapshots are shared by every run planned from them.
 */
export class RuntimeCatalog implements RaiseCatalog {
  private readonly snapshots = new Map<string, Promise<VersionSnapshot | undefined>>();
  private readonly stored = new Map<string, Promise<StoredSnapshot>>();

  private constructor(
    private readonly em: EntityManager,
    readonly eventCodes: Map<string, EventCode>,
    readonly inboundEvents: Map<string, InboundEvent>,
  ) {}

  static async load(em: EntityManager): Promise<RuntimeCatalog> {
    return new RuntimeCatalog(em, await byKey<EventCode>(em, EventCodeEntity), await byKey<InboundEvent>(em, InboundEventEntity));
  }

  publishedSnapshot(eventCode: string): Promise<VersionSnapshot | undefined> {
    let snapshot = this.snapshots.get(eventCode);
    if (!snapshot) {
      snapshot = loadPublishedSnapshot(this.em, eventCode);
      this.snapshots.set(eventCode, snapshot);
      // A database error is not a fact about this revision: the next request reads again.
      snapshot.catch(() => this.snapshots.delete(eventCode));
    }
    return snapshot;
  }

  /** The published snapshot as the intake outbox stores it (JSON text and its hash), computed once per code. */
  storedSnapshot(eventCode: string): Promise<StoredSnapshot> {
    let stored = this.stored.get(eventCode);
    if (!stored) {
      stored = this.publishedSnapshot(eventCode).then((snapshot) => {
        if (!snapshot) throw new Error(`${eventCode} has no published version`);
        const json = JSON.stringify(snapshot);
        return { hash: createHash('sha256').update(json).digest('hex'), json };
      });
      this.stored.set(eventCode, stored);
      stored.catch(() => this.stored.delete(eventCode));
    }
    return stored;
  }

  /** The draft as stored JSON text: a draft may be megabytes, which the event loop should not parse. */
  async draftJson(eventCode: string): Promise<string | null> {
    const [row] = (await this.em.query(`SELECT graph::text AS graph FROM workflow_drafts WHERE event_code = $1`, [eventCode])) as { graph: string }[];
    return row?.graph ?? null;
  }
}
