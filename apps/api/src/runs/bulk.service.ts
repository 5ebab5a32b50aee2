import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { BULK_LIMITS, bulkProgressQuery, bulkWorkflowId, WORKFLOW_TYPES, type BulkAction, type BulkOperationInput, type BulkOperationState, type BulkOperation } from '@signalbox/contracts';
import { ApiError, notFound, validationFailed } from '../common/api-error';
import type { ApiConfigShape } from '../config/api.config';
import { TemporalService } from '../temporal/temporal.service';
import type { BulkRequestDto } from './bulk.dto';
import { RunAudit } from './run-audit';
import { runVisibilityQuery } from './run-query';

const INVALID_ARGUMENT = 3;
const DEADLINE_MS = 10_000;
/** Incident decisions apply to parked runs only: the query says so, so the dry run counts what will be acted on. */
const INCIDENT_OPERATIONS = new Set<BulkOperation>(['retry', 'skip', 'fail']);

export interface BulkDryRun {
  dryRun: true;
  query: string;
  count: number;
  sample: string[];
}

export interface BulkStarted {
  dryRun: false;
  id: string;
  query: string;
  count: number;
  temporalUrl: string;
}

export interface BulkStatus extends BulkOperationState {
  id: string;
  operation: BulkOperation;
  query: string;
  status: string;
  temporalUrl: string;
}

/** POST /api/runs/bulk and GET /api/runs/bulk/{id}: a dry run answers here; the real one is bulkOperationWorkflow. */
@Injectable()
export class BulkService {
  private readonly logger = new Logger(BulkService.name);
  private readonly taskQueue: string;

  constructor(
    private readonly client: Client,
    private readonly temporal: TemporalService,
    private readonly audit: RunAudit,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    this.taskQueue = config.getOrThrow('api', { infer: true }).temporal.taskQueue;
  }

  async start(body: BulkRequestDto, actor: string): Promise<BulkDryRun | BulkStarted> {
    const query = this.queryOf(body);
    const count = await this.count(query, body.query !== undefined);
    if (body.dryRun) {
      const page = await this.visibility(() =>
        this.client.workflowService.listWorkflowExecutions({ namespace: this.temporal.config.namespace, query, pageSize: BULK_LIMITS.sampleSize }),
      );
      return { dryRun: true, query, count, sample: page.executions.map((e) => e.execution?.workflowId ?? '').filter(Boolean) };
    }
    const id = randomUUID();
    const workflowId = bulkWorkflowId(id);
    const input: BulkOperationInput = { query, action: actionOf(body), perSecond: body.perSecond, actor };
    await this.client.workflow.start(WORKFLOW_TYPES.bulkOperation, { workflowId, taskQueue: this.taskQueue, args: [input], staticSummary: `bulk ${body.operation} of ${count} run(s)` });
    await this.audit.record(actor, `bulk-${body.operation}`, workflowId, { query, count, perSecond: body.perSecond });
    return { dryRun: false, id, query, count, temporalUrl: this.temporal.uiUrlFor(workflowId) };
  }

  async status(id: string): Promise<BulkStatus> {
    const workflowId = bulkWorkflowId(id);
    const handle = this.client.workflow.getHandle(workflowId);
    let description;
    try {
      description = await handle.describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw notFound('bulk operation', id);
      throw new ApiError(503, `Temporal at ${this.temporal.config.address} did not answer: ${(err as Error).message}`);
    }
    if (description.type !== WORKFLOW_TYPES.bulkOperation) throw notFound('bulk operation', id);
    let status = description.status.name;
    let state: BulkOperationState;
    try {
      state = status === 'RUNNING' || status === 'CONTINUED_AS_NEW' ? await handle.query(bulkProgressQuery) : await handle.result();
    } catch (err) {
      throw new ApiError(503, `bulk operation ${id} did not report its progress (${status.toLowerCase()}): ${(err as Error).message}`);
    }
    if (state.done && status === 'RUNNING') {
      // The query can answer from the workflow's last task after describe() saw it still open: the task that set
      // `done` also closed the execution, so describe again rather than report "done" beside a RUNNING status.
      status = await handle.describe().then(
        (d) => d.status.name,
        () => status,
      );
      if (status === 'RUNNING') state = { ...state, done: false };
    }
    const input = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const started = input ? this.client.options.loadedDataConverter.payloadConverter.fromPayload<BulkOperationInput>(input) : undefined;
    return {
      id,
      operation: started?.action.operation ?? 'retry',
      query: started?.query ?? '',
      status,
      ...state,
      temporalUrl: this.temporal.uiUrlFor(workflowId),
    };
  }

  /** Interpreter runs still running, and for incident decisions parked ones, matching the caller's query or filters. */
  private queryOf(body: BulkRequestDto): string {
    const base = body.filters ? runVisibilityQuery(body.filters) : `WorkflowType = '${WORKFLOW_TYPES.interpreter}' AND (${body.query})`;
    const parked = INCIDENT_OPERATIONS.has(body.operation) ? ` AND RunStatus = 'Incident'` : '';
    return `${base} AND ExecutionStatus = 'Running'${parked}`;
  }

  /** Counting also proves the query parses: Temporal's INVALID_ARGUMENT is the caller's 422, nothing started. */
  private async count(query: string, fromCaller: boolean): Promise<number> {
    try {
      const { count } = await this.visibility(() => this.client.workflowService.countWorkflowExecutions({ namespace: this.temporal.config.namespace, query }), true);
      return Number(count ?? 0);
    } catch (err) {
      if (fromCaller && isGrpcServiceError(err) && err.code === INVALID_ARGUMENT) {
        throw validationFailed([{ path: 'query', message: `is not a visibility query Temporal accepts: ${err.details ?? err.message}` }]);
      }
      throw err;
    }
  }

  private async visibility<T>(call: () => Promise<T>, rethrowInvalid = false): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + DEADLINE_MS, call);
    } catch (err) {
      if (rethrowInvalid && isGrpcServiceError(err) && err.code === INVALID_ARGUMENT) throw err;
      this.logger.error(`visibility query failed: ${(err as Error).message}`);
      throw new ApiError(503, `Temporal at ${this.temporal.config.address} did not answer the query; try again shortly`);
    }
  }
}

function actionOf(body: BulkRequestDto): BulkAction {
  switch (body.operation) {
    case 'retry':
      return { operation: 'retry', ...(body.inputs ? { inputs: body.inputs } : {}) };
    case 'skip':
      return { operation: 'skip', outcome: body.outcome ?? 'success', ...(body.output ? { output: body.output } : {}) };
    case 'fail':
      return { operation: 'fail', ...(body.reason ? { reason: body.reason } : {}) };
    case 'cancel':
      return { operation: 'cancel' };
    case 'signal':
      return { operation: 'signal', signal: body.signal ?? { name: '' } };
  }
}
