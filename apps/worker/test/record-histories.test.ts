/**
 * Records the workflow histories that libs/workflows/test/replay.test.ts replays against the
 * current workflow code: one real run (real Temporal dev server, database and simulator) per path a
 * published graph can take. Skipped unless SIGNALBOX_RECORD_HISTORIES names the output folder:
 *
 *   cd apps/worker && SIGNALBOX_RECORD_HISTORIES=libs/workflows/test/histories npx vitest run test/record-histories.test.ts
 *
 * (a relative folder is taken from the repository root). Re-record only on purpose: the committed
 * histories are what proves that a workflow change keeps runs already in flight working.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, WorkflowFailedError, type WorkflowClientInterceptor, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageStore, TmfStore } from '@signalbox/persistence';
import {
  incidentUpdate,
  serviceQueueWorkflowId,
  type RunState,
  messageUpdate,
  namedSignal,
  orderResponseSignal,
  stateQuery,
  tmfCancelOrderSignal,
  tmfHubStopSignal,
  tmfHubWorkflowId,
  tmfItemEventId,
  tmfOrderWorkflowId,
  runWorkflowId,
  WORKFLOW_TYPES,
  type TmfOrderWorkflow,
} from '@signalbox/contracts';
import type { ActionCode, GraphNode, TmfItemPlan } from '@signalbox/domain';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { freePort, repoRoot } from '@signalbox/tools/infra';
import { ensureTemporalBinary, startDevServer, type DevServer } from '@signalbox/tools/temporal';
import { waitFor } from '@signalbox/tools/wait';
import { action, end, graph, provisioningCode, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

const OUT = process.env.SIGNALBOX_RECORD_HISTORIES;
/** The dev server suggests continue-as-new past this many events (the queue workflow's recording continued after a few orders). */
const SUGGEST_CONTINUE_AS_NEW_EVENTS = 60;
/** Hub retry window here: a listener that refuses twice still gets its event, one that is down becomes a dead letter in seconds. */
const HUB_GIVE_UP_AFTER_MS = 8000;

let temporal: DevServer;
let h: Harness;
let partner: Server;

async function save(name: string, handle: { fetchHistory(): Promise<unknown> }): Promise<void> {
  const dir = path.resolve(repoRoot(), OUT as string);
  await mkdir(dir, { recursive: true });
  // Failures carry stack traces with this checkout's absolute path: keep the repository free of them.
  const json = JSON.stringify(await handle.fetchHistory()).replaceAll(`${repoRoot()}${path.sep}`, '');
  await writeFile(path.join(dir, `${name}.json`), `${json}\n`);
}

async function finish(name: string, run: WorkflowHandle): Promise<RunState> {
  const state = await finalRunState(run);
  await save(name, run);
  return state;
}

async function nodeReaches(run: WorkflowHandle, nodeId: string, status: string): Promise<RunState['nodes'][string]> {
  return waitFor(
    async () => {
      const node = (await run.query(stateQuery)).nodes[nodeId];
      return node?.status === status ? node : undefined;
    },
    { message: `${nodeId} of ${run.workflowId} to be ${status}` },
  );
}

const node = (n: GraphNode) => n;
const oneStep = (code: string) =>
  graph([start(), action('a1', code), end('ok'), end('bad', 'failed'), end('late', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad', 'a1:timeout->late']);

describe.skipIf(!OUT)('record histories for the replay test', () => {
  beforeAll(async () => {
    temporal = await startDevServer({
      binary: await ensureTemporalBinary({ allowBuild: false }),
      port: await freePort(),
      headless: true,
      extraArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_CONTINUE_AS_NEW_EVENTS}`],
    });
    h = await startHarness({ temporal, config: { tmfHubGiveUpAfterMs: HUB_GIVE_UP_AFTER_MS } });
    partner = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ticket":"T-1"}'));
    });
    await new Promise<void>((r) => partner.listen(0, '127.0.0.1', r));

    const providers = [
      simulatorProvider(h.simulatorUrl, 'hss'),
      simulatorProvider(h.simulatorUrl, 'hss-hang'),
      simulatorProvider(h.simulatorUrl, 'hss-down'),
      simulatorProvider(h.simulatorUrl, 'hss-gone'),
      simulatorProvider(h.simulatorUrl, 'agent-silent', { mode: 'async' }),
      simulatorProvider(h.simulatorUrl, 'agent-callback', { mode: 'async' }),
      simulatorProvider(h.simulatorUrl, 'ocs'),
      { ...simulatorProvider(h.simulatorUrl, 'crm'), endpoints: [`http://127.0.0.1:${(partner.address() as AddressInfo).port}`] },
    ];
    for (const p of providers) h.catalog.providers[p.code] = p;
    h.catalog.serviceTypes['/service/telco/gprs'] = serviceType('/service/telco/gprs');
    const prov = (...args: Parameters<typeof provisioningCode>): void => {
      h.catalog.actionCodes[args[0]] = provisioningCode(...args);
    };
    prov('HSS_ACTIVATE', 'hss');
    prov('HSS_DEACTIVATE', 'hss', { action: 'D' });
    prov('HSS_PREPARE', 'hss', {}, 'HSS_DEACTIVATE');
    prov('HSS_HANGING', 'hss-hang', { timeout: '1s' });
    prov('HSS_DOWN', 'hss-down');
    prov('HSS_GONE', 'hss-gone');
    prov('AGENT_QUEUED', 'agent-silent', { mode: 'queued', maxWait: '10m' });
    prov('AGENT_QUEUED_SHORT', 'agent-silent', { mode: 'queued', maxWait: '500ms' });
    prov('AGENT_CALLBACK', 'agent-callback', { mode: 'queued', maxWait: '10m' });
    const codes: ActionCode[] = [
      { code: 'OCS_BAR', actionType: 'credit-control', name: 'Bar', parameters: { provider: 'ocs', operation: 'bar', barType: 'outgoing', reason: 'NON_PAYMENT' } },
      { code: 'OCS_TOPUP', actionType: 'subscription-service', name: 'Top-up', parameters: { provider: 'ocs', operation: 'add', service: 'AIRTIME' } },
      { code: 'CRM_TICKET', actionType: 'http-call', name: 'Open ticket', parameters: { provider: 'crm', method: 'POST', path: '/tickets' } },
      { code: 'SMS_WELCOME', actionType: 'communication', name: 'Welcome SMS', parameters: { template: 'WELCOME', to: 'subject.msisdn' } },
      { code: 'MAIL_WELCOME', actionType: 'communication', name: 'Welcome mail', parameters: { template: 'WELCOME_MAIL', to: 'data.email' } },
    ];
    for (const c of codes) h.catalog.actionCodes[c.code] = c;
    h.catalog.templates['WELCOME'] = { code: 'WELCOME', name: 'Welcome', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Hello {{ data.name }}, {{ subject.msisdn }} is ready.' }] };
    h.catalog.templates['WELCOME_MAIL'] = {
      code: 'WELCOME_MAIL',
      name: 'Welcome mail',
      channel: 'email',
      defaultLocale: 'en',
      variants: [{ locale: 'en', subject: 'Welcome', body: 'Hello {{ data.name }}.' }],
    };
    h.catalog.published['LINKED_CHILD'] = snapshot(h, 'LINKED_CHILD', graph([start(), end('ok')], ['start:next->ok']));

    await simulator('/control/providers/hss-hang', { method: 'PUT', body: { hang: true } });
    await simulator('/control/providers/hss-down', { method: 'PUT', body: { down: true } });
    await simulator('/control/providers/hss-gone', { method: 'PUT', body: { down: true } });
    await simulator('/control/providers/agent-silent', { method: 'PUT', body: { mode: 'async', callbackDelayMs: 600_000 } });
    await simulator('/control/providers/agent-callback', { method: 'PUT', body: { mode: 'async', callbackDelayMs: 200 } });
  });

  afterAll(async () => {
    await h?.stop();
    await new Promise((r) => partner?.close(r));
    await temporal?.stop();
  });

  // Node kinds

  it('node-decision', async () => {
    const g = graph(
      [start(), node({ id: 'd', kind: 'decision', branches: [{ id: 'big', condition: 'data.amount >= 20' }, { id: 'any', condition: 'data.amount > 0' }] }), end('e_big'), end('e_any'), end('e_none')],
      ['start:next->d', 'd:big->e_big', 'd:any->e_any', 'd:default->e_none'],
    );
    const state = await finish('node-decision', await startRun(h, snapshot(h, 'DECIDE', g), { data: { amount: 5 } }));
    expect(state.trail).toEqual(['start', 'd', 'e_any']);
  });

  it('expression-budget-local-activity', async () => {
    // A budget a little over one expression's: the first decisions run in the sandbox, then the
    // run-expression-budget patch and the rest as local activities (one marker each).
    const checks = ['c1', 'c2', 'c3', 'c4'];
    const g = graph(
      [start(), ...checks.map((id) => node({ id, kind: 'decision', branches: [{ id: 'stop', condition: 'data.amount < 0' }] })), end('e_stop'), end('e_done')],
      ['start:next->c1', ...checks.flatMap((id, i) => [`${id}:stop->e_stop`, `${id}:default->${checks[i + 1] ?? 'e_done'}`])],
    );
    const state = await finish('expression-budget-local-activity', await startRun(h, snapshot(h, 'BUDGETED', g), { data: { amount: 5 }, limits: { maxExpressionSteps: 560 } }));
    expect(state.trail).toEqual(['start', ...checks, 'e_done']);
  });

  it('node-communication-sms', async () => {
    const g = graph([start(), node({ id: 'sms', kind: 'communication', template: 'WELCOME' }), end('ok'), end('bad', 'failed')], ['start:next->sms', 'sms:success->ok', 'sms:failure->bad']);
    const state = await finish('node-communication-sms', await startRun(h, snapshot(h, 'SMS_NODE', g), { subject: { msisdn: '447700900301' }, data: { name: 'Ada' } }));
    expect(state.trail).toEqual(['start', 'sms', 'ok']);
  });

  it('node-wait-duration', async () => {
    const g = graph([start(), node({ id: 'w', kind: 'wait', wait: { type: 'duration', duration: '200ms' } }), end('ok')], ['start:next->w', 'w:next->ok']);
    const state = await finish('node-wait-duration', await startRun(h, snapshot(h, 'WAIT_DURATION', g)));
    expect(state.trail).toEqual(['start', 'w', 'ok']);
  });

  it('node-wait-until', async () => {
    const g = graph([start(), node({ id: 'w', kind: 'wait', wait: { type: 'until', expression: '$millis() + 200' } }), end('ok')], ['start:next->w', 'w:next->ok']);
    const state = await finish('node-wait-until', await startRun(h, snapshot(h, 'WAIT_UNTIL', g)));
    expect(state.trail).toEqual(['start', 'w', 'ok']);
    expect(state.nodes.w.input).toEqual({ until: expect.any(String) });
  });

  it('node-wait-signal', async () => {
    const g = graph(
      [start(), node({ id: 'w', kind: 'wait', wait: { type: 'signal', signal: 'porting-done', timeout: '10m' } }), end('ok'), end('late', 'failed')],
      ['start:next->w', 'w:next->ok', 'w:timeout->late'],
    );
    const run = await startRun(h, snapshot(h, 'WAIT_SIGNAL', g));
    await nodeReaches(run, 'w', 'in-progress');
    await run.signal(namedSignal, { name: 'porting-done', payload: { ref: 'P1' } });
    const state = await finish('node-wait-signal', run);
    expect(state.trail).toEqual(['start', 'w', 'ok']);
    expect(state.nodes.w.output).toEqual({ signal: 'porting-done', payload: { ref: 'P1' } });
  });

  it('node-wait-message', async () => {
    // Delivered by update to the registered wait, as POST /api/messages does.
    const g = graph(
      [start(), node({ id: 'w', kind: 'wait', wait: { type: 'message', message: 'activated', correlateBy: ['msisdn'], timeout: '10m' } }), end('ok'), end('late', 'failed')],
      ['start:next->w', 'w:next->ok', 'w:timeout->late'],
    );
    const run = await startRun(h, snapshot(h, 'WAIT_MESSAGE', g), { subject: { msisdn: '447700900311' } });
    await waitFor(async () => ((await run.query(stateQuery)).nodes.w?.input as { registered?: boolean } | undefined)?.registered, { message: 'the message wait to be registered' });
    const { message, waiting } = await new MessageStore(h.dataSource).publish({ name: 'activated', correlationKeys: { msisdn: '447700900311' }, payload: { ref: 'A1' }, ttlSeconds: 60 });
    expect(waiting).toEqual([run.workflowId]);
    await run.executeUpdate(messageUpdate, { args: [{ messageId: message.id, name: 'activated', correlationKeys: { msisdn: '447700900311' }, payload: { ref: 'A1' } }] });
    const state = await finish('node-wait-message', run);
    expect(state.trail).toEqual(['start', 'w', 'ok']);
    expect(state.nodes.w.output).toMatchObject({ message: 'activated', messageId: message.id, payload: { ref: 'A1' } });
  });

  it('node-wait-message-buffered', async () => {
    // Sent before the run waits: the claim activity takes it from the buffer.
    const { message } = await new MessageStore(h.dataSource).publish({ name: 'ported', correlationKeys: { msisdn: '447700900312' }, payload: { ref: 'B1' }, ttlSeconds: 600 });
    const g = graph(
      [start(), node({ id: 'w', kind: 'wait', wait: { type: 'message', message: 'ported', correlateBy: ['msisdn'], timeout: '10m' } }), end('ok'), end('late', 'failed')],
      ['start:next->w', 'w:next->ok', 'w:timeout->late'],
    );
    const state = await finish('node-wait-message-buffered', await startRun(h, snapshot(h, 'WAIT_MESSAGE_BUFFERED', g), { subject: { msisdn: '447700900312' } }));
    expect(state.trail).toEqual(['start', 'w', 'ok']);
    expect(state.nodes.w.output).toMatchObject({ messageId: message.id, payload: { ref: 'B1' } });
  });

  it('node-wait-signal-timeout', async () => {
    const g = graph(
      [start(), node({ id: 'w', kind: 'wait', wait: { type: 'signal', signal: 'never', timeout: '300ms' } }), end('ok'), end('late', 'failed')],
      ['start:next->w', 'w:next->ok', 'w:timeout->late'],
    );
    const state = await finish('node-wait-signal-timeout', await startRun(h, snapshot(h, 'WAIT_SIGNAL_LATE', g)));
    expect(state.trail).toEqual(['start', 'w', 'late']);
    expect(state.nodes.w.status).toBe('timed-out');
  });

  it('node-parallel-join', async () => {
    const g = graph(
      [
        start(),
        node({ id: 'p', kind: 'parallel' }),
        node({ id: 'slow', kind: 'wait', wait: { type: 'duration', duration: '400ms' } }),
        node({ id: 'fast', kind: 'wait', wait: { type: 'duration', duration: '100ms' } }),
        node({ id: 'j', kind: 'join' }),
        end('done'),
      ],
      ['start:next->p', 'p:next->slow', 'p:next->fast', 'slow:next->j', 'fast:next->j', 'j:next->done'],
    );
    const state = await finish('node-parallel-join', await startRun(h, snapshot(h, 'FORK', g)));
    expect(state.trail).toEqual(['start', 'p', 'slow', 'fast', 'j', 'done']);
  });

  it('node-link-event', async () => {
    const g = graph([start(), node({ id: 'link', kind: 'link-event', eventCode: 'LINKED_CHILD', delay: '200ms' }), end('ok')], ['start:next->link', 'link:next->ok']);
    const state = await finish('node-link-event', await startRun(h, snapshot(h, 'LINKER', g)));
    expect(state.trail).toEqual(['start', 'link', 'ok']);
    expect(state.nodes.link.output).toMatchObject({ started: true });
  });

  it('node-end-completed', async () => {
    const state = await finish('node-end-completed', await startRun(h, snapshot(h, 'ENDS_OK', graph([start(), end('ok')], ['start:next->ok']))));
    expect(state).toMatchObject({ result: 'completed', status: 'Completed', trail: ['start', 'ok'] });
  });

  it('node-end-failed', async () => {
    const g = graph([start(), node({ id: 'stop', kind: 'end', result: 'failed', reason: 'customer unknown' })], ['start:next->stop']);
    const state = await finish('node-end-failed', await startRun(h, snapshot(h, 'ENDS_FAILED', g)));
    expect(state).toMatchObject({ result: 'failed', reason: 'customer unknown', status: 'Failed' });
  });

  it('node-scheduled-delay', async () => {
    const g = graph([start(), node({ id: 'later', kind: 'communication', template: 'WELCOME', schedule: { type: 'delay', duration: '300ms' } }), end('ok')], ['start:next->later', 'later:success->ok']);
    const state = await finish('node-scheduled-delay', await startRun(h, snapshot(h, 'SCHEDULED', g), { subject: { msisdn: '447700900302' }, data: { name: 'Bo' } }));
    expect(state.trail).toEqual(['start', 'later', 'ok']);
  });

  it('node-scheduled-at', async () => {
    const g = graph([start(), node({ id: 'at', kind: 'communication', template: 'WELCOME', schedule: { type: 'at', expression: '$millis() + 300' } }), end('ok')], ['start:next->at', 'at:success->ok']);
    const state = await finish('node-scheduled-at', await startRun(h, snapshot(h, 'SCHEDULED_AT', g), { subject: { msisdn: '447700900306' }, data: { name: 'Ed' } }));
    expect(state.trail).toEqual(['start', 'at', 'ok']);
  });

  // Action types

  it('action-provisioning-confirmed', async () => {
    const state = await finish('action-provisioning-confirmed', await startRun(h, snapshot(h, 'GPRS_ON', oneStep('HSS_ACTIVATE')), { data: { apn: 'internet' } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  // A run whose start carried a trace context (an API with tracing on): the tracing interceptor
  // module's traced path (spans, trace headers on scheduled activities) must replay as well.
  it('traced-action-provisioning-confirmed', async () => {
    const carrier = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    const withTraceContext: WorkflowClientInterceptor = {
      start: (input, next) => next({ ...input, headers: { ...input.headers, [TRACE_HEADER]: defaultPayloadConverter.toPayload(carrier) } }),
    };
    const traced = new Client({ connection: h.client.connection, namespace: h.client.options.namespace, interceptors: { workflow: [withTraceContext] } });
    const run = await startRun({ ...h, client: traced }, snapshot(h, 'GPRS_ON', oneStep('HSS_ACTIVATE')), { data: { apn: 'internet' } });
    const state = await finish('traced-action-provisioning-confirmed', run);
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    const scheduled = (await run.fetchHistory()).events?.filter((e) => e.activityTaskScheduledEventAttributes) ?? [];
    expect(scheduled.length).toBeGreaterThan(0);
    for (const e of scheduled) expect(Object.keys(e.activityTaskScheduledEventAttributes?.header?.fields ?? {})).toContain(TRACE_HEADER);
  });

  it('action-provisioning-queued', async () => {
    const run = await startRun(h, snapshot(h, 'QUEUED', oneStep('AGENT_QUEUED')));
    const a1 = await nodeReaches(run, 'a1', 'sent-to-network');
    await run.signal(orderResponseSignal, { serviceOrderId: a1.serviceOrderId as string, status: 'COMPLETED', payload: { hlr: 'ok' } });
    const state = await finish('action-provisioning-queued', run);
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  it('action-credit-control', async () => {
    const state = await finish('action-credit-control', await startRun(h, snapshot(h, 'BAR', oneStep('OCS_BAR')), { subject: { msisdn: '447700900303', serviceId: 'svc-bar' } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  it('action-subscription-service', async () => {
    const g = graph([start(), action('a1', 'OCS_TOPUP', { amount: 'data.amount' }), end('ok'), end('bad', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad']);
    const state = await finish('action-subscription-service', await startRun(h, snapshot(h, 'TOPUP', g), { subject: { msisdn: '447700900304', serviceId: 'svc-topup' }, data: { amount: 10 } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  it('action-account-type-movement', async () => {
    h.catalog.actionCodes['BRM_MOVE'] = { code: 'BRM_MOVE', actionType: 'account-type-movement', name: 'Move to postpaid', parameters: { provider: 'ocs', fromType: 'prepaid', toType: 'postpaid' } };
    const state = await finish('action-account-type-movement', await startRun(h, snapshot(h, 'MOVE', oneStep('BRM_MOVE')), { subject: { accountId: 'acc-move' } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  it('action-provisioning-device', async () => {
    h.catalog.serviceTypes['/device/sim'] = serviceType('/device/sim');
    h.catalog.actionCodes['SIM_STATE'] = provisioningCode('SIM_STATE', 'hss', {
      serviceType: '/device/sim',
      kind: 'device',
      device: { type: '/device/sim', states: { activated: 'A' }, fields: { ICCID: 'data.iccid' } },
    });
    const state = await finish('action-provisioning-device', await startRun(h, snapshot(h, 'SIM_STATE', oneStep('SIM_STATE')), { subject: { msisdn: '447700900306', serviceId: 'svc-sim' }, data: { deviceState: 'activated', iccid: '8944000000000000009' } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  it('action-provisioning-maintenance-hold', async () => {
    // A window that opened this minute and closes in 8 s: the order waits for it on a timer.
    const now = Date.now();
    const opened = new Date(Math.floor(now / 60_000) * 60_000);
    const window = { cron: `${opened.getUTCMinutes()} ${opened.getUTCHours()} * * *`, duration: `${now + 8_000 - opened.getTime()}ms`, timeZone: 'UTC' };
    h.catalog.providers['hss-window'] = simulatorProvider(h.simulatorUrl, 'hss-window', { maintenanceWindows: [window] });
    h.catalog.actionCodes['HSS_WINDOW'] = provisioningCode('HSS_WINDOW', 'hss-window');
    const state = await finish('action-provisioning-maintenance-hold', await startRun(h, snapshot(h, 'WINDOW', oneStep('HSS_WINDOW')), { subject: { msisdn: '447700900307', serviceId: 'svc-window' } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    expect(state.nodes.a1.heldUntil).toBeDefined();
  });

  it('action-http-call', async () => {
    const state = await finish('action-http-call', await startRun(h, snapshot(h, 'TICKET', oneStep('CRM_TICKET')), { data: { reason: 'bar' } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    expect(state.nodes.a1.output).toMatchObject({ httpStatus: 200, body: { ticket: 'T-1' } });
  });

  it('action-communication-sms', async () => {
    const state = await finish('action-communication-sms', await startRun(h, snapshot(h, 'SMS_ACTION', oneStep('SMS_WELCOME')), { subject: { msisdn: '447700900305' }, data: { name: 'Cy' } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  it('action-communication-email', async () => {
    const state = await finish('action-communication-email', await startRun(h, snapshot(h, 'MAIL_ACTION', oneStep('MAIL_WELCOME')), { data: { name: 'Di', email: 'di@example.test' } }));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  // Provisioning paths

  it('compensation-after-confirmed-timeout', async () => {
    const g = graph(
      [start(), action('prep', 'HSS_PREPARE'), action('hang', 'HSS_HANGING'), end('ok'), end('late', 'failed')],
      ['start:next->prep', 'prep:success->hang', 'hang:success->ok', 'hang:timeout->late'],
    );
    const state = await finish('compensation-after-confirmed-timeout', await startRun(h, snapshot(h, 'HANGS', g)));
    expect(state.trail).toEqual(['start', 'prep', 'hang', 'late']);
    expect(state.nodes.prep.status).toBe('compensated');
  });

  it('queued-answered-by-callback', async () => {
    const state = await finish('queued-answered-by-callback', await startRun(h, snapshot(h, 'CALLBACK', oneStep('AGENT_CALLBACK'))));
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
  });

  it('queued-timeout', async () => {
    const state = await finish('queued-timeout', await startRun(h, snapshot(h, 'QUEUED_LATE', oneStep('AGENT_QUEUED_SHORT'))));
    expect(state.trail).toEqual(['start', 'a1', 'late']);
  });

  it('run-cancelled', async () => {
    const run = await startRun(h, snapshot(h, 'CANCELLED', oneStep('AGENT_QUEUED')));
    await nodeReaches(run, 'a1', 'sent-to-network');
    await run.cancel();
    await expect(run.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect((await run.describe()).status.name).toBe('CANCELLED');
    await save('run-cancelled', run);
  });

  // Order slots (rows since patched('slot-rows'); the service-queue-* histories were recorded
  // when a queue workflow per service held them, and still replay).

  it('order-slot-granted-after-wait', async () => {
    const serviceId = `svc-slot-${randomUUID().slice(0, 8)}`;
    const subject = { msisdn: '447700900310', serviceId };
    // The first order holds the service until answered, so the second waits for the grant signal.
    const holder = await startRun(h, snapshot(h, 'SLOT_HOLDER', oneStep('AGENT_QUEUED')), { subject });
    const held = await nodeReaches(holder, 'a1', 'sent-to-network');
    const waiter = await startRun(h, snapshot(h, 'SLOT_WAITER', oneStep('HSS_ACTIVATE')), { subject });
    await waitFor(async () => (await h.slots.line(serviceQueueWorkflowId(serviceId))).waiting.length === 1, { message: 'the second order to wait' });
    await holder.signal(orderResponseSignal, { serviceOrderId: held.serviceOrderId as string, status: 'COMPLETED' });
    expect((await finalRunState(holder)).result).toBe('completed');
    expect((await finish('order-slot-granted-after-wait', waiter)).result).toBe('completed');
  });

  // Incidents: a step with no failure path parks until an operator decides.

  const successOnly = (code: string) => graph([start(), action('a1', code, { apn: "'internet'" }), end('ok')], ['start:next->a1', 'a1:success->ok']);
  const parked = (run: WorkflowHandle) =>
    waitFor(async () => ((await run.query(stateQuery)).status === 'Incident' ? true : undefined), { message: `${run.workflowId} to park as an incident` });

  it('incident-retried', async () => {
    const run = await startRun(h, snapshot(h, 'INCIDENT_RETRY', successOnly('HSS_DOWN')));
    await parked(run);
    await simulator('/control/providers/hss-down', { method: 'PUT', body: { down: false } });
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'retry', inputs: { apn: 'ops' } }] });
    const state = await finish('incident-retried', run);
    expect(state.trail).toEqual(['start', 'a1', 'a1', 'ok']);
  });

  it('incident-skipped', async () => {
    const run = await startRun(h, snapshot(h, 'INCIDENT_SKIP', successOnly('HSS_GONE')));
    await parked(run);
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'skip', outcome: 'success', output: { done: 'by hand' } }] });
    const state = await finish('incident-skipped', run);
    expect(state.nodes.a1.status).toBe('skipped');
  });

  // Webhooks (patched('run-state-events')): the run writes started, parked, resumed and ended to the outbox.
  it('run-state-events', async () => {
    const run = await startRun(h, snapshot(h, 'STATE_EVENTS', successOnly('HSS_GONE')));
    await parked(run);
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'skip', outcome: 'success', output: { done: 'by hand' } }] });
    await finish('run-state-events', run);
    const rows: { state: string }[] = await h.dataSource.query(`SELECT state FROM webhook_outbox WHERE subject_id = $1 ORDER BY id`, [run.workflowId]);
    expect(rows.map((r) => r.state)).toEqual(['Running', 'Incident', 'Running', 'Completed']);
  });

  // TMF641: an order's orchestration (tmfServiceOrderWorkflow) and a hub listener's outbox (tmfHubDeliveryWorkflow)

  const tmf = () => new TmfStore(h.dataSource);
  const quick = () => graph([start(), end('ok')], ['start:next->ok']);
  const item = (itemId: string, eventCode: string, dependsOn: string[] = []): TmfItemPlan => ({
    itemId,
    action: 'add',
    specificationId: 'mobile-line',
    eventCode,
    subject: { msisdn: '447700900320' },
    data: {},
    dependsOn,
  });
  /** Stores the order (its workflow writes its states there) and starts its workflow, as POST /serviceOrder does. */
  async function startTmfOrder(items: TmfItemPlan[]) {
    const orderId = randomUUID();
    await tmf().createOrder({
      id: orderId,
      request: { serviceOrderItem: items.map((i) => ({ id: i.itemId, action: i.action })) },
      items: Object.fromEntries(items.map((i) => [i.itemId, { state: 'acknowledged' as const }])),
      createdBy: 'recorder',
    });
    const handle = await h.client.workflow.start<TmfOrderWorkflow>(WORKFLOW_TYPES.tmfOrder, { taskQueue: h.taskQueue, workflowId: tmfOrderWorkflowId(orderId), args: [{ orderId, items }] });
    return { orderId, handle };
  }

  it('tmf-order-completed, tmf-hub-delivery, tmf-hub-dead-letter', async () => {
    h.catalog.published['TMF_REC_ADD'] = snapshot(h, 'TMF_REC_ADD', quick());
    h.catalog.published['TMF_REC_MODIFY'] = snapshot(h, 'TMF_REC_MODIFY', quick());
    // Two listeners of the order's creation: one refuses twice and then takes it, one stays down (a dead letter).
    let refusals = 2;
    const listener = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(req.url === '/down' || (req.url === '/flaky' && refusals-- > 0) ? 503 : 204).end());
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    const subscribe = (where: string) => tmf().createSubscription({ id: randomUUID(), callback: `${base}${where}`, query: 'eventType=ServiceOrderCreateEvent', sealedSecret: 'recording', createdBy: 'recorder' });
    const flaky = await subscribe('/flaky');
    const down = await subscribe('/down');
    try {
      const { handle } = await startTmfOrder([item('1', 'TMF_REC_ADD'), item('2', 'TMF_REC_MODIFY', ['1'])]);
      expect(await handle.result()).toEqual({ state: 'completed', items: { '1': 'completed', '2': 'completed' } });
      await save('tmf-order-completed', handle);

      const delivery = (subscriptionId: string, status: 'delivered' | 'dead') =>
        waitFor(async () => (await tmf().deliveries({ subscriptionId, status, limit: 1 }))[0], { message: `a ${status} delivery to ${subscriptionId}`, timeout: 120_000 });
      expect((await delivery(flaky.id, 'delivered')).attempts).toBe(3);
      expect((await delivery(down.id, 'dead')).lastStatus).toBe(503);
      for (const [name, sub] of [
        ['tmf-hub-delivery', flaky],
        ['tmf-hub-dead-letter', down],
      ] as const) {
        // As DELETE /hub/{id} does: forget the listener, stop its workflow.
        await tmf().deleteSubscription(sub.id);
        const hub = h.client.workflow.getHandle(tmfHubWorkflowId(sub.id));
        await hub.signal(tmfHubStopSignal);
        await hub.result();
        await save(name, hub);
      }
    } finally {
      await new Promise((r) => listener.close(r));
    }
  });

  it('tmf-order-partial', async () => {
    // Item 1 fails, so item 2 (which depends on it) never starts; item 3 completes on its own.
    h.catalog.published['TMF_REC_FAIL'] = snapshot(h, 'TMF_REC_FAIL', graph([start(), end('no', 'failed')], ['start:next->no']));
    h.catalog.published['TMF_REC_ADD'] = snapshot(h, 'TMF_REC_ADD', quick());
    const { handle } = await startTmfOrder([item('1', 'TMF_REC_FAIL'), item('2', 'TMF_REC_ADD', ['1']), item('3', 'TMF_REC_ADD')]);
    expect(await handle.result()).toEqual({ state: 'partial', items: { '1': 'failed', '2': 'cancelled', '3': 'completed' } });
    await save('tmf-order-partial', handle);
  });

  it('tmf-order-cancelled', async () => {
    const waits = graph(
      [start(), node({ id: 'w', kind: 'wait', wait: { type: 'signal', signal: 'never', timeout: '10m' } }), end('ok'), end('late', 'failed')],
      ['start:next->w', 'w:next->ok', 'w:timeout->late'],
    );
    h.catalog.published['TMF_REC_SLOW'] = snapshot(h, 'TMF_REC_SLOW', waits);
    h.catalog.published['TMF_REC_ADD'] = snapshot(h, 'TMF_REC_ADD', quick());
    const { orderId, handle } = await startTmfOrder([item('1', 'TMF_REC_SLOW'), item('2', 'TMF_REC_ADD', ['1'])]);
    await waitFor(async () => (await tmf().getOrder(orderId))?.state === 'inProgress', { message: 'the slow item to start' });
    await handle.signal(tmfCancelOrderSignal, { cancelId: randomUUID(), reason: 'recording' });
    expect(await handle.result()).toEqual({ state: 'cancelled', items: { '1': 'cancelled', '2': 'cancelled' } });
    await save('tmf-order-cancelled', handle);
  });

  it('tmf-order-pending', async () => {
    // The item's run waits for a message from the orderer: pending (with an information-required event) until it comes.
    const asks = graph(
      [start(), node({ id: 'w', kind: 'wait', wait: { type: 'message', message: 'portingApproved', correlateBy: ['msisdn'], timeout: '10m' } }), end('ok'), end('late', 'failed')],
      ['start:next->w', 'w:next->ok', 'w:timeout->late'],
    );
    h.catalog.published['TMF_REC_ASK'] = snapshot(h, 'TMF_REC_ASK', asks);
    const { orderId, handle } = await startTmfOrder([{ ...item('1', 'TMF_REC_ASK'), subject: { msisdn: '447700900321' } }]);
    await waitFor(async () => (await tmf().getOrder(orderId))?.state === 'pending', { message: 'the item to be pending' });
    const { message, waiting } = await new MessageStore(h.dataSource).publish({ name: 'portingApproved', correlationKeys: { msisdn: '447700900321' }, payload: {}, ttlSeconds: 60 });
    const runId = runWorkflowId('TMF_REC_ASK', tmfItemEventId(orderId, '1'));
    expect(waiting).toEqual([runId]);
    await h.client.workflow.getHandle(runId).executeUpdate(messageUpdate, { args: [{ messageId: message.id, name: 'portingApproved', correlationKeys: { msisdn: '447700900321' }, payload: {} }] });
    expect(await handle.result()).toEqual({ state: 'completed', items: { '1': 'completed' } });
    await save('tmf-order-pending', handle);
  });
});
