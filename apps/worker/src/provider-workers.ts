import type { Worker } from '@temporalio/worker';
import { providerTaskQueue } from '@signalbox/contracts';

/** A provider whose sends are rate-limited, and its limit. */
export interface ProviderLimit {
  code: string;
  perSecond: number;
}

export interface ProviderWorkerPoolOptions {
  /** The deployment's main task queue; provider queues are derived from it. */
  mainTaskQueue: string;
  /** The providers that currently have a rate limit. */
  loadLimits: () => Promise<ProviderLimit[]>;
  /** Creates (does not run) the activities-only worker for one provider's queue. */
  createWorker: (limit: ProviderLimit, taskQueue: string) => Promise<Worker>;
  /** How often the limits are re-read. */
  refreshMs: number;
  log?: (line: string) => void;
}

interface RunningWorker {
  perSecond: number;
  worker: Worker;
  done: Promise<void>;
}

/**
 * One activities-only worker per rate-limited provider, on the provider's own task queue, where
 * the Temporal server enforces the limit across every worker of every process.
 *
 * The list is re-read every `refreshMs`: a provider that gains a limit gets its worker then, and
 * a changed limit replaces the provider's worker (the old one drains its in-flight sends), since a
 * worker's queue limit is fixed when it is created. A provider that loses its limit keeps its
 * worker until the process restarts: runs started while the limit was set still send through its
 * queue (their snapshot says so), and they must not be stranded.
 */
export class ProviderWorkerPool {
  private readonly running = new Map<string, RunningWorker>();
  private readonly draining = new Set<Promise<void>>();
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<string[]> | undefined;
  private stopped = false;
  private failure: { error: unknown } | undefined;
  private resolveStopped!: () => void;
  private readonly stoppedSignal = new Promise<void>((resolve) => (this.resolveStopped = resolve));

  constructor(private readonly options: ProviderWorkerPoolOptions) {
    this.log = options.log ?? ((line) => console.log(line));
  }

  /** Starts a worker for every provider limited now; fails (leaving nothing running) if any cannot start. */
  async start(): Promise<void> {
    let problems: string[];
    try {
      problems = await this.refresh();
    } catch (err) {
      problems = [`cannot read the providers' rate limits: ${messageOf(err)}`];
    }
    if (problems.length > 0) {
      this.shutdown();
      await this.run().catch(() => undefined);
      throw new Error(problems.join('; '));
    }
    this.scheduleRefresh();
  }

  /** The queues served now, by provider code, with the limit each was started with. */
  limits(): ProviderLimit[] {
    return [...this.running].map(([code, r]) => ({ code, perSecond: r.perSecond })).sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Re-reads the limits and starts or replaces workers; returns what could not be started. */
  refresh(): Promise<string[]> {
    this.refreshing ??= this.reconcile().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Stops every provider worker (each finishes its in-flight activities). Idempotent. */
  shutdown(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    for (const { worker } of this.running.values()) stopWorker(worker);
    this.resolveStopped();
  }

  /** Resolves once shut down and drained; rejects when a provider worker failed (the pool then stops). */
  async run(): Promise<void> {
    await this.stoppedSignal;
    await this.refreshing?.catch(() => undefined);
    await Promise.allSettled([...[...this.running.values()].map((r) => r.done), ...this.draining]);
    if (this.failure) throw this.failure.error;
  }

  private async reconcile(): Promise<string[]> {
    const limits = await this.options.loadLimits();
    const problems: string[] = [];
    for (const limit of limits) {
      if (this.stopped) break;
      const current = this.running.get(limit.code);
      if (current?.perSecond === limit.perSecond) continue;
      try {
        if (current) this.retire(limit.code, current);
        await this.startWorker(limit);
      } catch (err) {
        problems.push(`cannot start the worker for provider ${limit.code}: ${messageOf(err)}`);
      }
    }
    return problems;
  }

  private async startWorker(limit: ProviderLimit): Promise<void> {
    const taskQueue = providerTaskQueue(limit.code, this.options.mainTaskQueue);
    const worker = await this.options.createWorker(limit, taskQueue);
    const done = worker.run().catch((err: unknown) => {
      this.failure ??= { error: new Error(`the worker for provider ${limit.code} stopped: ${messageOf(err)}`) };
      this.shutdown();
    });
    this.running.set(limit.code, { perSecond: limit.perSecond, worker, done });
    this.log(`provider ${limit.code}: polling task queue ${taskQueue}, ${limit.perSecond} activities/s`);
    if (this.stopped) stopWorker(worker);
  }

  private retire(code: string, current: RunningWorker): void {
    this.running.delete(code);
    this.draining.add(current.done);
    void current.done.finally(() => this.draining.delete(current.done));
    stopWorker(current.worker);
    this.log(`provider ${code}: rate limit changed from ${current.perSecond}/s, replacing its worker`);
  }

  private scheduleRefresh(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.refresh()
        .then(
          (problems) => problems.forEach((p) => this.log(`worker: ${p} (retrying in ${this.options.refreshMs} ms)`)),
          (err: unknown) => this.log(`worker: cannot re-read the providers' rate limits: ${messageOf(err)} (retrying in ${this.options.refreshMs} ms)`),
        )
        .finally(() => this.scheduleRefresh());
    }, this.options.refreshMs);
    this.timer.unref();
  }
}

function stopWorker(worker: Worker): void {
  if (worker.getState() === 'RUNNING') worker.shutdown();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
