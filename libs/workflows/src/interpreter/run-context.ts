import { since } from './patch-generation';
import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  buildExpressionContext,
  correlates,
  evaluateCondition,
  evaluateDate,
  evaluateExpression,
  ExpressionError,
  STEPS_PER_EVALUATION,
  WORKFLOW_EXPRESSION_LIMITS,
  type EvaluateOptions,
  type ExpressionContext,
  type NodeResult,
  type StepMeter,
  serviceKeyOf,
} from '@signalbox/domain';
import { RUN_EXPRESSION_BUDGET_PATCH, runBudget, type CorrelatedMessage, type NamedSignal, type OrderResponse, type RunInput } from '@signalbox/contracts';
import { grantedSignal, messageUpdate, namedSignal, orderResponseSignal, stateQuery } from '../messages';
import type { ExpressionPurpose } from '@signalbox/activities';
import { localEvaluation } from './activities';
import { RunTracker } from './run-tracker';
import type { RunStateEvents } from './run-state-events';

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
/**
 * Patch id, checked first when a run starts: an order's slot is a database row
 * (libs/persistence ServiceSlots), taken and handed back by local activities (one marker each,
 * no queue workflow: a free slot costs no other workflow's history, start or task). A waiting
 * run is granted its slot by signal, and looks again now and then in case the signal was lost.
 * It implies the lean path, so a run recording it records neither of the two patches above
 * (two markers and two search-attribute upserts fewer); older histories replay as they were.
 */
export const SLOT_ROWS_PATCH = 'slot-rows';
/**
 * Patch id (a patch generation, folded into `riding-bookkeeping`; patch-generation.ts): an order whose slot nothing
 * stands between and its send (no sync provider, no maintenance window) has the slot taken by its
 * own activity, claimed as a row before the order is created and handed back in the call that
 * settles it; the run's local activities take part only when the service is busy, the send
 * failed, or the provider answers later. Two markers and two activations fewer per order.
 */
export const SLOT_IN_ORDER_PATCH = 'slot-in-order';
/**
 * Patch id (the current patch generation): bookkeeping rides on the activities a run calls anyway.
 * A communication's activity renders its message (no render local activity), and the run's state
 * changes for webhooks are written by the next action activity it calls (run-state-events.ts), a
 * local activity writing only what no activity could carry. Two activations and two markers fewer
 * for a run that sends a message.
 */
export const RIDING_BOOKKEEPING_PATCH = 'riding-bookkeeping';

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
  /** SLOT_ROWS_PATCH: slots are rows, taken by local activities. */
  readonly slotRows: boolean;
  /** SLOT_IN_ORDER_PATCH: the order's activity takes its slot when nothing stands between. */
  readonly slotInOrder: boolean;
  /** RIDING_BOOKKEEPING_PATCH: renders and state changes ride on the run's own activities. */
  readonly riding: boolean;
  /** Riding runs: where action activities pick up the state changes waiting to be written. */
  stateEvents?: Pick<RunStateEvents, 'board'>;
  /** Expression steps this run has taken so far (deterministic: replay counts the same). */
  readonly expressionSteps: StepMeter = { steps: 0 };
  private readonly maxExpressionSteps: number;
  /** Steps set aside for sandbox evaluations still running. */
  private reservedSteps = 0;

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
    this.maxExpressionSteps = runBudget(input.limits).maxExpressionSteps;
    // A one-step test run reads its earlier steps' pinned results; plain data, no command.
    if (input.test && input.seedResults) Object.assign(this.results, input.seedResults);
    // A patch check is not an await, so the order of these checks is free; the newest first lets
    // a new run skip the older ones altogether.
    this.slotInOrder = since(SLOT_IN_ORDER_PATCH);
    this.riding = since(RIDING_BOOKKEEPING_PATCH);
    this.slotRows = this.slotInOrder || patched(SLOT_ROWS_PATCH);
    this.lean = this.slotRows || patched(LEAN_ORDER_PATH_PATCH);
    this.slotByActivity = !this.slotRows && this.lean && patched(SLOT_BY_ACTIVITY_PATCH);
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
  // it is evaluated inside the workflow sandbox rather than in a local activity — until the run has
  // spent its sandbox budget (see `bounded`). The replay tests (test/replay.test.ts) guard this.
  evaluate(expression: string): Promise<unknown> {
    return this.bounded(expression, 'value', (limits) => evaluateExpression(expression, this.expressionContext(), limits));
  }

  condition(expression: string): Promise<boolean> {
    return this.bounded(expression, 'condition', (limits) => evaluateCondition(expression, this.expressionContext(), limits)) as Promise<boolean>;
  }

  date(expression: string): Promise<number> {
    return this.bounded(expression, 'date', (limits) => evaluateDate(expression, this.expressionContext(), limits)) as Promise<number>;
  }

  /**
   * Evaluates in the sandbox while the run has a whole expression's worth of its
   * `maxExpressionSteps` left, counting what evaluations still running may take (paths forked by
   * a parallel node evaluate side by side); past that, in a local activity. So the sandbox's work
   * per workflow task — and a replay's, which redoes every sandbox evaluation in one task — can
   * grow no further however many expressions the graph holds between two waits
   * (RUN_EXPRESSION_BUDGET_PATCH; runs started before it keep evaluating in the sandbox).
   */
  private async bounded(expression: string, purpose: ExpressionPurpose, inSandbox: (limits: EvaluateOptions) => Promise<unknown>): Promise<unknown> {
    const reserve = WORKFLOW_EXPRESSION_LIMITS.maxSteps + STEPS_PER_EVALUATION;
    const left = this.maxExpressionSteps - this.expressionSteps.steps - this.reservedSteps;
    if (left < reserve && since(RUN_EXPRESSION_BUDGET_PATCH)) {
      const reply = await localEvaluation.evaluateRunExpression({ expression, purpose, context: this.expressionContext() });
      if (!reply.ok) throw new ExpressionError(reply.message, expression, undefined, reply.code);
      return reply.value;
    }
    this.reservedSteps += reserve;
    try {
      return await inSandbox({ ...WORKFLOW_EXPRESSION_LIMITS, meter: this.expressionSteps });
    } finally {
      this.reservedSteps -= reserve;
    }
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
