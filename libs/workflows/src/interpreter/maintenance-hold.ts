import { since } from './patch-generation';
import { sleep } from '@temporalio/workflow';
import type { MaintenanceWindow } from '@signalbox/domain';
import { localBookkeeping } from './activities';
import type { RunContext } from './run-context';

/** Patch id: an order due inside its provider's maintenance window waits until the window closes. */
export const MAINTENANCE_WINDOW_PATCH = 'maintenance-window-hold';
/** Back-to-back windows are followed this many times; more means a misconfigured provider, and the order goes. */
const MAX_CHECKS = 10;

/**
 * Runs `send` once its provider's maintenance window (if one is open) has closed, holding the
 * order on a durable timer meanwhile. Called with the order's slots held, so later orders for the
 * service (and a sync provider) wait behind it and leave in their order once the window closes;
 * the rate limit still applies when they do. The node shows `scheduled` with `heldUntil`
 * meanwhile. Windows come from the run's snapshot. A provider without windows calls `send` at
 * once, in the same tick, so runs that never meet a window keep their exact command order.
 */
export function afterMaintenance<T>(
  run: RunContext,
  nodeId: string,
  serviceOrderId: string,
  provider: { maintenanceWindows?: MaintenanceWindow[] } | undefined,
  send: () => Promise<T>,
): Promise<T> {
  const windows = provider?.maintenanceWindows;
  if (!windows?.length || !since(MAINTENANCE_WINDOW_PATCH)) return send();
  return holdWhileOpen(run, nodeId, serviceOrderId, windows).then(send);
}

async function holdWhileOpen(run: RunContext, nodeId: string, serviceOrderId: string, windows: MaintenanceWindow[]): Promise<void> {
  for (let i = 0; i < MAX_CHECKS; i++) {
    const { closesAtMs } = await localBookkeeping.maintenanceWindowClose({ windows, atMs: Date.now() });
    if (closesAtMs === undefined) return;
    run.tracker.mark(nodeId, 'scheduled', { serviceOrderId, heldUntil: new Date(closesAtMs).toISOString() });
    await run.tracker.waitFor(() => sleep(Math.max(1, closesAtMs - Date.now())));
  }
}
