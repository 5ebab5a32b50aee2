import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Provider } from '@signalbox/domain';
import { ProviderEntity, SecretBox, secretsInUse, splitProviderSecrets, type CatalogKind, type ProviderSecrets } from '@signalbox/persistence';
import { AuditService } from '../audit/audit.service';
import { CatalogCache } from '../catalog-cache/catalog-cache';
import { ApiError, conflict, notFound, validationFailed, type Problem } from '../common/api-error';
import type { Page } from '../common/list-query';
import { stableJson } from '../common/stable-json';
import { parseWith } from '../common/zod-problems';
import { CATALOG_KIND_SPECS, SORT_COLUMNS, keyOf, type CatalogKindSpec } from './catalog-kinds';
import { readCatalog } from './catalog-reader';
import { providerView, withoutSecretFlags } from './provider-view';
import { referenceProblems } from './references';
import { findUsages, type Usage } from './usages';

export interface CatalogListQuery {
  page: number;
  pageSize: number;
  sort: keyof typeof SORT_COLUMNS;
  order: 'asc' | 'desc';
  q?: string;
  [filter: string]: unknown;
}

/** CRUD over the catalog collections, with reference checks, usages and the audit log. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly box: SecretBox,
    private readonly cache: CatalogCache,
  ) {}

  /** list()'s answer as JSON text, from the current catalog revision's cache. */
  async listJson(kind: CatalogKind, query: CatalogListQuery): Promise<{ revision: string; body: string }> {
    const at = await this.cache.revision();
    const body = await at.get(`list ${kind} ${stableJson(query)}`, async () => JSON.stringify(await this.list(kind, query)));
    return { revision: at.revision, body };
  }

  async list(kind: CatalogKind, query: CatalogListQuery): Promise<Page<unknown>> {
    const spec = CATALOG_KIND_SPECS[kind];
    const qb = this.dataSource.getRepository(spec.entity).createQueryBuilder('e');
    if (query.q) qb.andWhere(`(e.code ILIKE :q OR e.definition->>'name' ILIKE :q OR e.definition->>'description' ILIKE :q)`, { q: `%${query.q.replace(/[\\%_]/g, '\\$&')}%` });
    for (const [name, filter] of Object.entries(spec.filters)) {
      if (query[name] === undefined) continue;
      qb.andWhere(filter.sql.replaceAll(':value', `:f_${name}`), { [`f_${name}`]: query[name] });
    }
    const total = await qb.getCount();
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    qb.orderBy(SORT_COLUMNS[query.sort], direction).addOrderBy('e.code', direction);
    qb.offset((query.page - 1) * query.pageSize).limit(query.pageSize);
    const rows = await qb.getMany();
    return { items: rows.map((r) => this.view(kind, r)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(kind: CatalogKind, code: string): Promise<unknown> {
    const spec = CATALOG_KIND_SPECS[kind];
    const row = await this.dataSource.getRepository(spec.entity).findOneBy({ code });
    if (!row) throw await this.missing(this.dataSource.manager, spec, code);
    return this.view(kind, row);
  }

  async create(kind: CatalogKind, body: unknown, actor: string): Promise<unknown> {
    const spec = CATALOG_KIND_SPECS[kind];
    const entry = this.parse(spec, body);
    const code = keyOf(spec, entry);
    return this.dataSource.transaction(async (em) => {
      if (await em.getRepository(spec.entity).existsBy({ code })) throw conflict(`${spec.label} ${code} already exists`);
      await this.checkReferences(em, spec, entry);
      const row = await this.write(em, spec, code, entry, actor, undefined);
      await this.audit.record(em, { actor, action: 'create', entityKind: kind, code, details: { after: row.definition } });
      return this.view(kind, row);
    });
  }

  async replace(kind: CatalogKind, code: string, body: unknown, actor: string): Promise<unknown> {
    const spec = CATALOG_KIND_SPECS[kind];
    const bodyKey = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[spec.keyField] : undefined;
    const mismatch =
      bodyKey !== undefined && bodyKey !== code
        ? [{ path: spec.keyField, message: `must match the ${spec.label} in the URL (${code}); renaming is not supported: create a new entry and delete this one` }]
        : [];
    const entry = this.parse(spec, body, mismatch);
    return this.dataSource.transaction(async (em) => {
      const existing = await em.getRepository(spec.entity).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!existing) throw await this.missing(em, spec, code);
      await this.checkReferences(em, spec, entry);
      const row = await this.write(em, spec, code, entry, actor, existing);
      await this.audit.record(em, { actor, action: 'update', entityKind: kind, code, details: { before: existing.definition, after: row.definition } });
      return this.view(kind, row);
    });
  }

  async remove(kind: CatalogKind, code: string, actor: string): Promise<void> {
    const spec = CATALOG_KIND_SPECS[kind];
    await this.dataSource.transaction(async (em) => {
      const existing = await em.getRepository(spec.entity).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!existing) throw await this.missing(em, spec, code);
      const usages = findUsages(await readCatalog(em), kind, code);
      if (usages.length) throw conflict(`${spec.label} ${code} is in use (${usages.length} usage${usages.length === 1 ? '' : 's'}); remove those first`, { usages });
      await em.getRepository(spec.entity).delete({ code });
      if (kind === 'event-codes') await em.query(`DELETE FROM workflow_drafts WHERE event_code = $1`, [code]);
      await this.audit.record(em, { actor, action: 'delete', entityKind: kind, code, details: { before: existing.definition } });
    });
  }

  async usages(kind: CatalogKind, code: string): Promise<{ usages: Usage[] }> {
    const spec = CATALOG_KIND_SPECS[kind];
    if (!(await this.dataSource.getRepository(spec.entity).existsBy({ code }))) throw await this.missing(this.dataSource.manager, spec, code);
    return { usages: findUsages(await readCatalog(this.dataSource.manager), kind, code) };
  }

  /** Sets a provider's state (effective / inactive). */
  async setProviderState(code: string, state: Provider['state'], actor: string): Promise<unknown> {
    return this.dataSource.transaction(async (em) => {
      const row = await em.getRepository(ProviderEntity).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw await this.missing(em, CATALOG_KIND_SPECS.providers, code);
      const before = row.definition.state;
      row.definition = { ...row.definition, state };
      row.updatedBy = actor;
      row.updatedAt = new Date();
      await em.save(ProviderEntity, row);
      await this.audit.record(em, { actor, action: state === 'effective' ? 'set-effective' : 'set-inactive', entityKind: 'providers', code, details: { before, after: state } });
      return this.view('providers', row);
    });
  }

  /** Stores one entry (providers: secrets sealed apart); shared with the catalog import. */
  async write(em: EntityManager, spec: CatalogKindSpec, code: string, entry: unknown, actor: string, existing: { definition: unknown } | undefined | null) {
    const repo = em.getRepository(spec.entity);
    const now = new Date();
    const values: Record<string, unknown> = { code, definition: entry, updatedAt: now, updatedBy: actor };
    if (spec.kind === 'providers') {
      const { definition, secrets } = splitProviderSecrets(entry as Provider);
      values.definition = definition;
      const kept = existing ? await this.keptSecrets(em, code, definition) : {};
      const merged = { ...kept, ...secrets };
      // The key is write-only, so "present" can only be checked once the stored one is merged in.
      if (definition.file && merged.fileKey === undefined) throw validationFailed([{ path: 'file.key', message: 'is required for the file protocol: the AES-256 key in base64' }]);
      values.secrets = Object.keys(merged).length ? this.box.sealJson(merged) : null;
    }
    if (existing) {
      await repo.update({ code }, values as never);
    } else {
      await repo.insert({ ...values, createdAt: now, createdBy: actor } as never);
    }
    const row = await repo.findOneBy({ code });
    if (!row) throw new ApiError(500, 'the entry vanished while being written');
    return row;
  }

  /** A provider written without its secret keeps the stored one, if the auth type still uses it. */
  private async keptSecrets(em: EntityManager, code: string, definition: Provider): Promise<ProviderSecrets> {
    const row = await em.getRepository(ProviderEntity).findOneBy({ code });
    if (!row?.secrets) return {};
    return secretsInUse(definition, this.box.openJson<ProviderSecrets>(row.secrets));
  }

  /** Parses an entry; `extra` problems (found by the caller) are reported with the schema's. */
  parse(spec: CatalogKindSpec, body: unknown, extra: Problem[] = []): object {
    if (body === undefined) {
      throw new ApiError(400, `the request body is missing: send the ${spec.label} as a JSON object with Content-Type: application/json`);
    }
    const result = parseWith(spec.schema, spec.kind === 'providers' ? withoutSecretFlags(body) : body);
    const problems = [...extra, ...(result.ok ? [] : result.problems)];
    if (problems.length || !result.ok) throw validationFailed(problems);
    return result.data as object;
  }

  /** 404 for an unknown code, naming the stored one when only the case differs (codes are case-sensitive). */
  private async missing(em: EntityManager, spec: CatalogKindSpec, code: string): Promise<ApiError> {
    const near = await em.getRepository(spec.entity).createQueryBuilder('e').select('e.code').where('lower(e.code) = lower(:code)', { code }).getOne();
    return notFound(spec.label, code, near ? ` (codes are case-sensitive: did you mean ${near.code}?)` : '');
  }

  private async checkReferences(em: EntityManager, spec: CatalogKindSpec, entry: object): Promise<void> {
    const problems = referenceProblems(spec.kind, entry, await readCatalog(em));
    if (problems.length) throw validationFailed(problems);
  }

  view(kind: CatalogKind, row: { definition: unknown; secrets?: string | null }): unknown {
    if (kind !== 'providers') return row.definition;
    const secrets = row.secrets ? this.box.openJson<ProviderSecrets>(row.secrets) : {};
    return providerView(row.definition as Provider, secrets);
  }
}
