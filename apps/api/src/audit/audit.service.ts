import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLogEntity } from '@signalbox/persistence';
import type { Page } from '../common/list-query';

export interface AuditRecord {
  actor: string;
  action: string;
  entityKind: string;
  code: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  kind?: string;
  code?: string;
  actor?: string;
  action?: string;
  page: number;
  pageSize: number;
  /** Entries about API keys (admins only). */
  includeKeys: boolean;
}

/** The entity kind of audit entries about API keys. */
export const API_KEY_KIND = 'api-key';

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a write inside the caller's transaction, so the entry exists exactly when the change does. */
  async record(em: EntityManager, entry: AuditRecord): Promise<void> {
    await em.insert(AuditLogEntity, { ...entry, at: new Date() } as never);
  }

  async list(query: AuditQuery): Promise<Page<Record<string, unknown>>> {
    const qb = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (!query.includeKeys) qb.andWhere('a.entity_kind <> :keys', { keys: API_KEY_KIND });
    if (query.kind) qb.andWhere('a.entity_kind = :kind', { kind: query.kind });
    if (query.code) qb.andWhere('a.code = :code', { code: query.code });
    if (query.actor) qb.andWhere('a.actor ILIKE :actor', { actor: `%${query.actor}%` });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    qb.orderBy('a.id', 'DESC').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return {
      // Key ids stay with admins too: other roles see who acted by name only.
      items: rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actor: query.includeKeys ? r.actor : r.actor.replace(/ \([a-f0-9]{12}\)$/, ''), action: r.action, kind: r.entityKind, code: r.code, details: r.details })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
