import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from '@temporalio/client';
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

/**
 * Cancel asks the workflow to stop, which only works while its code runs. A run whose workflow
 * task fails on every attempt never sees the request: after a grace period it is terminated, with
 * the reason recorded in its history. The watch lives in this process; if the API restarts
 * meanwhile, cancelling again starts a new one.
 */
@Injectable()
export class RunStopper implements OnModuleDestroy {
  private readonly logger = new Logger(RunStopper.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly graceMs: number;

  constructor(
    private readonly client: Client,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    this.graceMs = config.getOrThrow('api', { infer: true }).cancelGraceMs;
  }

  watch(runId: string, actor: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.stopIfStuck(runId, actor).catch((err: unknown) => this.logger.warn(`could not check cancelled run ${runId}: ${err instanceof Error ? err.message : String(err)}`));
    }, this.graceMs);
    timer.unref();
    this.timers.add(timer);
  }

  async stopIfStuck(runId: string, actor: string): Promise<boolean> {
    const handle = this.client.workflow.getHandle(runId);
    const raw = (await handle.describe()).raw;
    const health: RunHealth = { running: raw.workflowExecutionInfo?.status === 1, workflowTaskAttempt: raw.pendingWorkflowTask?.attempt ?? 0 };
    if (!needsTermination(health)) return false;
    await handle.terminate(terminationReason(actor, health));
    this.logger.log({ msg: `terminated run ${runId}: its workflow task kept failing after a cancel`, runId, eventCode: eventCodeOfRunId(runId) });
    return true;
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
