import { expect } from 'vitest';
import type { RuntimeStack } from './runtime-stack';

/**
 * A provider of the test's own on the simulator and a published event code whose run sends it one
 * activation order (`/service/telco/gsm`, action A, keyed by MSISDN) with only a success edge, so a
 * failed order parks the run as an incident. Used by the reconciliation and outage-drill tests.
 */
export async function publishOrderingEventCode(stack: RuntimeStack, names: { provider: string; eventCode: string }): Promise<void> {
  const created = await stack.api('POST', '/api/providers', {
    code: names.provider,
    name: `${names.provider} (test)`,
    protocol: 'http',
    endpoints: [`${stack.simulatorUrl}/providers/${names.provider}`],
    auth: { type: 'none' },
    requestTimeoutMs: 5_000,
    mode: 'async',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await stack.api('POST', `/api/providers/${names.provider}/effective`, {})).status).toBe(200);
  const actionCode = `${names.eventCode}_ON`;
  const code = await stack.api('POST', '/api/action-codes', {
    code: actionCode,
    actionType: 'provisioning',
    name: `${names.eventCode} order (test)`,
    parameters: { provider: names.provider, serviceType: '/service/telco/gsm', action: 'A', fields: ['msisdn'], mode: 'confirmed', timeout: '2m' },
    retry: { maximumAttempts: 1, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1s' },
  });
  expect(code.status, JSON.stringify(code.body)).toBe(201);
  const eventCode = await stack.api('POST', '/api/event-codes', { code: names.eventCode, eventType: 'PROVISIONING', name: `${names.eventCode} (test)`, requiredSubjectKeys: ['msisdn'] });
  expect(eventCode.status, JSON.stringify(eventCode.body)).toBe(201);
  const graph = {
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'enable', kind: 'action', actionCode },
      { id: 'done', kind: 'end', result: 'completed' },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'enable' },
      { id: 'e2', source: 'enable', sourceHandle: 'success', target: 'done' },
    ],
  };
  expect((await stack.api('PUT', `/api/workflows/${names.eventCode}/draft`, { graph })).status).toBe(200);
  const published = await stack.api('POST', `/api/workflows/${names.eventCode}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(201);
}

/** `count` distinct MSISDNs for one test (unique per run of the file). */
export function msisdnsFor(count: number): string[] {
  const base = `44770${String(Date.now() % 1_000_000).padStart(6, '0')}`;
  return Array.from({ length: count }, (_, i) => `${base}${String(i).padStart(4, '0')}`);
}

export interface SimulatorRequest {
  method: string;
  path: string;
  duplicate: boolean;
  status?: number;
  body?: { serviceOrderId?: string; action?: string; subject?: { msisdn?: string } };
}

/** The orders the simulator received for a provider (POSTs; reads are GETs). */
export async function simulatorOrders(stack: RuntimeStack, provider: string): Promise<SimulatorRequest[]> {
  const answer = await stack.simulator('GET', `/control/requests?provider=${provider}`);
  return (answer.body.items as SimulatorRequest[]).filter((r) => r.method === 'POST');
}
