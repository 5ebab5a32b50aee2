// The catalog the engine benchmark imports (POST /api/catalog/import): one event code whose
// published six-step flow is provisioning confirmed ×3 on one service (activate, suspend,
// reactivate: every order succeeds at the simulator), a decision, an SMS and a credit-control bar.

export const BENCH_EVENT_CODE = 'BENCH_SIX_STEP';
/** BENCH_PARKED: a run that waits (up to an hour) for a signal, to weigh parked runs in the worker. */
export const BENCH_PARK_CODE = 'BENCH_PARK';
export const BENCH_PROVIDERS = { hss: 'bench-hss', ocs: 'bench-ocs' };
const SERVICE_TYPE = '/service/telco/bench';

const graph = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'activate', kind: 'action', actionCode: 'BENCH_ACTIVATE' },
    { id: 'suspend', kind: 'action', actionCode: 'BENCH_SUSPEND' },
    { id: 'reactivate', kind: 'action', actionCode: 'BENCH_REACTIVATE' },
    { id: 'has_number', kind: 'decision', branches: [{ id: 'notify', condition: '$exists(subject.msisdn)' }] },
    { id: 'sms', kind: 'communication', template: 'BENCH_READY_SMS', to: 'subject.msisdn' },
    { id: 'bar', kind: 'action', actionCode: 'BENCH_BAR' },
    { id: 'done', kind: 'end', result: 'completed' },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'activate' },
    { id: 'e2', source: 'activate', sourceHandle: 'success', target: 'suspend' },
    { id: 'e3', source: 'suspend', sourceHandle: 'success', target: 'reactivate' },
    { id: 'e4', source: 'reactivate', sourceHandle: 'success', target: 'has_number' },
    { id: 'e5', source: 'has_number', sourceHandle: 'notify', target: 'sms' },
    { id: 'e6', source: 'has_number', sourceHandle: 'default', target: 'bar' },
    { id: 'e7', source: 'sms', sourceHandle: 'success', target: 'bar' },
    { id: 'e8', source: 'bar', sourceHandle: 'success', target: 'done' },
  ],
};

const parkGraph = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'wait', kind: 'wait', wait: { type: 'signal', signal: 'go', timeout: '1h' } },
    { id: 'done', kind: 'end', result: 'completed' },
  ],
  edges: [
    { id: 'p1', source: 'start', sourceHandle: 'next', target: 'wait' },
    { id: 'p2', source: 'wait', sourceHandle: 'next', target: 'done' },
    { id: 'p3', source: 'wait', sourceHandle: 'timeout', target: 'done' },
  ],
};

const provisioning = (code, action) => ({
  code,
  actionType: 'provisioning',
  name: `Bench ${action}`,
  parameters: { provider: BENCH_PROVIDERS.hss, serviceType: SERVICE_TYPE, action, fields: [], mode: 'confirmed', timeout: '20s', maxWait: '1h', priority: 'normal' },
});

export function benchCatalog(simulatorUrl) {
  const provider = (code, name) => ({
    code,
    name,
    protocol: 'http',
    endpoints: [`${simulatorUrl}/providers/${code}`],
    auth: { type: 'none' },
    requestTimeoutMs: 10_000,
    mode: 'async',
    state: 'effective',
  });
  return {
    format: 'signalbox.catalog/v1',
    eventTypes: [{ code: 'BENCH', name: 'Benchmark' }],
    eventCodes: [
      { code: BENCH_EVENT_CODE, eventType: 'BENCH', name: 'Bench six-step flow', requiredSubjectKeys: ['serviceId', 'msisdn'] },
      { code: BENCH_PARK_CODE, eventType: 'BENCH', name: 'Bench parked run', requiredSubjectKeys: ['serviceId'] },
    ],
    providers: [provider(BENCH_PROVIDERS.hss, 'Bench HSS'), provider(BENCH_PROVIDERS.ocs, 'Bench OCS')],
    serviceTypes: [{ code: SERVICE_TYPE, name: 'Bench line', telco: true, defaultMode: 'confirmed', fields: ['msisdn'] }],
    actionCodes: [
      provisioning('BENCH_ACTIVATE', 'A'),
      provisioning('BENCH_SUSPEND', 'S'),
      provisioning('BENCH_REACTIVATE', 'R'),
      { code: 'BENCH_BAR', actionType: 'credit-control', name: 'Bench bar', parameters: { provider: BENCH_PROVIDERS.ocs, operation: 'bar', barType: 'outgoing', reason: 'BENCH' } },
    ],
    templates: [{ code: 'BENCH_READY_SMS', name: 'Bench ready', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Your line {{ subject.msisdn }} is ready.' }] }],
    workflows: [
      { eventCode: BENCH_EVENT_CODE, draft: graph, versions: [{ eventCode: BENCH_EVENT_CODE, version: 1, graph, publishedAt: new Date().toISOString() }] },
      { eventCode: BENCH_PARK_CODE, draft: parkGraph, versions: [{ eventCode: BENCH_PARK_CODE, version: 1, graph: parkGraph, publishedAt: new Date().toISOString() }] },
    ],
  };
}
