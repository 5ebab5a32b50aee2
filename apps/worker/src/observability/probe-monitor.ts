import type { ProbeStore } from '@signalbox/persistence';
import type { ProbeDefinition, ProbeReading, ProbeStatus } from '@signalbox/contracts';
import type { StructuredLogger } from './json-logger';

export interface ProbeNotice {
  probe: string;
  kind: ProbeDefinition['kind'];
  state: 'tripped' | 'cleared';
  value: number;
  samples?: number;
  definition: ProbeDefinition;
  at: string;
}

export interface ProbeMonitorOptions {
  store: Pick<ProbeStore, 'list' | 'record' | 'recordError'>;
  read: (definition: ProbeDefinition) => Promise<ProbeReading>;
  /** Sends a notice to a probe's target (or the ops address when it names none). */
  notify: (notice: ProbeNotice, to: string | undefined) => Promise<void>;
  intervalMs: number;
  log: StructuredLogger;
  onEvaluated?: (probe: string, state: 'ok' | 'tripped' | 'error') => void;
}

/**
 * Evaluates every enabled probe every `intervalMs`. A probe notifies when it trips and again when
 * it clears — once each, not once per evaluation or per failed run: the state is stored, and only
 * the evaluation whose conditional update changed it sends the notice, so several workers can run
 * monitors side by side. A probe found ok at its first evaluation sends nothing.
 */
export class ProbeMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: ProbeMonitorOptions) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every enabled probe (exposed for tests). */
  async evaluateAll(): Promise<void> {
    let probes: ProbeStatus[];
    try {
      probes = await this.options.store.list();
    } catch (err) {
      this.options.log.warn('cannot read the probes', { error: messageOf(err) });
      return;
    }
    for (const probe of probes) {
      if (this.stopped) return;
      if (probe.definition.enabled) await this.evaluate(probe);
    }
  }

  private async evaluate(probe: ProbeStatus): Promise<void> {
    let reading: ProbeReading;
    try {
      reading = await this.options.read(probe.definition);
    } catch (err) {
      this.options.onEvaluated?.(probe.code, 'error');
      this.options.log.warn('probe could not be evaluated', { probe: probe.code, error: messageOf(err) });
      await this.options.store.recordError(probe.code, messageOf(err)).catch(() => undefined);
      return;
    }
    this.options.onEvaluated?.(probe.code, reading.tripped ? 'tripped' : 'ok');
    const change = await this.options.store.record(probe.code, reading);
    if (!change) return;
    // unknown → ok is a first reading, not news.
    if (change.to === 'ok' && change.from !== 'tripped') return;
    const notice: ProbeNotice = {
      probe: probe.code,
      kind: probe.definition.kind,
      state: change.to === 'tripped' ? 'tripped' : 'cleared',
      value: reading.value,
      ...(reading.samples === undefined ? {} : { samples: reading.samples }),
      definition: probe.definition,
      at: new Date().toISOString(),
    };
    this.options.log.warn(`probe ${notice.state}`, { probe: probe.code, kind: notice.kind, value: reading.value, samples: reading.samples });
    try {
      await this.options.notify(notice, probe.definition.notify);
    } catch (err) {
      this.options.log.error('probe notice could not be sent', { probe: probe.code, state: notice.state, error: messageOf(err) });
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.evaluateAll()
        .catch((err: unknown) => this.options.log.error('probe evaluation failed', { error: messageOf(err) }))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
