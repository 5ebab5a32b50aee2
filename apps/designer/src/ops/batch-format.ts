import type { BatchSchedule, BatchSource } from '@signalbox/contracts';
import { formatTime } from '../runs/run-format';

/** A batch schedule in words: "cron 0 2 1 * * (Europe/London)". */
export function describeSchedule(s: BatchSchedule): string {
  switch (s.kind) {
    case 'once':
      return s.at ? `once at ${formatTime(s.at)}` : 'once, when triggered';
    case 'cron':
      return `cron ${s.cron} (${s.timeZone})`;
    case 'interval':
      return `every ${s.every} (${s.timeZone})`;
  }
}

/** Where a batch's subjects come from, in words. */
export function describeSource(s: BatchSource): string {
  if (s.kind === 'csv') return `CSV, ${s.lines} line${s.lines === 1 ? '' : 's'}${s.skipped ? ` (${s.skipped} bad left out)` : ''}`;
  return s.over === 'provisioning-status' ? `subjects provisioned at ${s.provider}${s.serviceType ? ` (${s.serviceType})` : ''}` : `subjects of ${s.provider}'s ${s.state} orders`;
}
