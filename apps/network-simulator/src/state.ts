import { type BehaviourPatch, ProviderBehaviour, defaultBehaviour } from './behaviour';
import { Journal } from './journal';
import { MessageStore } from './messages';
import { SubscriberStore } from './subscribers';

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
  /** First answer (or the promise of it) per provider and idempotency key. */
  readonly idempotency = new Map<string, Promise<unknown>>();
  private readonly behaviours = new Map<string, ProviderBehaviour>();
  private controller = new AbortController();

  constructor(private readonly defaults: BehaviourPatch = {}) {}

  /** Aborts when the state is reset: sleeps, hung requests and pending callbacks end then. */
  get epoch(): AbortSignal {
    return this.controller.signal;
  }

  behaviour(provider: string): ProviderBehaviour {
    let behaviour = this.behaviours.get(provider);
    if (!behaviour) {
      behaviour = new ProviderBehaviour({ ...defaultBehaviour(), ...this.defaults });
      this.behaviours.set(provider, behaviour);
    }
    return behaviour;
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
    this.idempotency.clear();
    this.behaviours.clear();
  }

  /** Releases everything that waits, for shutdown. */
  close(): void {
    this.controller.abort(new SimulatorReset());
  }
}
