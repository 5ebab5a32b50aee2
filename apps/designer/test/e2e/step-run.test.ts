// @vitest-environment node
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { repoRoot } from '@signalbox/tools/infra';
import { seriousViolations } from './axe';
import { BROWSER_TEST_TIMEOUT, signIn, useBrowserSession } from './browser';
import { canvasOf } from './canvas';
import { ACTIVATE_LINE_GRAPH, apiOf, createEventCode, uniqueCode } from './fixtures';

// Pinned sample data, the expression preview under a step's fields, and "Run this step" against
// the simulator, at 1280×800. The test makes its own workflow and subject.
const session = useBrowserSession('step-run');
const api = apiOf(() => session.stack);
const DOCS_IMAGES = path.join(repoRoot(), 'test-results', 'designer', 'step-run-docs');

async function docShot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS_IMAGES, { recursive: true });
  await page.screenshot({ path: path.join(DOCS_IMAGES, `${name}.png`) });
}

/** ACTIVATE_LINE_GRAPH with the message step n3 turned into activating GPRS, whose inputs read the data and n2's output. */
const GRAPH = {
  nodes: ACTIVATE_LINE_GRAPH.nodes.map((n) => (n.id === 'n3' ? { id: 'n3', kind: 'action', actionCode: 'HSS_ACTIVATE_GPRS', inputs: { apn: 'data.apn', qosProfile: 'nodes.n2.output.profile' }, position: n.position } : n)),
  edges: [...ACTIVATE_LINE_GRAPH.edges, { id: 'e7', source: 'n3', sourceHandle: 'timeout', target: 'n4' }],
};

const msisdn = () => `4477${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const imsi = () => `23415${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;

describe('pinned sample data and running one step', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('pins a sample, previews an expression as it is typed, and runs one step against the simulator', async () => {
    const { page, stack } = session;
    const code = uniqueCode('E2E_STEP');
    await createEventCode(api, code);
    expect((await api('PUT', `/workflows/${code}/draft`, { graph: GRAPH })).status).toBe(200);
    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
    await page.getByTestId('node-n4').waitFor();
    const canvas = canvasOf(page);
    await canvas.atRest();

    // A full test run first, to pin its real results with one click.
    const number = msisdn();
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel(/^MSISDN/).fill(number);
    await page.getByLabel(/^IMSI/).fill(imsi());
    await page.getByLabel('Data (JSON)').fill('{ "apn": "internet" }');
    const pinned = page.getByRole('region', { name: 'Pinned sample data' });
    await expect.poll(() => pinned.textContent()).toMatch(/Nothing pinned.*Kept in this browser only/);
    await page.getByRole('button', { name: 'Start test run' }).click();
    await expect.poll(() => page.getByTestId('run-summary').getAttribute('data-status'), { timeout: 90_000 }).toBe('Completed');
    await pinned.getByRole('button', { name: 'Pin this run’s results' }).click();
    await expect.poll(() => pinned.textContent()).toMatch(/Subject keys .*msisdn.*; 1 data field; results of 2 steps/);

    // Edited as JSON: a syntax error is named and nothing changes; then an earlier output is pinned.
    await pinned.getByRole('button', { name: 'Edit as JSON' }).click();
    const json = pinned.getByLabel('Sample (JSON: subject, data, nodes)');
    expect(JSON.parse(await json.inputValue())).toMatchObject({ subject: { msisdn: number }, data: { apn: 'internet' }, nodes: { n2: { outcome: 'success' } } });
    await json.fill('{ "subject": { "msisdn": "12" }, ');
    await pinned.getByRole('button', { name: 'Pin', exact: true }).click();
    await expect.poll(() => pinned.getByRole('alert').textContent()).toMatch(/is not valid JSON/);
    await json.fill(JSON.stringify({ subject: { msisdn: 'abc' }, data: {} }));
    await pinned.getByRole('button', { name: 'Pin', exact: true }).click();
    await expect.poll(() => pinned.getByRole('alert').textContent()).toMatch(/subject\.msisdn.*must be 6–15 digits/);
    const sample = { subject: { msisdn: number, imsi: imsi() }, data: { apn: 'internet' }, nodes: { n2: { outcome: 'success', output: { profile: 'GOLD' } } } };
    await json.fill(JSON.stringify(sample, null, 2));
    await pinned.getByRole('button', { name: 'Pin', exact: true }).click();
    await expect.poll(() => pinned.textContent()).toMatch(/results of 1 step\./);

    // The GPRS step's inputs show their values against the sample, and follow typing.
    await page.getByRole('button', { name: 'Clear overlay' }).click();
    await canvas.bringIntoView(page.locator('.react-flow__node[data-id="n3"] .wf-title'));
    await page.locator('.react-flow__node[data-id="n3"] .wf-title').click();
    const panel = page.getByLabel('Selected step');
    const rows = panel.locator('.row.kv');
    const apnPreview = rows.nth(0).getByTestId('expression-preview');
    await expect.poll(() => apnPreview.textContent()).toBe('→ "internet"');
    await expect.poll(() => rows.nth(1).getByTestId('expression-preview').textContent()).toBe('→ "GOLD"');
    const apn = rows.nth(0).locator('input.mono');
    await apn.fill('data.apn & ".step"');
    await expect.poll(() => apnPreview.textContent()).toBe('→ "internet.step"');
    await apn.fill('$uppercase(data.apn');
    await expect.poll(() => rows.nth(0).getByRole('alert').textContent()).toBeTruthy();
    await apn.fill('$number(data.apn)');
    await expect.poll(() => apnPreview.textContent()).toMatch(/^→ error: /);
    await apn.fill('data.apn & ".step"');
    await expect.poll(() => apnPreview.textContent()).toBe('→ "internet.step"');
    // The pinned data's fields are offered by autocomplete.
    expect(await panel.locator('datalist option[value="data.apn"]').count()).toBe(1);

    // Run this step: only n3 runs, with the edited input, and the exchange with the HSS is shown.
    const stepRun = panel.getByRole('region', { name: 'Run this step' });
    await stepRun.getByRole('button', { name: 'Run this step' }).click();
    const result = stepRun.getByTestId('step-run-result');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 90_000 }).toBe('Completed');
    const details = result.getByLabel('Run details of this step');
    await expect.poll(() => details.textContent()).toMatch(/completed→ success/);
    expect(await details.locator('pre.json').first().textContent()).toMatch(/"apn": "internet.step"[\s\S]*"qosProfile": "GOLD"/);
    await expect.poll(() => details.locator('.exchanges li').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const received = (await (await fetch(`${stack.simulatorUrl}/control/requests?provider=hss-main`)).json()) as { items: { body: { subject?: { msisdn?: string }; fields?: Record<string, unknown> } }[] };
    const gprs = received.items.filter((r) => r.body?.subject?.msisdn === number && r.body.fields?.apn === 'internet.step');
    expect(gprs).toHaveLength(1);
    expect(gprs[0].body.fields).toMatchObject({ qosProfile: 'GOLD' });

    const violations = await seriousViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    // For the docs: the inputs with their previews at the top of the panel, the step's result below.
    const showInputs = () =>
      panel.getByRole('heading', { name: 'Inputs' }).evaluate((el) => {
        el.scrollIntoView({ block: 'start' });
        el.closest('.side-body')?.scrollBy(0, -12);
      });
    await showInputs();
    await docShot(page, 'step-run');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => result.getAttribute('data-status')).toBe('Completed');
    await showInputs();
    await docShot(page, 'step-run-1920');
  });
});
