import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { eventCodeOfRunId } from '@signalbox/contracts';
import type { ApiConfigShape } from '../config/api.config';

/** What describe says about an open run, as far as stopping it goes. */
export interface RunHealth {
  running: boolean;
  /** Attempt of the pending workflow task: above 1, the workflow's own code keeps failing. */
  workflowTaskAttempt: number;
}

/**
 * Whether a cancelled run must be terminated instead: it is still open after the grace period and
 * its workflow task keeps failing, so the workflow can never run the code that handles cancel.
 */
export function needsTermination(health: RunHealth): boolean {
  return health.running && health.workflowTaskAttempt > 1;
}

export function terminationReason(actor: string, health: RunHealth): string {
  return `cancel requested by ${actor}; workflow task failing (attempt ${health.workflowTaskAttempt}), so the run was terminated`;
}

/** The longest wait between two checks of a cancelled run. */
export const MAX_CHECK_INTERVAL_MS = 60_000;

/**
 * When to look at a cancelled run again: after the grace period first, then twice as long each
 * time (from at least a second), never more than MAX_CHECK_INTERVAL_MS apart. A run that handles
 * its cancel may take minutes (compensation); one whose task starts failing later is still caught.
 */
export function checkDelayMs(graceMs: number, check: number): number {
  if (check === 0) return graceMs;
  return Math.min(MAX_CHECK_INTERVAL_MS, Math.max(1_000, graceMs) * 2 ** Math.min(check, 20));
}

/** What the watch needs from Temporal (a seam for tests). */
export interface RunControl {
  /** The run's health, or undefined when it no longer exists. */
  health(runId: string): Promise<RunHealth | undefined>;
  terminate(runId: string, reason: string): Promise<void>;
}

export type Outcome = 'closed' | 'terminated' | 'again';

/** One check: closed (stop watching), terminated (stop), or still open and not stuck (look again later). */
export async function checkCancelledRun(control: RunControl, runId: string, actor: string): Promise<Outcome> {
  const health = await control.health(runId);
  if (!health?.running) return 'closed';
  if (!needsTermination(health)) return 'again';
  await control.terminate(runId, terminationReason(actor, health));
  return 'terminated';
}

/**
 * Cancel asks the workflow to stop, which only works while its code runs. A run whose workflow
 * task fails on every attempt never sees the request: from the grace period on, the run is checked
 * with a bounded backoff until it is closed, and terminated (the reason recorded in its history)
 * as soon as its workflow task is seen failing. A failed check (Temporal unreachable) is retried
 * the same way. The watch lives in this process; if the API restarts meanwhile, cancelling again
 * starts a new one.
 */
@Injectable()
export class RunStopper implements OnModuleDestroy {
  private readonly logger = new Logger(RunStopper.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly graceMs: number;
  private readonly control: RunControl;
  private closed = false;

  constructor(client: Client, @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>) {
    this.graceMs = config.getOrThrow('api', { infer: true }).cancelGraceMs;
    this.control = {
      health: async (runId) => {
        try {
          const raw = (await client.workflow.getHandle(runId).describe()).raw;
          return { running: raw.workflowExecutionInfo?.status === 1, workflowTaskAttempt: raw.pendingWorkflowTask?.attempt ?? 0 };
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        }
      },
      terminate: async (runId, reason) => {
        await client.workflow.getHandle(runId).terminate(reason);
      },
    };
  }

  watch(runId: string, actor: string, check = 0): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      checkCancelledRun(this.control, runId, actor).then(
        (outcome) => {
          if (outcome === 'terminated') this.logger.log({ msg: `terminated run ${runId}: its workflow task kept failing after a cancel`, runId, eventCode: eventCodeOfRunId(runId) });
          if (outcome !== 'again') return;
          this.logger.debug(`cancelled run ${runId} is still open and its workflow task is not failing: checking again in ${checkDelayMs(this.graceMs, check + 1)} ms`);
          this.watch(runId, actor, check + 1);
        },
        (err: unknown) => {
          this.logger.warn(`could not check cancelled run ${runId} (will retry): ${err instanceof Error ? err.message : String(err)}`);
          this.watch(runId, actor, check + 1);
        },
      );
    }, checkDelayMs(this.graceMs, check));
    timer.unref();
    this.timers.add(timer);
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
