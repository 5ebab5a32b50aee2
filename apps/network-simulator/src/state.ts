import { type BehaviourPatch, ProviderBehaviour, defaultBehaviour } from './behaviour';
import { Journal } from './journal';
import { MessageStore } from './messages';
import { SubscriberStore } from './subscribers';

const MAX_REMEMBERED_ANSWERS = 100_000;

export class SimulatorReset extends Error {
  constructor() {
    super('the simulator was reset or stopped while this request waited');
  }
}

/** All mutable simulator state; `reset()` brings it back to a fresh start. */
export class SimulatorState {
  readonly subscribers = new SubscriberStore();
  readonly journal = new Journal();
  readonly messages = new MessageStore();
  private readonly answers = new Map<string, Promise<unknown>>();
  private readonly behaviours = new Map<string, ProviderBehaviour>();
  private controller = new AbortController();

  constructor(
    private readonly defaults: BehaviourPatch = {},
    /** Per-provider behaviour applied on first use and again after every reset (presets). */
    private readonly presets: Record<string, BehaviourPatch> = {},
  ) {}

  /** Aborts when the state is reset: sleeps, hung requests and pending callbacks end then. */
  get epoch(): AbortSignal {
    return this.controller.signal;
  }

  behaviour(provider: string): ProviderBehaviour {
    let behaviour = this.behaviours.get(provider);
    if (!behaviour) {
      behaviour = new ProviderBehaviour({ ...defaultBehaviour(), ...this.defaults, ...this.presets[provider] });
      this.behaviours.set(provider, behaviour);
    }
    return behaviour;
  }

  /** The first answer (or the promise of it) given for a provider and idempotency key. */
  firstAnswer<T>(key: string): Promise<T> | undefined {
    return this.answers.get(key) as Promise<T> | undefined;
  }

  rememberAnswer(key: string, answer: Promise<unknown>): void {
    this.answers.set(key, answer);
    // Bounded so a simulator left running for days does not grow without limit; oldest go first.
    if (this.answers.size > MAX_REMEMBERED_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
  }

  configuredProviders(): string[] {
    return [...this.behaviours.keys()].sort();
  }

  reset(): void {
    this.controller.abort(new SimulatorReset());
    this.controller = new AbortController();
    this.subscribers.clear();
    this.journal.clear();
    this.messages.clear();
    this.answers.clear();
    this.behaviours.clear();
  }

  /** Releases everything that waits, for shutdown. */
  close(): void {
    this.controller.abort(new SimulatorReset());
  }
}
