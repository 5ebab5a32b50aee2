import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { buildExpressionContext, correlates, evaluateCondition, evaluateDate, evaluateExpression, type EvaluateOptions, type ExpressionContext, type NodeResult, serviceKeyOf } from '@signalbox/domain';
import type { CorrelatedMessage, NamedSignal, OrderResponse, RunInput } from '@signalbox/contracts';
import { grantedSignal, messageUpdate, namedSignal, orderResponseSignal, stateQuery } from '../messages';
import { RunTracker } from './run-tracker';

/**
 * Expression bounds inside the sandbox, where the clock stands still: the step budget is what
 * stops a loop, and it must stop it well inside the 5 s a workflow task may take on a busy machine.
 * Steps are slow here: the SDK records a stack trace for every promise the workflow creates, and
 * JSONata creates several per step (measured ~400 steps/s on a 2-core machine at load 35, against
 * ~70,000/s outside the sandbox). 500 steps is ample for a condition or a mapping over a few dozen
 * items; heavier expressions belong in a local activity.
 */
const SANDBOX_LIMITS: EvaluateOptions = { maxSteps: 500 };

/**
 * Patch id, checked once when a run starts (one marker per run): the run's history carries less
 * bookkeeping. A run started as Running does not upsert RunStatus=Running again; an order's slot
 * is taken and handed back through local activities run inside the workflow task (one marker
 * each, instead of an activity task, a signal command and the workflow tasks they cost): taking
 * it is an update-with-start of the queue workflow, answered at once with the slot when the
 * service is free (no granted signal); waiting for a busy slot leaves RunStatus at Running (the
 * node shows `awaiting-network`). A message is rendered by a local activity. Runs started before
 * it (or replaying a history without its marker) keep the old commands.
 */
export const LEAN_ORDER_PATH_PATCH = 'lean-order-path';
/**
 * Patch id: on the lean path, the slot is acquired by an ordinary activity, not a local one. A
 * local activity holds its run's workflow task open while it waits for the queue workflow to answer
 * the update, and that queue needs a workflow task slot of the same worker: with many runs waiting
 * at once every slot was held by a waiting run and no queue could answer (a 300-event soak moved 56
 * orders in 15 min, each run's task heartbeating every 8 s). An ordinary activity parks the run.
 */
export const SLOT_BY_ACTIVITY_PATCH = 'slot-by-activity';

/** A step recorded for the saga: the action code that undoes it, with the inputs it ran with. */
export interface Compensation {
  nodeId: string;
  actionCode: string;
  inputs: Record<string, unknown>;
}

/**
 * Everything the steps of one run share: the input, node results for expressions, buffered
 * signals and the saga's compensation stack. Handlers are registered in the constructor, before
 * the first await, so no signal is ever dropped.
 */
export class RunContext {
  readonly tracker = new RunTracker();
  readonly results: Record<string, NodeResult> = {};
  readonly compensations: Compensation[] = [];
  /** Provider answers by service-order id (may arrive before the run waits for them). */
  readonly responses = new Map<string, OrderResponse>();
  /** Named signals received and not yet consumed by a wait node, in arrival order. */
  readonly signals: NamedSignal[] = [];
  /** Correlated messages taken by update and not yet used by a message wait, in arrival order. */
  readonly messages: CorrelatedMessage[] = [];
  /** Every message id this run took: a message reaches a run at most once. */
  readonly seenMessages = new Set<string>();
  /** Message waits in progress, by node id: the name and key values each accepts. */
  readonly messageWaits = new Map<string, { name: string; keys: Partial<Record<string, string>> }>();
  /** Service-queue slots granted, by request id. */
  readonly grants = new Set<string>();
  readonly workflowId = workflowInfo().workflowId;
  /** LEAN_ORDER_PATH_PATCH: read after the handlers are set (a patch check is not an await). */
  readonly lean: boolean;
  /** SLOT_BY_ACTIVITY_PATCH (lean runs only). */
  readonly slotByActivity: boolean;

  constructor(readonly input: RunInput) {
    setHandler(stateQuery, () => this.tracker.state);
    setHandler(orderResponseSignal, (response) => {
      if (!this.responses.has(response.serviceOrderId)) this.responses.set(response.serviceOrderId, response);
    });
    setHandler(namedSignal, (signal) => {
      this.signals.push(signal);
    });
    // The validator refuses (and leaves out of the history) a message no open wait expects, so
    // the sender's answer lists only runs that took it. No command is issued: histories recorded
    // before message waits existed replay unchanged.
    setHandler(
      messageUpdate,
      (message) => {
        if (!this.seenMessages.has(message.messageId)) {
          this.seenMessages.add(message.messageId);
          this.messages.push(message);
        }
        return { accepted: true } as const;
      },
      {
        validator: (message) => {
          if (this.seenMessages.has(message.messageId)) throw new Error(`message ${message.messageId} already reached this run`);
          const expected = [...this.messageWaits.values()].some((w) => w.name === message.name && correlates(w.keys, message.correlationKeys));
          if (!expected) throw new Error(`this run is not waiting for message ${message.name} with these keys`);
        },
      },
    );
    setHandler(grantedSignal, ({ requestId }) => {
      this.grants.add(requestId);
    });
    this.lean = patched(LEAN_ORDER_PATH_PATCH);
    this.slotByActivity = this.lean && patched(SLOT_BY_ACTIVITY_PATCH);
  }

  get snapshot(): RunInput['snapshot'] {
    return this.input.snapshot;
  }

  /** The expression context at this moment (`$now()` is the workflow's deterministic clock). */
  expressionContext(): ExpressionContext {
    return buildExpressionContext({
      eventCode: this.snapshot.eventCode,
      eventId: this.input.eventId,
      raisedAt: this.input.raisedAt,
      subject: this.input.subject,
      data: this.input.data,
      nodes: this.results,
      now: Date.now(),
    });
  }

  // JSONata is plain synchronous-safe JavaScript: it reads no clock (the domain binds $now/$millis
  // to the context's `now`, taken from the workflow clock), refuses $random, and touches no I/O, so
  // it is evaluated inside the workflow sandbox rather than in a local activity. The replay tests
  // (test/replay.test.ts) guard this choice.
  evaluate(expression: string): Promise<unknown> {
    return evaluateExpression(expression, this.expressionContext(), SANDBOX_LIMITS);
  }

  condition(expression: string): Promise<boolean> {
    return evaluateCondition(expression, this.expressionContext(), SANDBOX_LIMITS);
  }

  date(expression: string): Promise<number> {
    return evaluateDate(expression, this.expressionContext(), SANDBOX_LIMITS);
  }

  async evaluateAll(expressions: Record<string, string>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(expressions).sort()) out[key] = await this.evaluate(expressions[key]);
    return out;
  }

  /** The key the per-service queue serialises on. */
  serviceKey(): string {
    return serviceKeyOf(this.input.subject, this.workflowId);
  }
}
