import { Injectable, Logger } from '@nestjs/common';
import { Client, isGrpcServiceError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { Subject } from '@signalbox/domain';
import { namedSignal, RUN_FAILED_ERROR_TYPE, stateQuery, WORKFLOW_TYPES, type NamedSignal, type RunFailedDetails, type RunInput, type RunState } from '@signalbox/contracts';
import { ApiError, conflict, notFound, validationFailed } from '../common/api-error';
import { TemporalService } from '../temporal/temporal.service';
import { PageTokens } from './page-token';
import { incidentOf, runStatusOf, runVisibilityQuery, type RunFilter } from './run-query';
import { RunStopper } from './run-stopper';
import type { RunDetailView, RunSummaryView } from './run.view';

// The shapes are the OpenAPI views' (run.view.ts): defined once, there.
export type RunSummary = RunSummaryView;
export type RunDetail = RunDetailView;

const EXECUTION_STATUS: readonly string[] = ['UNKNOWN', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'CONTINUED_AS_NEW', 'TIMED_OUT'];
const executionStatus = (info: RawInfo): string => EXECUTION_STATUS[info.status ?? 0] ?? 'UNKNOWN';
const STATE_QUERY_DEADLINE_MS = 5_000;
const LIST_DEADLINE_MS = 10_000;
const INVALID_ARGUMENT = 3;
/** HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT (the proto enum is a type-only import here). */
const CLOSE_EVENT_ONLY = 2 as temporal.api.enums.v1.HistoryEventFilterType;

type RawInfo = temporal.api.workflow.v1.IWorkflowExecutionInfo;

function decode(payload: Payload | null | undefined): unknown {
  if (!payload) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(payload);
  } catch {
    return undefined;
  }
}

/**
 * Run views read Temporal directly (visibility, describe, the state query, the first and the close
 * history events): there is no second copy of run state to drift.
 */
@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    private readonly client: Client,
    private readonly temporal: TemporalService,
    private readonly pageTokens: PageTokens,
    private readonly stopper: RunStopper,
  ) {}

  async list(filter: RunFilter, pageSize: number, pageToken?: string): Promise<{ items: RunSummary[]; nextPageToken: string | null }> {
    const query = runVisibilityQuery(filter);
    const temporalToken = pageToken ? this.pageTokens.open(`${query}\n${pageSize}`, pageToken) : undefined;
    if (pageToken && !temporalToken) throw validationFailed([{ path: 'pageToken', message: 'is not a nextPageToken of this query: start again without it' }]);
    let response;
    try {
      response = await this.client.withDeadline(Date.now() + LIST_DEADLINE_MS, () =>
        this.client.workflowService.listWorkflowExecutions({ namespace: this.temporal.config.namespace, query, pageSize, nextPageToken: temporalToken }),
      );
    } catch (err) {
      if (pageToken && isGrpcServiceError(err) && err.code === INVALID_ARGUMENT) {
        throw validationFailed([{ path: 'pageToken', message: 'is not a nextPageToken of this query: start again without it' }]);
      }
      // Temporal's message may quote its store's SQL: it goes to the log, not to the caller.
      this.logger.error(`listing runs failed: ${(err as Error).message}`);
      throw new ApiError(503, `Temporal at ${this.temporal.config.address} did not answer the run list; try again shortly`);
    }
    const token = response.nextPageToken && response.nextPageToken.length > 0 ? this.pageTokens.seal(`${query}\n${pageSize}`, response.nextPageToken) : null;
    return { items: response.executions.map((info) => this.summaryOf(info)), nextPageToken: token };
  }

  async get(runId: string): Promise<RunDetail> {
    const info = await this.describe(runId);
    const summary = this.summaryOf(info);
    const input = await this.inputOf(runId, info.execution?.runId ?? undefined);
    const detail: RunDetail = {
      ...summary,
      subject: input?.subject ?? summary.subject,
      temporalRunId: info.execution?.runId ?? '',
      graph: input?.snapshot.graph ?? null,
      data: input?.data ?? null,
      state: null,
      ...(input?.parentRunId ? { parentRunId: input.parentRunId } : {}),
    };
    if (summary.status === 'Scheduled') {
      detail.state = { status: 'Scheduled', nodes: {}, trail: [] };
      return detail;
    }
    try {
      // A closed run's final state is in its close event (no worker needed); a running one answers the query.
      const closed = executionStatus(info) !== 'RUNNING' ? await this.finalStateOf(runId, info.execution?.runId ?? undefined) : undefined;
      detail.state = closed ?? (await this.client.withDeadline(Date.now() + STATE_QUERY_DEADLINE_MS, () => this.handle(runId).query(stateQuery)));
    } catch (err) {
      detail.stateError = `the run's state could not be read (is a worker running?): ${(err as Error).message}`;
    }
    return detail;
  }

  /** Asks the run to cancel; one whose workflow task keeps failing is terminated after a grace period. */
  async cancel(runId: string, actor: string): Promise<{ runId: string; cancelRequested: true }> {
    await this.requireRunning(runId, 'cancelled');
    await this.handle(runId).cancel();
    this.stopper.watch(runId, actor);
    return { runId, cancelRequested: true };
  }

  async signal(runId: string, signal: NamedSignal): Promise<{ runId: string; signalled: string }> {
    await this.requireRunning(runId, 'signalled');
    await this.handle(runId).signal(namedSignal, signal);
    return { runId, signalled: signal.name };
  }

  private handle(runId: string): WorkflowHandle {
    return this.client.workflow.getHandle(runId);
  }

  async requireRunning(runId: string, verb: string): Promise<void> {
    const info = await this.describe(runId);
    const status = executionStatus(info);
    if (status !== 'RUNNING') throw conflict(`run ${runId} has already ended (${status.toLowerCase()}) and cannot be ${verb}`);
  }

  private async describe(runId: string): Promise<RawInfo> {
    try {
      const description = await this.handle(runId).describe();
      const info = description.raw.workflowExecutionInfo;
      if (!info || info.type?.name !== WORKFLOW_TYPES.interpreter) throw notFound('run', runId);
      return info;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw notFound('run', runId);
      if (err instanceof ApiError) throw err;
      throw new ApiError(503, `Temporal at ${this.temporal.config.address} did not answer: ${(err as Error).message}`);
    }
  }

  /** The run's input, from its first history event (kept while the namespace retains the history). */
  private async inputOf(workflowId: string, runId: string | undefined): Promise<RunInput | null> {
    try {
      const history = await this.client.workflowService.getWorkflowExecutionHistory({
        namespace: this.temporal.config.namespace,
        execution: { workflowId, runId },
        maximumPageSize: 1,
      });
      const payload = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      return payload ? this.client.options.loadedDataConverter.payloadConverter.fromPayload<RunInput>(payload) : null;
    } catch {
      return null;
    }
  }

  /**
   * The final RunState from the run's close event: a completed run's result, or the details of
   * the failure a failed run ends with (RUN_FAILED_ERROR_TYPE). Undefined for other endings.
   */
  private async finalStateOf(workflowId: string, runId: string | undefined): Promise<RunState | undefined> {
    const history = await this.client.workflowService.getWorkflowExecutionHistory({
      namespace: this.temporal.config.namespace,
      execution: { workflowId, runId },
      historyEventFilterType: CLOSE_EVENT_ONLY,
    });
    const event = history.history?.events?.[0];
    const failure = event?.workflowExecutionFailedEventAttributes?.failure?.applicationFailureInfo;
    const payload =
      event?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0] ?? (failure?.type === RUN_FAILED_ERROR_TYPE ? failure.details?.payloads?.[0] : undefined);
    if (!payload) return undefined;
    const state = this.client.options.loadedDataConverter.payloadConverter.fromPayload<RunFailedDetails[0]>(payload);
    return state && typeof state === 'object' && 'nodes' in state ? state : undefined;
  }

  private summaryOf(info: RawInfo): RunSummary {
    const attrs: Record<string, unknown> = {};
    for (const [key, payload] of Object.entries(info.searchAttributes?.indexedFields ?? {})) attrs[key] = decode(payload);
    const memoSubject = decode(info.memo?.fields?.subject) as Subject | undefined;
    const subject: Record<string, string> = {};
    if (typeof attrs.AccountId === 'string') subject.accountId = attrs.AccountId;
    if (typeof attrs.ServiceId === 'string') subject.serviceId = attrs.ServiceId;
    if (typeof attrs.Msisdn === 'string') subject.msisdn = attrs.Msisdn;
    const workflowId = info.execution?.workflowId ?? '';
    const startMs = optionalTsToMs(info.startTime);
    const closeMs = optionalTsToMs(info.closeTime);
    // Temporal's executionTime is start time plus the start delay: later than startTime only
    // for a run that was raised for later.
    const executionMs = optionalTsToMs(info.executionTime);
    const status = runStatusOf(executionStatus(info), attrs.RunStatus);
    const incident = incidentOf(status, attrs);
    return {
      runId: workflowId,
      eventCode: typeof attrs.EventCode === 'string' ? attrs.EventCode : null,
      eventType: typeof attrs.EventType === 'string' ? attrs.EventType : null,
      version: typeof attrs.WorkflowVersion === 'number' ? attrs.WorkflowVersion : null,
      status,
      subject: memoSubject ?? subject,
      isTest: attrs.IsTest === true,
      startedAt: startMs === undefined ? null : new Date(startMs).toISOString(),
      ...(status === 'Scheduled' && executionMs !== undefined && startMs !== undefined && executionMs > startMs ? { startsAt: new Date(executionMs).toISOString() } : {}),
      ...(closeMs !== undefined ? { closedAt: new Date(closeMs).toISOString() } : {}),
      ...(incident ? { incident } : {}),
      temporalUrl: this.temporal.uiUrlFor(workflowId),
    };
  }
}
