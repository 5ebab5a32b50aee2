import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Client } from '@temporalio/client';
import type { ConfigService } from '@nestjs/config';
import { checkDelayMs, MAX_CHECK_INTERVAL_MS, needsTermination, RunStopper, terminationReason } from './run-stopper';

describe('cancel falling back to terminate', () => {
  it('terminates only an open run whose workflow task keeps failing', () => {
    expect(needsTermination({ running: true, workflowTaskAttempt: 7 })).toBe(true);
    // A healthy run handles the cancel itself; a run that already ended needs nothing.
    expect(needsTermination({ running: true, workflowTaskAttempt: 0 })).toBe(false);
    expect(needsTermination({ running: true, workflowTaskAttempt: 1 })).toBe(false);
    expect(needsTermination({ running: false, workflowTaskAttempt: 7 })).toBe(false);
  });

  it('records who cancelled and why the run was terminated', () => {
    expect(terminationReason('ops (k1)', { running: true, workflowTaskAttempt: 4 })).toBe('cancel requested by ops (k1); workflow task failing (attempt 4), so the run was terminated');
  });

  it('checks after the grace period, then backs off to at most a minute between checks', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((n) => checkDelayMs(30_000, n))).toEqual([30_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, MAX_CHECK_INTERVAL_MS]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => checkDelayMs(500, n))).toEqual([500, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(checkDelayMs(0, 0)).toBe(0);
  });
});

describe('the watch of a cancelled run', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A Temporal client whose describe answers from `states` in turn (the last one repeats). */
  function fakeClient(states: ({ status: number; attempt?: number } | Error)[]) {
    const terminated: string[] = [];
    let described = 0;
    const client = {
      workflow: {
        getHandle: () => ({
          describe: async () => {
            const state = states[Math.min(described++, states.length - 1)];
            if (state instanceof Error) throw state;
            return { raw: { workflowExecutionInfo: { status: state.status }, pendingWorkflowTask: state.attempt ? { attempt: state.attempt } : null } };
          },
          terminate: async (reason: string) => void terminated.push(reason),
        }),
      },
    } as unknown as Client;
    return { client, terminated, described: () => described };
  }

  const config = (graceMs: number) => ({ getOrThrow: () => ({ cancelGraceMs: graceMs }) }) as unknown as ConfigService<never, true>;

  it('keeps checking a run that is open but not failing, and terminates it once its workflow task starts failing', async () => {
    vi.useFakeTimers();
    // Open and healthy at the first two checks, then Temporal unreachable once, then failing.
    const fake = fakeClient([{ status: 1, attempt: 1 }, { status: 1 }, new Error('unavailable'), { status: 1, attempt: 5 }]);
    const stopper = new RunStopper(fake.client, config(500) as never);
    stopper.watch('run:X', 'ops (k1)');
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.described()).toBe(1);
    expect(fake.terminated).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000 + 4_000 + 8_000);
    expect(fake.described()).toBe(4);
    expect(fake.terminated).toEqual(['cancel requested by ops (k1); workflow task failing (attempt 5), so the run was terminated']);
    // Terminated: no more checks.
    await vi.advanceTimersByTimeAsync(10 * MAX_CHECK_INTERVAL_MS);
    expect(fake.described()).toBe(4);
    stopper.onModuleDestroy();
  });

  it('stops watching once the run is closed', async () => {
    vi.useFakeTimers();
    const fake = fakeClient([{ status: 1, attempt: 1 }, { status: 2 }]);
    const stopper = new RunStopper(fake.client, config(500) as never);
    stopper.watch('run:Y', 'ops (k1)');
    await vi.advanceTimersByTimeAsync(500 + 2_000);
    expect(fake.described()).toBe(2);
    await vi.advanceTimersByTimeAsync(10 * MAX_CHECK_INTERVAL_MS);
    expect(fake.described()).toBe(2);
    expect(fake.terminated).toEqual([]);
    stopper.onModuleDestroy();
  });
});
