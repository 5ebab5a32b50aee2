import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Slug } from '@signalbox/domain';
import type { ProbeDefinition, ProbeStatus } from '@signalbox/contracts';
import { ProbeStore } from '@signalbox/persistence';
import { notFound, validationFailed } from '../common/api-error';
import { AuditService } from '../audit/audit.service';

/** Probe definitions (thresholds are configuration) and their last state, as the worker evaluated it. */
@Injectable()
export class ProbesService {
  private readonly store: ProbeStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    this.store = new ProbeStore(dataSource);
  }

  list(): Promise<ProbeStatus[]> {
    return this.store.list();
  }

  async get(code: string): Promise<ProbeStatus> {
    const probe = await this.store.get(checkCode(code));
    if (!probe) throw notFound('probe', code);
    return probe;
  }

  /** Creates or replaces; a changed definition is evaluated afresh (state unknown) at the worker's next pass. */
  async put(code: string, definition: ProbeDefinition, actor: string): Promise<{ created: boolean; probe: ProbeStatus }> {
    checkCode(code);
    return this.dataSource.transaction(async (em) => {
      const { created, status } = await this.store.put(code, definition, em);
      await this.audit.record(em, { actor, action: created ? 'create' : 'update', entityKind: 'probe', code, details: { definition } });
      return { created, probe: status };
    });
  }

  async remove(code: string, actor: string): Promise<void> {
    checkCode(code);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.store.delete(code, em))) throw notFound('probe', code);
      await this.audit.record(em, { actor, action: 'delete', entityKind: 'probe', code, details: null });
    });
  }
}

function checkCode(code: string): string {
  const parsed = Slug.safeParse(code);
  if (!parsed.success) throw validationFailed([{ path: 'code', message: parsed.error.issues[0]?.message ?? 'is not a probe code' }]);
  return code;
}
