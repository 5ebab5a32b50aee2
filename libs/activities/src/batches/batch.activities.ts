import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { batchRunEventId, planRunStart, SnapshotReferenceError, startInterpreterRun, type BatchPaging, type BatchSource, type BatchSubject, type RunInput } from '@signalbox/contracts';
import type { BatchStore } from '@signalbox/persistence';
import type { ActivitiesConfig } from '../config';
import type { SnapshotLoader } from '../ports';

/** What the batch activities need of the store (the real one is @signalbox/persistence's BatchStore). */
export type BatchPort = Pick<BatchStore, 'get' | 'openExecution' | 'recordPage' | 'finishExecution' | 'csvPage' | 'queryPage'>;

export interface BatchDeps {
  batches?: BatchPort;
  temporal?: Client;
  snapshots?: SnapshotLoader;
  clock: () => Date;
  config: ActivitiesConfig;
}

export interface OpenBatchRequest {
  batchCode: string;
  workflowId: string;
  /** When the schedule meant the execution to start (the schedule's TemporalScheduledStartTime). */
  scheduledAt?: string;
}

export interface OpenedBatch {
  executionId: string;
  eventCode: string;
  source: BatchSource;
  paging: BatchPaging;
}

export interface BatchPageRequest extends OpenedBatch {
  batchCode: string;
  /** Where the page starts (undefined: the beginning). */
  cursor?: string;
}

export interface BatchPageResult {
  /** Where the next page starts; undefined when there is none. */
  next?: string;
  subjects: number;
  started: number;
  duplicates: number;
}

/** Runs started at once within a page. */
const START_CONCURRENCY = 16;

export function batchActivities(deps: BatchDeps) {
  function need<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw ApplicationFailure.nonRetryable(`this worker was built without ${what}`, 'Misconfigured');
    return value;
  }

  /** Opens the execution's run log entry (a retry finds the same one) and reads the definition. */
  async function openBatchExecution(req: OpenBatchRequest): Promise<OpenedBatch> {
    const store = need(deps.batches, 'a batch store');
    const def = await store.get(req.batchCode);
    if (!def) throw ApplicationFailure.nonRetryable(`batch ${req.batchCode} no longer exists`, 'BatchDeleted');
    const execution = await store.openExecution({ workflowId: req.workflowId, batchCode: req.batchCode, eventCode: def.eventCode, ...(req.scheduledAt ? { scheduledAt: req.scheduledAt } : {}) });
    return { executionId: execution.id, eventCode: def.eventCode, source: def.source, paging: def.paging };
  }

  /**
   * Starts the runs of one page of subjects with the API's start path and id policy; each run's
   * idempotency key is the execution and the subject, so a page repeated after a crash or a retry
   * finds the runs it already started. The page is counted once in the run log.
   */
  async function startBatchPage(req: BatchPageRequest): Promise<BatchPageResult> {
    const store = need(deps.batches, 'a batch store');
    const client = need(deps.temporal, 'a Temporal client');
    const snapshots = need(deps.snapshots, 'a snapshot loader');
    let snapshot;
    try {
      snapshot = await snapshots.load(req.eventCode);
    } catch (err) {
      if (err instanceof SnapshotReferenceError) throw ApplicationFailure.nonRetryable(`the published workflow of ${req.eventCode} is broken: ${err.message}`, 'BrokenSnapshot');
      throw err;
    }
    if (!snapshot) throw ApplicationFailure.nonRetryable(`event code ${req.eventCode} has no published workflow`, 'NotPublished');

    const page =
      req.source.kind === 'csv'
        ? await store.csvPage(req.batchCode, Number(req.cursor ?? 0), req.paging.pageSize)
        : await store.queryPage(req.source, req.cursor ?? '', req.paging.pageSize);
    let started = 0;
    let duplicates = 0;
    const startOne = async (item: BatchSubject) => {
      const input: RunInput = {
        snapshot,
        subject: item.subject,
        data: item.data,
        eventId: batchRunEventId(req.executionId, keyPart(item.key)),
        raisedAt: deps.clock().toISOString(),
        test: false,
      };
      const plan = planRunStart(input, { startDelayMs: 0, indexPersonalKeys: deps.config.indexPersonalKeys ?? true });
      const outcome = await startInterpreterRun(client.workflow, deps.config.taskQueue, plan);
      if (outcome.started) started++;
      else duplicates++;
    };
    // Paced at startsPerSecond: a chunk of starts, then the time that chunk is allowed to take.
    const chunk = Math.max(1, Math.min(START_CONCURRENCY, Math.floor(req.paging.startsPerSecond)));
    for (let from = 0; from < page.items.length; from += chunk) {
      const began = Date.now();
      await Promise.all(page.items.slice(from, from + chunk).map(startOne));
      Context.current().heartbeat({ done: from + chunk });
      const due = (chunk / req.paging.startsPerSecond) * 1000 - (Date.now() - began);
      if (due > 0 && from + chunk < page.items.length) await Context.current().sleep(due);
    }
    // Runs found already started were started by an earlier attempt of this very page: they count as started.
    await store.recordPage(req.executionId, req.cursor ?? null, page.next ?? 'end', { subjects: page.items.length, started: started + duplicates, duplicates });
    return { ...(page.next ? { next: page.next } : {}), subjects: page.items.length, started: started + duplicates, duplicates };
  }

  async function finishBatchExecution(req: { executionId: string; status: 'done' | 'failed'; error?: string }): Promise<void> {
    await need(deps.batches, 'a batch store').finishExecution(req.executionId, req.status, req.error);
  }

  return { openBatchExecution, startBatchPage, finishBatchExecution };
}

/** Subject keys as they may appear in a workflow id: short and printable, else hashed. */
function keyPart(key: string): string {
  return /^[A-Za-z0-9_.+-]{1,64}$/.test(key) ? key : createHash('sha256').update(key).digest('hex').slice(0, 24);
}
