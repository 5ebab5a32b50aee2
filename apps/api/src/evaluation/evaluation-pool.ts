import { Worker } from 'node:worker_threads';
import type { EvaluationMessage, EvaluationReply, EvaluationTask, TaskBody } from './evaluation-task';

export interface EvaluationPoolOptions {
  /** The compiled evaluation.worker.js. */
  script: string;
  threads: number;
  /** A task running longer than this has its thread terminated. */
  timeoutMs: number;
  /** Heap of one thread: an allocation past it ends the thread, not the API. */
  heapMb: number;
}

/** A task that was stopped: it ran past the time limit, or its thread died (e.g. out of memory). */
export class EvaluationStopped extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'crashed',
  ) {
    super(message);
    this.name = 'EvaluationStopped';
  }
}

interface Pending {
  id: number;
  task: EvaluationTask;
  body?: TaskBody;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Modules loaded: a thread's start-up does not count against a task's time. */
  ready: boolean;
  busy?: { pending: Pending; timer: NodeJS.Timeout };
}

/**
 * A few worker threads for expression-heavy work. One task per thread at a time; a task that runs
 * past `timeoutMs` gets its thread terminated (JavaScript cannot be interrupted any other way) and
 * a fresh thread takes its place, so a hostile expression costs one thread for `timeoutMs`, never
 * the event loop that answers /api/health.
 */
export class EvaluationPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: EvaluationPoolOptions) {}

  /** Runs `task` on a thread; `body` is a raw request body or stored JSON text the task reads there. */
  run(task: EvaluationTask, body?: TaskBody): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the evaluation pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, body, resolve, reject });
      this.dispatch();
    });
  }

  /** Starts a thread ahead of the first task, so that it does not wait for module loading. */
  warm(): void {
    if (this.slots.length === 0 && !this.closed) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the evaluation pool is closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      if (this.slots.length < this.options.threads && this.slots.every((s) => s.ready && s.busy)) this.spawn();
      const slot = this.slots.find((s) => s.ready && !s.busy);
      if (!slot) return;
      const pending = this.queue.shift() as Pending;
      const timer = setTimeout(() => this.stop(slot, new EvaluationStopped(`it ran for more than ${this.options.timeoutMs} ms and was stopped`, 'timeout')), this.options.timeoutMs);
      slot.busy = { pending, timer };
      // A body that owns its whole buffer is moved to the thread, not copied: a structured copy of
      // megabytes took hundreds of milliseconds of the event loop on a busy machine.
      const { body } = pending;
      const movable = body instanceof Uint8Array && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
      slot.worker.postMessage({ id: pending.id, task: JSON.stringify(pending.task), body } satisfies EvaluationMessage, movable ? [body.buffer as ArrayBuffer] : []);
    }
  }

  private spawn(): void {
    const worker = new Worker(this.options.script, { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb } });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (reply: EvaluationReply | { ready: true }) => {
      if ('ready' in reply) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const busy = slot.busy;
      if (!busy || busy.pending.id !== reply.id) return;
      clearTimeout(busy.timer);
      slot.busy = undefined;
      if (reply.ok) busy.pending.resolve(reply.value);
      else busy.pending.reject(new Error(reply.message));
      this.dispatch();
    });
    // An uncaught error or a heap past its limit ends the thread: fail its task, replace it.
    worker.on('error', (err) => this.stop(slot, new EvaluationStopped(`its thread failed (${err.message})`, 'crashed')));
    worker.on('exit', () => this.stop(slot, new EvaluationStopped('its thread ended unexpectedly', 'crashed')));
    worker.unref();
    this.slots.push(slot);
  }

  private stop(slot: Slot, reason: EvaluationStopped): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      slot.busy.pending.reject(reason);
      slot.busy = undefined;
    }
    void slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}
