import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { reconciliationWorkflowId, WORKFLOW_TYPES, type ReconciliationInput, type ReconciliationVerdict, type StartReconciliation } from '@signalbox/contracts';
import { ProviderEntity, ReconciliationStore } from '@signalbox/persistence';
import { AuditService } from '../audit/audit.service';
import { ApiError, notFound, validationFailed } from '../common/api-error';
import type { ApiConfigShape } from '../config/api.config';
import { TemporalService } from '../temporal/temporal.service';

/**
 * POST /api/reconciliations starts `reconciliationWorkflow` (`reconcile:<id>` in the Temporal UI);
 * GET reads its progress and report from the database, where the workflow's activities write it.
 */
@Injectable()
export class ReconciliationsService {
  private readonly store: ReconciliationStore;
  private readonly taskQueue: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: Client,
    private readonly temporal: TemporalService,
    private readonly audit: AuditService,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    this.store = new ReconciliationStore(dataSource);
    this.taskQueue = config.getOrThrow('api', { infer: true }).temporal.taskQueue;
  }

  async start(body: StartReconciliation, actor: string) {
    const provider = await this.dataSource.getRepository(ProviderEntity).findOneBy({ code: body.provider });
    if (!provider) throw validationFailed([{ path: 'provider', message: `no provider ${body.provider} in the catalog` }]);
    if (provider.definition.protocol !== 'http') {
      throw validationFailed([
        { path: 'provider', message: `provider ${body.provider} uses the ${provider.definition.protocol} protocol, which cannot report a subscriber's state: only http providers can be reconciled` },
      ]);
    }
    const id = randomUUID();
    const selection = { ...(body.serviceType ? { serviceType: body.serviceType } : {}), ...(body.subjects ? { subjects: [...body.subjects].sort() } : {}) };
    // Committed before the workflow starts: its first activity reads the row.
    await this.dataSource.transaction(async (em) => {
      await this.store.create({ id, provider: body.provider, selection, dryRun: body.dryRun, requestedBy: actor }, em);
      await this.audit.record(em, { actor, action: body.dryRun ? 'dry-run' : 'start', entityKind: 'reconciliation', code: id, details: { provider: body.provider, selection } });
    });
    const workflowId = reconciliationWorkflowId(id);
    const input: ReconciliationInput = { id, provider: body.provider, dryRun: body.dryRun };
    try {
      await this.client.workflow.start(WORKFLOW_TYPES.reconciliation, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [input],
        staticSummary: `${body.dryRun ? 'dry-run ' : ''}reconciliation of ${body.provider}`,
      });
    } catch (err) {
      // Recorded truthfully (the row says it never ran) and answered as the unavailability it is.
      await this.store.finish(id, 'failed', `the workflow could not be started: ${err instanceof Error ? err.message : String(err)}`);
      throw new ApiError(503, `reconciliation ${id} could not start: Temporal did not accept its workflow; it is recorded as failed, start it again`);
    }
    return { id, provider: body.provider, dryRun: body.dryRun, selection, workflowId, temporalUrl: this.temporal.uiUrlFor(workflowId) };
  }

  async list() {
    return { items: await this.store.list() };
  }

  async get(id: string, query: { verdict?: ReconciliationVerdict; after?: string; limit: number }) {
    const row = await this.store.get(id);
    if (!row) throw notFound('reconciliation', id);
    const [counts, lines] = await Promise.all([this.store.counts(id), this.store.lines(id, query)]);
    const workflowId = reconciliationWorkflowId(id);
    return { ...row, counts, lines, nextAfter: lines.length === query.limit ? lines[lines.length - 1].subjectKey : null, temporalUrl: this.temporal.uiUrlFor(workflowId) };
  }
}
