import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WORKFLOW_TYPES, type SmokeWorkflow } from '@signalbox/contracts';
import { ApiError } from '../common/api-error';
import { RUN_SEARCH_ATTRIBUTES } from '../runs/run-search-attributes';
import { TemporalService } from '../temporal/temporal.service';

const SMOKE_TIMEOUT_MS = 30_000;

/** The foundation's end-to-end check: API → Temporal → worker → back. */
@Injectable()
export class SystemService {
  constructor(
    private readonly client: Client,
    private readonly temporal: TemporalService,
  ) {}

  async smoke(): Promise<{ workflowId: string; result: string }> {
    const workflowId = `smoke:${randomUUID()}`;
    let handle;
    try {
      handle = await this.client.workflow.start<SmokeWorkflow>(WORKFLOW_TYPES.smoke, {
        taskQueue: this.temporal.config.taskQueue,
        workflowId,
        args: [{ message: 'ping' }],
        typedSearchAttributes: [{ key: RUN_SEARCH_ATTRIBUTES.EventCode, value: 'SMOKE' }],
        staticSummary: 'Signalbox smoke test',
        workflowExecutionTimeout: SMOKE_TIMEOUT_MS * 2,
      });
    } catch (err) {
      throw new ApiError(503, `Temporal at ${this.temporal.config.address} did not accept the smoke workflow: ${(err as Error).message}`);
    }
    try {
      const result = await this.client.withDeadline(Date.now() + SMOKE_TIMEOUT_MS, () => handle.result());
      return { workflowId, result };
    } catch (err) {
      throw new ApiError(503, `the smoke workflow ${workflowId} did not complete within ${SMOKE_TIMEOUT_MS / 1000} s (is the worker running on task queue ${this.temporal.config.taskQueue}?): ${(err as Error).message}`);
    }
  }
}
