import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ServiceSpecMapping } from '@signalbox/domain';
import { EventCodeEntity, TmfServiceSpecMappingEntity } from '@signalbox/persistence';
import { AuditService } from '../audit/audit.service';
import { ApiError, conflict, notFound, validationFailed, type Problem } from '../common/api-error';
import { parseWith } from '../common/zod-problems';

/** The TMF641 mappings (service specification → event codes), a catalog collection of its own. */
@Injectable()
export class TmfMappingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ServiceSpecMapping[]> {
    const rows = await this.dataSource.getRepository(TmfServiceSpecMappingEntity).find({ order: { code: 'ASC' } });
    return rows.map((r) => r.definition);
  }

  async get(code: string): Promise<ServiceSpecMapping> {
    const row = await this.dataSource.getRepository(TmfServiceSpecMappingEntity).findOneBy({ code });
    if (!row) throw notFound('TMF mapping', code);
    return row.definition;
  }

  async save(code: string | undefined, body: unknown, actor: string): Promise<ServiceSpecMapping> {
    if (body === undefined) throw new ApiError(400, 'the request body is missing: send the mapping as a JSON object');
    const parsed = parseWith(ServiceSpecMapping, body);
    const problems: Problem[] = parsed.ok ? [] : [...parsed.problems];
    if (parsed.ok && code !== undefined && parsed.data.code !== code) problems.push({ path: 'code', message: `must match the specification id in the URL (${code})` });
    if (!parsed.ok || problems.length) throw validationFailed(problems);
    const mapping = parsed.data;
    return this.dataSource.transaction(async (em) => {
      for (const [action, target] of Object.entries(mapping.actions)) {
        if (!(await em.getRepository(EventCodeEntity).existsBy({ code: target.eventCode }))) problems.push({ path: `actions.${action}.eventCode`, message: `event code ${target.eventCode} does not exist` });
      }
      if (problems.length) throw validationFailed(problems);
      const repo = em.getRepository(TmfServiceSpecMappingEntity);
      const existing = await repo.findOne({ where: { code: mapping.code }, lock: { mode: 'pessimistic_write' } });
      if (code === undefined && existing) throw conflict(`a mapping for specification ${mapping.code} already exists: PUT it to change it`);
      if (code !== undefined && !existing) throw notFound('TMF mapping', code);
      if (existing) await repo.update({ code: mapping.code }, { definition: mapping, updatedBy: actor, updatedAt: new Date() });
      else await repo.insert({ code: mapping.code, definition: mapping, createdBy: actor, updatedBy: actor });
      await this.audit.record(em, { actor, action: existing ? 'update' : 'create', entityKind: 'tmf-mappings', code: mapping.code, details: { before: existing?.definition, after: mapping } });
      return mapping;
    });
  }

  async remove(code: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const existing = await em.getRepository(TmfServiceSpecMappingEntity).findOneBy({ code });
      if (!existing) throw notFound('TMF mapping', code);
      await em.getRepository(TmfServiceSpecMappingEntity).delete({ code });
      await this.audit.record(em, { actor, action: 'delete', entityKind: 'tmf-mappings', code, details: { before: existing.definition } });
    });
  }
}
