import { describe, expect, it } from 'vitest';
import { ActionCode, EventCode, InboundEvent, Provider, RaiseEvent, ServiceType, WorkflowGraph } from '@signalbox/domain';
import { buildVersionSnapshot } from '@signalbox/contracts';
import { planRaises, type RaiseCatalog } from './raise.planner';

const byKey = <T>(items: T[], key: (t: T) => string) => new Map(items.map((i) => [key(i), i]));
const graph = WorkflowGraph.parse({
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'bar', kind: 'action', actionCode: 'OCS_BAR' },
    { id: 'end', kind: 'end' },
  ],
  edges: [],
});

function catalog(): RaiseCatalog {
  const eventCodes = byKey(
    [
      EventCode.parse({ code: 'BAR', eventType: 'CREDIT', name: 'Bar', requiredSubjectKeys: ['accountId', 'msisdn'] }),
      EventCode.parse({ code: 'NOTE', eventType: 'CONTACT', name: 'Note' }),
      EventCode.parse({ code: 'DRAFT_ONLY', eventType: 'CONTACT', name: 'Never published' }),
      EventCode.parse({ code: 'OFF', eventType: 'CONTACT', name: 'Disabled', enabled: false }),
      EventCode.parse({ code: 'BROKEN', eventType: 'CONTACT', name: 'References a deleted action code' }),
    ],
    (e) => e.code,
  );
  const entries = {
    actionCodes: byKey([ActionCode.parse({ code: 'OCS_BAR', actionType: 'credit-control', name: 'Bar', parameters: { provider: 'ocs', operation: 'bar' } })], (a) => a.code),
    templates: new Map(),
    providers: byKey([Provider.parse({ code: 'ocs', name: 'OCS', endpoints: ['http://localhost:1/ocs'], auth: { type: 'header', header: 'X-Key', value: 'secret-value' } })], (p) => p.code),
    serviceTypes: byKey<ServiceType>([], (s) => s.code),
  };
  const published: Record<string, { version: number; graph: WorkflowGraph }> = { BAR: { version: 4, graph }, NOTE: { version: 1, graph: { nodes: [], edges: [] } },
    BROKEN: { version: 2, graph: WorkflowGraph.parse({ nodes: [{ id: 'a', kind: 'action', actionCode: 'GONE' }], edges: [] }) },
  };
  return {
    eventCodes,
    inboundEvents: byKey(
      [
        InboundEvent.parse({ name: 'Customer/ZeroFunds', level: 'customer', dispatchToAccounts: true, subscriptions: ['BAR'] }),
        InboundEvent.parse({ name: 'Account/Changed', subscriptions: ['NOTE', 'BAR'] }),
        InboundEvent.parse({ name: 'Account/Ignored', subscriptions: [] }),
      ],
      (e) => e.name,
    ),
    publishedSnapshot: async (code) => {
      const version = published[code];
      const eventCode = eventCodes.get(code);
      return version && eventCode ? buildVersionSnapshot({ eventCode, ...version }, entries) : undefined;
    },
  };
}

const now = new Date('2026-11-23T10:00:00Z');
const DAY = 86_400_000;
const plan = (events: unknown[], indexPersonalKeys = true, maxRuns = 1000) =>
  planRaises(
    events.map((e) => RaiseEvent.parse(e)),
    catalog(),
    { now, indexPersonalKeys, pathOf: (i) => ['events', i], maxRuns, maxScheduleMs: 400 * DAY },
  );

describe('planRaises', () => {
  it('plans a raise by code with its snapshot, search attributes and summary', async () => {
    const { runs, problems } = await plan([{ eventCode: 'BAR', subject: { accountId: 'A1', msisdn: '447700900123' }, idempotencyKey: 'k1', data: { amount: 3 } }]);
    expect(problems).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      workflowId: 'run:BAR:k1',
      startDelayMs: 0,
      summary: 'BAR for 447700900123, v4',
      attributes: { eventCode: 'BAR', eventType: 'CREDIT', version: 4, status: 'Running', isTest: false, accountId: 'A1', msisdn: '447700900123' },
      input: { eventId: 'k1', data: { amount: 3 }, test: false, raisedAt: now.toISOString(), snapshot: { version: 4 } },
    });
    expect(runs[0].input.snapshot.providers.ocs.auth).toEqual({ type: 'header' });
  });

  it('keeps personal keys out of the summary when indexing them is off', async () => {
    const { runs } = await plan([{ eventCode: 'BAR', subject: { accountId: 'A1', msisdn: '447700900123' } }], false);
    expect(runs[0].summary).toBe('BAR for A1, v4');
  });

  it('schedules a raise for later', async () => {
    const { runs } = await plan([{ eventCode: 'NOTE', subject: { accountId: 'A1' }, scheduledAt: '2026-11-23T11:00:00Z' }]);
    expect(runs[0]).toMatchObject({ startDelayMs: 3_600_000, attributes: { status: 'Scheduled' } });
  });

  it('fans an inbound name out to each subscribed code, and a customer-level one to each account', async () => {
    const account = await plan([{ inboundName: 'Account/Changed', subject: { accountId: 'A1', msisdn: '447700900123' }, idempotencyKey: 'e9' }]);
    expect(account.runs.map((r) => r.workflowId)).toEqual(['run:BAR:e9', 'run:NOTE:e9']);
    const customer = await plan([{ inboundName: 'Customer/ZeroFunds', subject: { customerId: 'C1', msisdn: '447700900123' }, accounts: ['A1', 'A2', 'A1'], idempotencyKey: 'z' }]);
    expect(customer.problems).toEqual([]);
    expect(customer.runs.map((r) => [r.workflowId, r.input.subject.accountId])).toEqual([
      ['run:BAR:z:A1', 'A1'],
      ['run:BAR:z:A2', 'A2'],
    ]);
  });

  it('counts the runs a request would start, accounts included, and refuses past the cap', async () => {
    const accounts = Array.from({ length: 6 }, (_, i) => `A${i}`);
    const ok = await plan([{ inboundName: 'Customer/ZeroFunds', subject: { customerId: 'C1', msisdn: '447700900123' }, accounts }], true, 6);
    expect(ok.runs).toHaveLength(6);
    const over = await plan(
      [
        { eventCode: 'NOTE', subject: { accountId: 'A1' } },
        { inboundName: 'Customer/ZeroFunds', subject: { customerId: 'C1' }, accounts },
      ],
      true,
      6,
    );
    expect(over.runs).toEqual([]);
    expect(over.problems).toEqual([{ path: 'events.1', message: expect.stringMatching(/more than 6 runs/) }]);
  });

  it('refuses scheduledAt beyond the horizon', async () => {
    const late = new Date(now.getTime() + 401 * DAY).toISOString();
    const inRange = new Date(now.getTime() + 399 * DAY).toISOString();
    const { problems } = await plan([
      { eventCode: 'NOTE', subject: { accountId: 'A1' }, scheduledAt: inRange },
      { eventCode: 'NOTE', subject: { accountId: 'A1' }, scheduledAt: late },
      { eventCode: 'NOTE', subject: { accountId: 'A1' }, scheduledAt: '9999-12-31T00:00:00Z' },
    ]);
    expect(problems).toEqual([
      { path: 'events.1.scheduledAt', message: 'must be at most 400 days from now' },
      { path: 'events.2.scheduledAt', message: 'must be at most 400 days from now' },
    ]);
  });

  it('reports every problem with its path and plans nothing', async () => {
    const { runs, problems } = await plan([
      { eventCode: 'BAR', subject: { accountId: 'A1', msisdn: '447700900123' } },
      { eventCode: 'NOPE', subject: { accountId: 'A1' } },
      { eventCode: 'BAR', subject: { accountId: 'A1' } },
      { eventCode: 'DRAFT_ONLY', subject: { accountId: 'A1' } },
      { eventCode: 'OFF', subject: { accountId: 'A1' } },
      { inboundName: 'Customer/ZeroFunds', subject: { customerId: 'C1' } },
      { inboundName: 'Account/Unknown', subject: { accountId: 'A1' } },
      { inboundName: 'Account/Ignored', subject: { accountId: 'A1' } },
      { eventCode: 'NOTE', subject: { accountId: 'A1' }, accounts: ['A2'] },
      { eventCode: 'BROKEN', subject: { accountId: 'A1' } },
    ]);
    expect(runs).toEqual([]);
    expect(problems).toEqual([
      { path: 'events.1.eventCode', message: 'event code NOPE does not exist' },
      { path: 'events.2.subject.msisdn', message: 'is required for BAR' },
      { path: 'events.3.eventCode', message: 'DRAFT_ONLY has no published workflow version: publish it first' },
      { path: 'events.4.eventCode', message: 'event code OFF is disabled' },
      { path: 'events.5.accounts', message: "is required: Customer/ZeroFunds is raised once for each of the customer's accounts; list them" },
      { path: 'events.6.inboundName', message: 'inbound event Account/Unknown does not exist' },
      { path: 'events.7.inboundName', message: 'Account/Ignored is not subscribed to any event code' },
      { path: 'events.8.accounts', message: 'is only for customer-level inbound events that dispatch to accounts' },
      { path: 'events.9.eventCode', message: 'the published workflow of BROKEN is broken: action code GONE does not exist (graph.nodes.0.actionCode)' },
    ]);
  });
});
