import type { ScheduleOptions, ScheduleSpec } from '@temporalio/client';
import { batchScheduleId, WORKFLOW_TYPES, type BatchRunInput, type BatchSchedule } from '@signalbox/contracts';

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;

/** The Temporal Schedule spec of a batch schedule. `once` without `at` has no spec: it runs when triggered (BatchesService triggers it once created). */
export function scheduleSpec(schedule: BatchSchedule): ScheduleSpec {
  switch (schedule.kind) {
    case 'cron':
      return { cronExpressions: [schedule.cron], timezone: schedule.timeZone };
    case 'interval':
      return { intervals: [{ every: schedule.every as `${number}${'s' | 'm' | 'h' | 'd'}` }], timezone: schedule.timeZone };
    case 'once': {
      if (!schedule.at) return {};
      const at = new Date(schedule.at);
      return {
        calendars: [
          {
            year: at.getUTCFullYear(),
            month: MONTHS[at.getUTCMonth()],
            dayOfMonth: at.getUTCDate(),
            hour: at.getUTCHours(),
            minute: at.getUTCMinutes(),
            second: at.getUTCSeconds(),
          },
        ],
        timezone: 'UTC',
      };
    }
  }
}

/** The whole schedule of a batch definition: its spec, and an action starting batchRunWorkflow. */
export function batchScheduleOptions(code: string, schedule: BatchSchedule, options: { taskQueue: string; paused: boolean }): ScheduleOptions {
  const once = schedule.kind === 'once';
  return {
    scheduleId: batchScheduleId(code),
    spec: scheduleSpec(schedule),
    action: {
      type: 'startWorkflow',
      workflowType: WORKFLOW_TYPES.batchRun,
      // Temporal appends the scheduled time: batch:<code>-<time>, one id per execution.
      workflowId: batchScheduleId(code),
      taskQueue: options.taskQueue,
      args: [{ batchCode: code } satisfies BatchRunInput],
      staticSummary: `batch ${code}`,
    },
    // An execution still paging when the next is due: the next one is skipped, not piled up.
    policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
    state: {
      paused: options.paused,
      ...(once && schedule.at ? { remainingActions: 1 } : {}),
      note: `Signalbox batch ${code}`,
    },
  };
}
