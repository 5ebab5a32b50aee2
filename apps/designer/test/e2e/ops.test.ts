// @vitest-environment node
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { repoRoot } from '@signalbox/tools/infra';
import { seriousViolations } from './axe';
import { BROWSER_TEST_TIMEOUT, signIn, useBrowserSession } from './browser';
import { apiOf, uniqueSuffix, type Api } from './fixtures';

// The operations screens against the real stack. Each test makes its own provider, workflow,
// batch or probe under names of its own, so any one passes alone (-t) or in any order.
// SIGNALBOX_DOC_SCREENSHOTS=1 also saves each screen at 1280×800 as docs/images/ops-<screen>.png.
const session = useBrowserSession('ops');
const api = apiOf(() => session.stack);
const workerBuilt = ['apps/worker/dist/main.js', 'apps/network-simulator/dist/main.js'].every((f) => existsSync(path.join(repoRoot(), f)));
const DOC_IMAGES = path.join(repoRoot(), 'docs', 'images');

async function ok<T>(what: string, res: Promise<{ status: number; body: T }>, statuses = [200, 201, 202]): Promise<T> {
  const { status, body } = await res;
  if (!statuses.includes(status)) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
  return body;
}

async function simulator(method: string, url: string, body?: unknown): Promise<number> {
  const res = await fetch(`${session.stack.simulatorUrl}${url}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * A provider of its own at the simulator, an action code ordering from it (one attempt, so a
 * failure parks at once) and a published event code whose workflow has only the success path:
 * a failed order parks the run as an incident.
 */
async function providerWorkflow(api: Api, prefix: string): Promise<{ provider: string; eventCode: string }> {
  const id = uniqueSuffix();
  const provider = `${prefix}-${id}`;
  const eventCode = `${prefix.toUpperCase().replace(/-/g, '_')}_${id.toUpperCase()}`;
  const actionCode = `${eventCode}_ORDER`;
  await ok(
    'creating the provider',
    api('POST', '/providers', { code: provider, name: `${provider} (e2e)`, protocol: 'http', endpoints: [`${session.stack.simulatorUrl}/providers/${provider}`], auth: { type: 'none' }, requestTimeoutMs: 5_000, mode: 'sync' }),
  );
  await ok('making the provider effective', api('POST', `/providers/${provider}/effective`, {}));
  await ok(
    'creating the action code',
    api('POST', '/action-codes', {
      code: actionCode,
      actionType: 'provisioning',
      name: `${actionCode} (e2e)`,
      parameters: { provider, serviceType: '/service/telco/gsm', action: 'A', fields: ['msisdn'], mode: 'confirmed', timeout: '2m' },
      retry: { maximumAttempts: 1, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1s' },
    }),
  );
  await ok('creating the event code', api('POST', '/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: `${eventCode} (e2e)`, requiredSubjectKeys: ['msisdn'] }));
  const graph = {
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      { id: 'enable', kind: 'action', actionCode, inputs: {}, position: { x: 260, y: 0 } },
      { id: 'done', kind: 'end', result: 'completed', position: { x: 520, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'enable' },
      { id: 'e2', source: 'enable', sourceHandle: 'success', target: 'done' },
    ],
  };
  await ok('saving the draft', api('PUT', `/workflows/${eventCode}/draft`, { graph }));
  await ok('publishing', api('POST', `/workflows/${eventCode}/publish`, { note: 'e2e ops' }));
  return { provider, eventCode };
}

const msisdnOf = (i: number) => `4477009${String(Date.now() % 100_000).padStart(5, '0')}${i}`;

async function raise(eventCode: string, msisdn: string): Promise<string> {
  const raised = await ok<{ runs: { runId: string }[] }>('raising the event', api('POST', '/events', { eventCode, subject: { msisdn }, idempotencyKey: randomUUID() }));
  return raised.runs[0].runId;
}

/** No serious or critical axe violation on the screen as it shows, at 1280×800 and 1920×1080. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const found: Record<string, unknown> = {};
  for (const [width, height] of [[1920, 1080], [1280, 800]] as const) {
    await page.setViewportSize({ width, height });
    const violations = await seriousViolations(page);
    if (violations.length) found[`${screen} @ ${width}x${height}`] = violations;
  }
  expect(found).toEqual({});
}

/** The screen at 1280×800 for docs/operations.md, when asked for. */
async function docShot(page: Page, name: string): Promise<void> {
  if (process.env.SIGNALBOX_DOC_SCREENSHOTS !== '1') return;
  mkdirSync(DOC_IMAGES, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(DOC_IMAGES, `ops-${name}.png`) });
}

describe.skipIf(!workerBuilt)('operations screens in the browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('lists parked runs, filters them by reason, and one bulk retry of two incidents completes both', async () => {
    const { page, stack, shot } = session;
    const { provider, eventCode } = await providerWorkflow(api, 'inc');
    expect(await simulator('PUT', `/control/providers/${provider}`, { down: true })).toBe(200);
    const runIds = [await raise(eventCode, msisdnOf(1)), await raise(eventCode, msisdnOf(2))];
    type Listed = { items: { runId: string; incident?: { nodeId: string; error: string } }[] };
    const parked = async () => (await api<Listed>('GET', `/runs?status=Incident&eventCode=${eventCode}`)).body.items;
    await expect.poll(async () => (await parked()).length, { timeout: 120_000 }).toBe(2);
    const [first] = await parked();
    expect(first.incident).toMatchObject({ nodeId: 'enable', error: expect.any(String) });

    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
    await page.getByLabel('Event code').fill(eventCode);
    // The reason filter matches the start of the error: a prefix of the real one keeps both runs.
    const prefix = (first.incident?.error ?? '').split(/['"\\]/)[0].slice(0, 12).trim();
    await page.getByLabel('Reason starts with').fill(prefix);
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('incidents-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.first().textContent()).toContain('enable');
    await page.getByLabel('Reason starts with').fill(`${prefix}zz-no-such-reason`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No incidents match.').waitFor();
    await page.getByLabel('Reason starts with').fill(prefix);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await docShot(page, 'incidents');
    await expectAccessible(page, 'incidents');

    // The provider is back: tick both, dry run, then the retry itself.
    expect(await simulator('PUT', `/control/providers/${provider}`, { down: false })).toBe(200);
    await page.getByLabel('Select every incident on this page').check();
    await expect.poll(() => page.getByTestId('bulk-target').textContent()).toBe('2 selected');
    await page.getByRole('button', { name: 'Retry…' }).click();
    await page.getByRole('button', { name: 'Retry 2 runs' }).click();
    const progress = page.getByTestId('bulk-progress');
    await progress.waitFor();
    await expect.poll(() => page.getByTestId('bulk-result').textContent(), { timeout: 120_000 }).toContain('2 applied, 0 refused, 0 failed');
    expect(await page.getByTestId('bulk-count').textContent()).toBe('2 of 2 runs');
    await shot('10-incidents-bulk-retried');
    await expectAccessible(page, 'incidents with a bulk result');
    // The list no longer shows them (visibility catches up: search again until it does), and each
    // run completed with its step run twice.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Search' }).click();
          return page.getByText('No incidents match.').count();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(1);
    for (const runId of runIds) {
      await expect
        .poll(async () => (await api<{ status: string; state: { trail: string[] } }>('GET', `/runs/${encodeURIComponent(runId)}`)).body.status, { timeout: 120_000 })
        .toBe('Completed');
      expect((await api<{ state: { trail: string[] } }>('GET', `/runs/${encodeURIComponent(runId)}`)).body.state.trail).toEqual(['start', 'enable', 'enable', 'done']);
    }
  });

  it("finds a provider's service orders and shows an order's state history and exchange log with the HTTP status", async () => {
    const { page, stack, shot } = session;
    const { provider, eventCode } = await providerWorkflow(api, 'so');
    const msisdn = msisdnOf(3);
    const runId = await raise(eventCode, msisdn);
    type Orders = { items: { id: string; state: string }[]; total: number };
    await expect.poll(async () => (await api<Orders>('GET', `/service-orders?provider=${provider}`)).body.items[0]?.state, { timeout: 120_000 }).toBe('COMPLETED');
    const [order] = (await api<Orders>('GET', `/service-orders?provider=${provider}`)).body.items;

    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    await page.goto(`${stack.designerUrl}/#/ops/orders`);
    await page.getByRole('heading', { name: 'Service orders', level: 1 }).waitFor();
    await page.getByLabel('Provider').fill(provider);
    await page.getByLabel('State').selectOption('COMPLETED');
    await page.getByLabel('MSISDN').fill(msisdn);
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('orders-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => page.locator('.pager').textContent()).toContain('1 order');
    await docShot(page, 'service-orders');
    await expectAccessible(page, 'service orders');
    // A state it is not in finds nothing.
    await page.getByLabel('State').selectOption('FAILED');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No service orders match.').waitFor();
    await page.getByLabel('State').selectOption('COMPLETED');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: `Order ${order.id} at ${provider}` }).click();

    await page.getByTestId('order-detail').waitFor();
    const log = page.getByTestId('exchange-log');
    await log.waitFor();
    expect(await log.textContent()).toContain('request');
    // The HTTP column shows the provider's status as a pill.
    await expect.poll(() => log.locator('td .pill', { hasText: /^200$/ }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('order-history').textContent()).toContain('COMPLETED');
    expect(await page.getByRole('link', { name: 'Open the run' }).getAttribute('href')).toBe(`#/runs/${encodeURIComponent(runId)}`);
    await shot('20-order-detail');
    await docShot(page, 'service-order');
    await expectAccessible(page, 'service order');
  });

  it("shows a batch's definition, runs it now and its run log counts every line started", async () => {
    const { page, stack, shot } = session;
    const id = uniqueSuffix();
    const eventCode = `BATCH_${id.toUpperCase()}`;
    await ok('creating the event code', api('POST', '/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: `${eventCode} (e2e)`, requiredSubjectKeys: ['msisdn'] }));
    const graph = {
      nodes: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        { id: 'done', kind: 'end', result: 'completed', position: { x: 260, y: 0 } },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'done' }],
    };
    await ok('saving the draft', api('PUT', `/workflows/${eventCode}/draft`, { graph }));
    await ok('publishing', api('POST', `/workflows/${eventCode}/publish`, { note: 'e2e batch' }));
    const code = `e2e-batch-${id}`;
    // A yearly cron: nothing runs on its own during the test; "Run now" starts the execution.
    await ok(
      'creating the batch',
      api('POST', '/batches', { code, eventCode, description: 'Month-end bonus (e2e)', csv: `msisdn\n${msisdnOf(4)}\n${msisdnOf(5)}\n${msisdnOf(6)}`, schedule: { kind: 'cron', cron: '0 3 1 1 *', timeZone: 'UTC' } }),
    );

    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    await page.goto(`${stack.designerUrl}/#/ops/batches`);
    await page.getByRole('link', { name: code }).waitFor();
    await docShot(page, 'batches');
    await expectAccessible(page, 'batches');
    await page.getByRole('link', { name: code }).click();
    await page.getByTestId('batch-detail').waitFor();
    await page.getByText('No executions yet.').waitFor();
    expect(await page.getByTestId('batch-detail').textContent()).toContain('CSV, 3 lines');
    await page.getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => page.getByTestId('execution-started').first().textContent(), { timeout: 120_000 }).toBe('3 of 3');
    // The runs complete; the log polls until none is open.
    const completed = page.getByTestId('batch-executions').locator('tbody tr').first().locator('td').nth(3);
    await expect.poll(() => completed.textContent(), { timeout: 120_000 }).toBe('3');
    await shot('30-batch-run-now');
    await docShot(page, 'batch');
    await expectAccessible(page, 'batch');
  });

  it('shows each probe with its state and where it notifies, and disables one', async () => {
    const { page, stack, shot } = session;
    const code = `e2e-probe-${uniqueSuffix()}`;
    await ok('creating the probe', api('PUT', `/probes/${code}`, { kind: 'stale-orders', description: 'HSS orders stuck (e2e)', provider: 'hss-main', olderThanMinutes: 30, threshold: 0, notify: 'ops@example.com' }));

    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    await page.goto(`${stack.designerUrl}/#/ops/probes`);
    const row = page.getByTestId('probes-table').locator('tbody tr').filter({ hasText: code });
    await row.waitFor();
    expect(await row.textContent()).toContain('ops@example.com');
    expect(await row.textContent()).toContain('orders at hss-main still PROCESSING');
    await docShot(page, 'probes');
    await expectAccessible(page, 'probes');
    await page.getByRole('button', { name: `Disable ${code}` }).click();
    await page.getByRole('button', { name: `Enable ${code}` }).waitFor();
    expect(await row.textContent()).toContain('disabled');
    expect((await api<{ definition: { enabled: boolean } }>('GET', `/probes/${code}`)).body.definition.enabled).toBe(false);
    await shot('40-probe-disabled');
  });
});
