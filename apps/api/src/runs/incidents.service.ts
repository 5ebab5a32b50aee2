import { Injectable } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { incidentUpdate, type IncidentDecision, type IncidentResolution } from '@signalbox/contracts';
import { ApiError, conflict, notFound } from '../common/api-error';
import { RunAudit } from './run-audit';
import { RunsService } from './runs.service';

/** How long the API waits for a worker to take the decision before answering 503. */
const UPDATE_DEADLINE_MS = 15_000;

/**
 * Retry / skip / fail for a step parked as an incident: a Temporal update, so the answer says
 * whether the run took it (the run's validator refuses a decision for a node that is not parked).
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly client: Client,
    private readonly runs: RunsService,
    private readonly audit: RunAudit,
  ) {}

  async resolve(runId: string, decision: IncidentDecision, actor: string): Promise<{ runId: string } & IncidentResolution> {
    await this.runs.requireRunning(runId, `given an incident decision (${decision.action})`);
    let resolution: IncidentResolution;
    try {
      resolution = await this.client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        this.client.workflow.getHandle(runId).executeUpdate(incidentUpdate, { args: [decision] }),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = (err.cause as Error | undefined)?.message ?? err.message;
        throw conflict(`run ${runId} did not take the ${decision.action}: ${cause}`);
      }
      if (err instanceof WorkflowNotFoundError) throw notFound('run', runId);
      throw new ApiError(503, `run ${runId} did not answer within ${UPDATE_DEADLINE_MS / 1000} s (is a worker running?); nothing was changed`);
    }
    await this.audit.record(actor, `incident-${decision.action}`, runId, { ...decision, nodeId: resolution.nodeId });
    return { runId, ...resolution };
  }
}
