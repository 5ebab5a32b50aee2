import { maintenanceWindowEnd, type MaintenanceWindow } from '@signalbox/domain';

export interface MaintenanceCheck {
  windows: MaintenanceWindow[];
  /** The workflow's clock (deterministic), not the worker's. */
  atMs: number;
}

/**
 * Whether a provider's maintenance window is open, and until when. An activity (run locally)
 * rather than workflow code: time zones come from the runtime's Intl data, which may differ
 * between workers; the answer recorded in the history is what a replay uses.
 */
export function maintenanceActivities() {
  async function maintenanceWindowClose(check: MaintenanceCheck): Promise<{ closesAtMs?: number }> {
    const closesAtMs = maintenanceWindowEnd(check.windows, check.atMs);
    return closesAtMs === undefined ? {} : { closesAtMs };
  }
  return { maintenanceWindowClose };
}
