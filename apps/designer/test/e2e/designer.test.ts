// @vitest-environment node
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { repoRoot } from '@signalbox/tools/infra';
import { launchChromium } from '../../scripts/chromium.mjs';
import { startStack, type Stack } from './stack';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results');
const CODE = 'E2E_ACTIVATE_LINE';
const workerBuilt = existsSync(path.join(repoRoot(), 'apps/worker/dist/main.js')) && existsSync(path.join(repoRoot(), 'apps/network-simulator/dist/main.js'));

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** Drags from one point to another with real mouse events (React Flow connections). */
async function mouseDrag(from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('element not visible for dragging');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

async function api<T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.apiUrl}/api${url}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

const node = (id: string) => page.getByTestId(`node-${id}`);
const outHandle = (id: string, outcome: string) => node(id).locator(`.react-flow__handle.source[data-handleid="${outcome}"]`);
const inHandle = (id: string) => node(id).locator('.react-flow__handle.target');

describe('designer in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack();
    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(`failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`).catch(() => undefined);
    console.error(`[stack] last lines before "${ctx.task.name}" failed:\n${stack.logs().split('\n').slice(-40).join('\n')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('signs in, creates an event code and builds, fixes and publishes its workflow', async () => {
    await page.goto(stack.designerUrl);
    await page.getByLabel('API key').fill('sbx_000000000000_wrongwrongwrongwrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not accepted|sign in/i);
    await page.getByLabel('API key').fill(stack.adminKey);
    await shot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('link', { name: 'CONNECT_SUBSCRIBER' }).waitFor();
    await shot('02-workflows');

    // A new event code: a wrong code first, shown on its field, then fixed.
    await page.getByRole('link', { name: 'Event codes' }).click();
    await page.getByRole('button', { name: 'New' }).click();
    const editor = page.getByRole('complementary', { name: 'Event codes editor' });
    await editor.getByLabel('Code').fill('activate line');
    await editor.getByLabel('Event type').selectOption('PROVISIONING');
    await editor.getByLabel('Name').fill('Activate a line (e2e)');
    await editor.getByRole('checkbox', { name: 'msisdn' }).check();
    await editor.getByRole('button', { name: 'Create' }).click();
    const codeField = editor.locator('.field[data-path="code"] .field-error');
    await codeField.waitFor();
    expect(await codeField.textContent()).toMatch(/upper-case/);
    await shot('03-event-code-problem');
    await editor.getByLabel('Code').fill(CODE);
    await editor.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: CODE }).waitFor();

    // Its workflow, built by drag and drop.
    await page.goto(`${stack.designerUrl}/#/workflows/${CODE}`);
    await page.getByText('This workflow is empty.').waitFor();
    const canvas = page.getByTestId('canvas');
    const drop = async (paletteKey: string, x: number, y: number) => {
      await page.locator(`[data-palette="${paletteKey}"]`).dragTo(canvas, { targetPosition: { x, y }, force: true });
    };
    await drop('start', 110, 90);
    await shot('03b-after-start');
    await drop('HSS_ACTIVATE_SUBSCRIBER', 360, 90);
    await drop('communication', 110, 330);
    await drop('end', 360, 360);
    for (const id of ['n1', 'n2', 'n3', 'n4']) await node(id).waitFor();

    // Unconnected steps are problems, shown on the nodes and in the list.
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.textContent()).toMatch(/[1-9]\d* errors?/);
    await expect.poll(() => node('n1').locator('.wf-badge.err').count()).toBe(1);
    await shot('04-problems');

    // Clicking a problem selects its node; the side panel edits it.
    await problems.getByRole('button').filter({ hasText: 'n3' }).first().click();
    await expect.poll(() => node('n3').getAttribute('class')).toMatch(/selected/);
    const panel = page.getByLabel('Selected step');
    await panel.getByLabel('Template').selectOption('WELCOME_SMS');
    await panel.getByLabel('Recipient').fill('subject.msisdn &');
    await panel.getByRole('alert').first().waitFor();
    await shot('05-expression-check');
    await panel.getByLabel('Recipient').fill('subject.msisdn');
    await expect.poll(() => panel.getByRole('alert').count()).toBe(0);

    // Dropped steps may overlap; lay them out before connecting, as an analyst would.
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await page.waitForTimeout(600);
    await mouseDrag(outHandle('n1', 'next'), inHandle('n2'));
    await mouseDrag(outHandle('n2', 'success'), inHandle('n3'));
    await mouseDrag(outHandle('n2', 'failure'), inHandle('n4'));
    await mouseDrag(outHandle('n2', 'timeout'), inHandle('n4'));
    await mouseDrag(outHandle('n3', 'success'), inHandle('n4'));
    await mouseDrag(outHandle('n3', 'failure'), inHandle('n4'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(6);
    await expect.poll(() => problems.textContent()).toMatch(/none — ready/);

    await page.getByRole('button', { name: 'Auto layout' }).click();
    await page.getByTestId('save-status').waitFor();
    await shot('06-workflow-built');

    // Undo removes the last connection, redo puts it back.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(6);

    // The draft on the server is what the canvas shows.
    await expect
      .poll(async () => (await api<{ draft: { nodes: unknown[]; edges: unknown[] } }>('GET', `/workflows/${CODE}`)).body.draft.edges.length, { timeout: 10_000 })
      .toBe(6);

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByLabel('Publish note').fill('first version');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published v1.').waitFor();
    await shot('07-published');
    const wf = await api<{ versions: { version: number }[] }>('GET', `/workflows/${CODE}`);
    expect(wf.body.versions.map((v) => v.version)).toEqual([1]);
  });

  it.skipIf(!workerBuilt)('test-runs the draft against the simulator, raises it through the API and finds the run', async () => {
    await page.goto(`${stack.designerUrl}/#/workflows/${CODE}`);
    await node('n1').waitFor();
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('IMSI').fill('234150000000001');
    await page.getByRole('button', { name: 'Start test run' }).click();
    await expect.poll(() => page.getByTestId('run-summary').getAttribute('data-status'), { timeout: 60_000 }).toBe('Completed');
    for (const id of ['n1', 'n2', 'n3']) expect(await node(id).getAttribute('data-status')).toBe('completed');
    await node('n2').click();
    await page.getByLabel('Run details of this step').waitFor();
    await shot('08-test-run');

    const raised = await api<{ runs: { runId: string }[] }>('POST', '/events', { eventCode: CODE, subject: { msisdn: '447700900999', imsi: '234150000000002', accountId: 'ACC-E2E' } });
    expect(raised.status).toBe(202);
    const runId = raised.body.runs[0].runId;

    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByLabel('Event code').fill(CODE);
    await page.getByLabel('Kind').selectOption('false');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByTestId('runs-table').getByRole('link', { name: CODE });
    await expect.poll(async () => {
      if ((await row.count()) > 0) return true;
      await page.getByRole('button', { name: 'Search' }).click();
      return false;
    }, { timeout: 30_000 }).toBe(true);
    await shot('09-runs');
    await row.first().click();
    await expect.poll(() => page.url()).toContain(encodeURIComponent(runId));
    await expect.poll(() => node('n4').getAttribute('data-status'), { timeout: 60_000 }).toBe('completed');
    await shot('10-run-overlay');
  });

  it.skipIf(!workerBuilt)('builds, publishes and test-runs a four-step workflow: provision, wait for confirmation, SMS, linked event', async () => {
    const code = 'E2E_FOUR_STEPS';
    const created = await api('POST', '/event-codes', { code, eventType: 'PROVISIONING', name: 'Four steps (e2e)', requiredSubjectKeys: ['msisdn'] });
    expect(created.status).toBe(201);
    await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
    await page.getByText('This workflow is empty.').waitFor();
    const canvas = page.getByTestId('canvas');
    const drop = (paletteKey: string, x: number, y: number) => page.locator(`[data-palette="${paletteKey}"]`).dragTo(canvas, { targetPosition: { x, y }, force: true });
    await drop('start', 80, 80);
    await drop('HSS_ACTIVATE_SUBSCRIBER', 300, 80);
    await drop('wait', 520, 80);
    await drop('communication', 80, 330);
    await drop('link-event', 300, 330);
    await drop('end', 520, 330);
    const byKind = (kind: string) => page.locator(`.wf-node[data-kind="${kind}"]`);
    for (const kind of ['start', 'action', 'wait', 'communication', 'link-event', 'end']) await expect.poll(() => byKind(kind).count()).toBe(1);

    // Each step edited in the side panel, found by what it is rather than by its id.
    const panel = page.getByLabel('Selected step');
    const select = async (kind: string) => {
      await byKind(kind).locator('.wf-title').click();
      await expect.poll(() => byKind(kind).getAttribute('class')).toMatch(/selected/);
    };
    await select('wait');
    await panel.getByLabel('Wait for').selectOption('signal');
    await panel.getByLabel('Signal name').fill('lineConfirmed');
    await expect.poll(() => byKind('wait').locator('.h-out[data-handleid="timeout"]').count()).toBe(1);
    await select('communication');
    await panel.getByLabel('Template').selectOption('WELCOME_SMS');
    await select('link-event');
    await panel.getByLabel('Event code').selectOption(CODE);

    await page.getByRole('button', { name: 'Auto layout' }).click();
    await page.waitForTimeout(600);
    // The layout opens at a readable zoom; show the whole graph to connect it.
    await page.getByRole('button', { name: 'Fit View' }).click();
    const out = (kind: string, outcome: string) => byKind(kind).locator(`.react-flow__handle.source[data-handleid="${outcome}"]`);
    const into = (kind: string) => byKind(kind).locator('.react-flow__handle.target');
    await mouseDrag(out('start', 'next'), into('action'));
    await mouseDrag(out('action', 'success'), into('wait'));
    await mouseDrag(out('wait', 'next'), into('communication'));
    await mouseDrag(out('communication', 'success'), into('link-event'));
    await mouseDrag(out('link-event', 'next'), into('end'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    // Failure paths left open are warnings, not errors: the workflow can be published.
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.textContent()).not.toMatch(/[1-9]\d* errors?/);
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await expect
      .poll(async () => (await api<{ draft: { edges: unknown[] } }>('GET', `/workflows/${code}`)).body.draft.edges.length, { timeout: 10_000 })
      .toBe(5);
    await shot('11-four-steps-built');

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByLabel('Publish note').fill('four steps');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published v1.').waitFor();

    // The run waits at the confirmation until the signal arrives, then finishes every step.
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('IMSI').fill('234150000000003');
    await page.getByRole('button', { name: 'Start test run' }).click();
    // Every step's status is asserted: show the whole graph.
    await page.getByRole('button', { name: 'Fit View' }).click();
    await expect.poll(() => byKind('wait').getAttribute('data-status'), { timeout: 60_000 }).toBe('in-progress');
    expect(await byKind('action').getAttribute('data-status')).toBe('completed');
    expect(await byKind('communication').getAttribute('data-status')).toBeNull();
    await shot('12-four-steps-waiting');
    const runId = (await page.getByTestId('run-summary').locator('code').textContent())?.trim();
    expect(runId).toBeTruthy();
    const signalled = await api('POST', `/runs/${encodeURIComponent(runId!)}/signal`, { name: 'lineConfirmed' });
    expect(signalled.status).toBeLessThan(300);
    await expect.poll(() => page.getByTestId('run-summary').getAttribute('data-status'), { timeout: 60_000 }).toBe('Completed');
    for (const kind of ['start', 'action', 'wait', 'communication', 'link-event', 'end']) {
      await expect.poll(() => byKind(kind).getAttribute('data-status'), { timeout: 10_000 }).toBe('completed');
    }
    expect(await byKind('link-event').getAttribute('class')).toMatch(/run-completed/);
    await shot('13-four-steps-green');
  });

  it('opens every catalog screen: search, the mapping matrix, generated forms, write-only secrets, template preview', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    const open = async (name: string) => {
      await page.goto(stack.designerUrl);
      await nav.getByRole('link', { name }).click();
    };

    await open('Event types');
    await page.getByRole('cell', { name: 'PROVISIONING', exact: true }).waitFor();
    await page.getByLabel('Search Event types').fill('credit');
    await expect.poll(() => page.locator('table.table tbody tr').count()).toBe(1);
    expect(await page.locator('table.table tbody').textContent()).toContain('CREDIT_CONTROL');
    await shot('20-event-types');

    await open('Event codes');
    await page.getByRole('cell', { name: 'SIM_SWAP', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'SIM_SWAP', exact: true }).click();
    const codeEditor = page.getByRole('complementary', { name: 'Event codes editor' });
    await expect.poll(() => codeEditor.getByLabel('Event type').inputValue()).toBe('DEVICE');
    expect(await codeEditor.getByRole('checkbox', { name: 'iccid' }).isChecked()).toBe(true);
    await shot('21-event-codes');

    // A ticked cell is saved at once: the API has it, and it is still ticked after a reload.
    await open('Inbound mapping');
    const cell = page.locator('.matrix input[type="checkbox"]:not(:checked)').first();
    await cell.waitFor();
    const label = (await cell.getAttribute('aria-label')) ?? '';
    const [inboundName, eventCode] = label.split(' raises ');
    // By its label: the first unticked cell is another one once this one is ticked.
    await page.getByLabel(label, { exact: true }).check();
    await expect
      .poll(async () => (await api<{ items: { name: string; subscriptions: string[] }[] }>('GET', '/inbound-events?pageSize=200')).body.items.find((r) => r.name === inboundName)?.subscriptions)
      .toContain(eventCode);
    await page.reload();
    await expect.poll(() => page.getByLabel(label, { exact: true }).isChecked()).toBe(true);
    await shot('22-inbound-matrix');

    await open('Action codes');
    await page.getByRole('cell', { name: 'CA_ENABLE_OTT', exact: true }).click();
    const actionEditor = page.getByRole('complementary', { name: 'Action codes editor' });
    const params = actionEditor.locator('fieldset.group').filter({ hasText: 'parameters' });
    await params.waitFor();
    await expect.poll(() => params.locator('input, select').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toContain('ca-platform');
    await shot('23-action-code-form');

    // Secrets are write-only: set one, and neither the API nor the form ever shows it again.
    await open('Providers');
    await page.getByRole('cell', { name: 'ocs-main', exact: true }).click();
    const providerEditor = page.getByRole('complementary', { name: 'Providers editor' });
    const change = providerEditor.getByRole('button', { name: 'Change' });
    if (await change.count()) await change.click();
    await providerEditor.getByLabel('Signing secret').fill('e2e-signing-secret-42');
    await providerEditor.getByRole('button', { name: 'Save' }).click();
    await providerEditor.getByText('Saved.').waitFor();
    const stored = await api('GET', '/providers/ocs-main');
    expect(stored.status).toBe(200);
    expect(JSON.stringify(stored.body)).not.toContain('e2e-signing-secret-42');
    await page.reload();
    await page.getByRole('cell', { name: 'ocs-main', exact: true }).click();
    await providerEditor.getByRole('button', { name: 'Change' }).waitFor();
    expect(await providerEditor.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).not.toContain('e2e-signing-secret-42');
    await shot('24-provider-secret');

    await open('Service types');
    await page.getByRole('cell', { name: '/service/telco/gsm', exact: true }).click();
    const serviceEditor = page.getByRole('complementary', { name: 'Service types editor' });
    await serviceEditor.getByLabel('Transition 1 from').waitFor();
    expect(await serviceEditor.getByLabel('Transition 1 to').inputValue()).not.toBe('');
    await shot('25-service-types');

    await open('Templates');
    await page.getByRole('cell', { name: 'WELCOME_SMS', exact: true }).click();
    const templateEditor = page.getByRole('complementary', { name: 'Templates editor' });
    await templateEditor.getByRole('button', { name: 'Render preview' }).click();
    await expect.poll(() => templateEditor.locator('.preview-body').textContent()).toContain('Your number 447700900123 is active');
    await shot('26-template-preview');
  });

  it('publishes a second version, shows what changed between v1 and v2, and rolls back to v1', async () => {
    await page.goto(`${stack.designerUrl}/#/workflows/${CODE}`);
    const byKind = (kind: string) => page.locator(`.wf-node[data-kind="${kind}"]`);
    await byKind('communication').waitFor();
    await byKind('communication').locator('.wf-title').click();
    await page.getByLabel('Selected step').getByLabel('Template').selectOption('UNBARRED_SMS');
    await expect
      .poll(async () => JSON.stringify((await api('GET', `/workflows/${CODE}`)).body), { timeout: 10_000 })
      .toContain('UNBARRED_SMS');

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByLabel('Publish note').fill('another message');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published v2.').waitFor();

    await page.getByLabel('Compare from').selectOption('1');
    await page.getByLabel('Compare to').selectOption('2');
    await page.getByRole('button', { name: 'Show diff' }).click();
    await expect.poll(() => byKind('communication').getAttribute('class')).toMatch(/diff-changed/);
    for (const kind of ['start', 'action', 'end']) expect(await byKind(kind).getAttribute('class')).not.toMatch(/diff-/);
    await shot('30-version-diff');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Roll back to this' }).first().click();
    await page.getByText('Rolled back: version 1 republished as v3.').waitFor();
    const versions = await api<{ version: number }[] | { items: { version: number }[] }>('GET', `/workflows/${CODE}/versions`);
    const list = Array.isArray(versions.body) ? versions.body : versions.body.items;
    expect(list.map((v) => v.version).sort()).toEqual([1, 2, 3]);
    const v3 = JSON.stringify((await api('GET', `/workflows/${CODE}/versions/3`)).body);
    expect(v3).toContain('WELCOME_SMS');
    expect(v3).not.toContain('UNBARRED_SMS');
    await shot('31-rolled-back');
  });

  it('opens a demo workflow readable at 1280×800 and 1920×1080, the side panel a rail until a step is selected', async () => {
    const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1]);
    for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${stack.designerUrl}/#/workflows/CONNECT_SUBSCRIBER`);
      await page.reload(); // a fresh open at this size, not the view left by the last one
      await page.locator('.wf-node').first().waitFor();
      await expect.poll(zoom).toBeGreaterThanOrEqual(0.75);
      expect(await page.getByRole('complementary', { name: 'Side panel (collapsed)' }).count()).toBe(1);
      // The Start step opens on screen, clear of the panel.
      const canvas = (await page.getByTestId('canvas').boundingBox())!;
      const start = (await page.locator('.wf-node[data-kind="start"]').boundingBox())!;
      expect(start.x).toBeGreaterThanOrEqual(canvas.x);
      expect(start.x + start.width).toBeLessThanOrEqual(canvas.x + canvas.width);
      await shot(`40-canvas-${width}x${height}`);

      await page.locator('.wf-node[data-kind="start"] .wf-title').click();
      await page.getByLabel('Selected step').waitFor();
      await shot(`41-canvas-selected-${width}x${height}`);
      await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
      await page.getByRole('complementary', { name: 'Side panel (collapsed)' }).waitFor();
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
