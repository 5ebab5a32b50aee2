import { condition, sleep } from '@temporalio/workflow';
import { parseDuration, type NodeOfKind, type Schedule } from '@signalbox/domain';
import { messageWaitStep } from './message-wait.step';
import type { RunContext } from './run-context';
import type { StepResult } from './step-result';

/** A node's schedule: a durable timer before it runs (a delay, or a date computed from the event). */
export async function applySchedule(run: RunContext, nodeId: string, schedule: Schedule | undefined): Promise<void> {
  if (!schedule || schedule.type === 'immediate') return;
  const until = schedule.type === 'delay' ? Date.now() + parseDuration(schedule.duration) : await run.date(schedule.expression);
  run.tracker.mark(nodeId, 'scheduled', { output: { runsAt: new Date(until).toISOString() } });
  await sleepUntil(run, until);
}

async function sleepUntil(run: RunContext, until: number): Promise<void> {
  const ms = until - Date.now();
  if (ms > 0) await run.tracker.waitFor(() => sleep(ms));
}

/** A wait node: a duration, until a computed date, until a named signal or a correlated message (with a timeout). */
export async function waitStep(run: RunContext, node: NodeOfKind<'wait'>): Promise<StepResult> {
  const spec = node.wait;
  run.tracker.mark(node.id, 'in-progress');
  switch (spec.type) {
    case 'duration':
      await sleepUntil(run, Date.now() + parseDuration(spec.duration));
      return { outcome: 'next', status: 'completed' };
    case 'until': {
      const until = await run.date(spec.expression);
      run.tracker.mark(node.id, 'in-progress', { input: { until: new Date(until).toISOString() } });
      await sleepUntil(run, until);
      return { outcome: 'next', status: 'completed' };
    }
    case 'signal': {
      const index = () => run.signals.findIndex((s) => s.name === spec.signal);
      const received = await run.tracker.waitFor(() => condition(() => index() >= 0, parseDuration(spec.timeout)));
      if (!received) return { outcome: 'timeout', status: 'timed-out', error: `signal ${spec.signal} did not arrive within ${spec.timeout}` };
      const [signal] = run.signals.splice(index(), 1);
      return { outcome: 'next', status: 'completed', output: { signal: signal.name, payload: signal.payload ?? {} } };
    }
    case 'message':
      return messageWaitStep(run, node, spec);
  }
}
