// Data each browser test makes for itself through the API, under names no other test uses.
import { randomBytes } from 'node:crypto';
import type { Stack } from './stack';

export interface Api {
  <T = unknown>(method: string, url: string, body?: unknown, key?: string): Promise<{ status: number; body: T }>;
}

/** Calls the stack's API directly (not through the page), as the admin unless another key is given. */
export function apiOf(stack: () => Stack): Api {
  return async <T>(method: string, url: string, body?: unknown, key = stack().adminKey) => {
    const res = await fetch(`${stack().apiUrl}/api${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };
}

/** Six hex digits no other test is likely to have drawn. */
export const uniqueSuffix = () => randomBytes(3).toString('hex');
/** An upper-case code of its own for one test: PREFIX_A1B2C3. */
export const uniqueCode = (prefix: string) => `${prefix}_${uniqueSuffix().toUpperCase()}`;

async function expectStatus(what: string, res: Promise<{ status: number; body: unknown }>, ok: number[]): Promise<void> {
  const { status, body } = await res;
  if (!ok.includes(status)) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
}

export async function createEventCode(api: Api, code: string, name = `${code} (e2e)`): Promise<void> {
  await expectStatus(`creating event code ${code}`, api('POST', '/event-codes', { code, eventType: 'PROVISIONING', name, requiredSubjectKeys: ['msisdn'] }), [201]);
}

/** Start → activate the subscriber → welcome SMS → end, every outcome connected: ids n1…n4 as a user's drops would get. */
export const ACTIVATE_LINE_GRAPH = {
  nodes: [
    { id: 'n1', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'n2', kind: 'action', actionCode: 'HSS_ACTIVATE_SUBSCRIBER', inputs: {}, position: { x: 260, y: 0 } },
    { id: 'n3', kind: 'communication', template: 'WELCOME_SMS', to: 'subject.msisdn', position: { x: 520, y: 0 } },
    { id: 'n4', kind: 'end', result: 'completed', position: { x: 780, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'next', target: 'n2' },
    { id: 'e2', source: 'n2', sourceHandle: 'success', target: 'n3' },
    { id: 'e3', source: 'n2', sourceHandle: 'failure', target: 'n4' },
    { id: 'e4', source: 'n2', sourceHandle: 'timeout', target: 'n4' },
    { id: 'e5', source: 'n3', sourceHandle: 'success', target: 'n4' },
    { id: 'e6', source: 'n3', sourceHandle: 'failure', target: 'n4' },
  ],
};

/** Start → wait for the signal `orderConfirmed` (an hour at most) → end. */
export const WAIT_FOR_SIGNAL_GRAPH = {
  nodes: [
    { id: 'n1', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'n2', kind: 'wait', wait: { type: 'signal', signal: 'orderConfirmed', timeout: '1h' }, position: { x: 260, y: 0 } },
    { id: 'n3', kind: 'end', result: 'completed', position: { x: 520, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'next', target: 'n2' },
    { id: 'e2', source: 'n2', sourceHandle: 'next', target: 'n3' },
    { id: 'e3', source: 'n2', sourceHandle: 'timeout', target: 'n3' },
  ],
};

/** A new event code whose draft is `graph`, published once as v1. */
export async function createPublishedWorkflow(api: Api, code: string, graph: unknown = ACTIVATE_LINE_GRAPH): Promise<void> {
  await createEventCode(api, code);
  await expectStatus(`saving the draft of ${code}`, api('PUT', `/workflows/${code}/draft`, { graph }), [200]);
  await expectStatus(`publishing ${code}`, api('POST', `/workflows/${code}/publish`, { note: 'v1 (e2e fixture)' }), [200, 201]);
}
