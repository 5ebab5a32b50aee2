import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';

/** Operator actions on runs (cancel, signal, incident decisions, bulk operations) in the audit log. */
@Injectable()
export class RunAudit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Recorded once Temporal has accepted the action: the entry says what was done, not what was asked. */
  async record(actor: string, action: string, code: string, details: Record<string, unknown> | null = null): Promise<void> {
    await this.dataSource.transaction((em) => this.audit.record(em, { actor, action, entityKind: 'run', code, details }));
  }
}
