// @vitest-environment node
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@signalbox/tools/infra';
import { BROWSER_TEST_TIMEOUT, signIn, signOut, useBrowserSession } from './browser';
import { canvasOf } from './canvas';
import { seriousViolations } from './axe';
import { apiOf, createPublishedWorkflow, uniqueCode, WAIT_FOR_SIGNAL_GRAPH } from './fixtures';

// Each test makes the event codes and workflows it needs under names of its own, so any one of
// them passes alone (-t) or in any order.
const session = useBrowserSession('designer');
const api = apiOf(() => session.stack);
const workerBuilt = ['apps/worker/dist/main.js', 'apps/network-simulator/dist/main.js'].every((f) => existsSync(path.join(repoRoot(), f)));

describe('designer in the browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const node = (id: string) => session.page.getByTestId(`node-${id}`);
  const byKind = (kind: string) => session.page.locator(`.wf-node[data-kind="${kind}"]`);
  const outOf = (step: ReturnType<typeof node>, outcome: string) => step.locator(`.react-flow__handle.source[data-handleid="${outcome}"]`);
  const into = (step: ReturnType<typeof node>) => step.locator('.react-flow__handle.target');
  const draftEdges = async (code: string) => (await api<{ draft: { edges: unknown[] } }>('GET', `/workflows/${code}`)).body.draft.edges.length;

  it('signs in, creates an event code and builds, fixes and publishes its workflow', async () => {
    const { page, stack, shot } = session;
    const code = uniqueCode('E2E_ACTIVATE');
    await signOut(page, stack.designerUrl);
    await page.getByLabel('API key').fill('sbx_000000000000_wrongwrongwrongwrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/API key is wrong/);
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
    await editor.getByLabel('Code').fill(code);
    await editor.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: code }).waitFor();

    // Its workflow, built by drag and drop.
    await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
    await page.getByText('This workflow is empty.').waitFor();
    const canvas = canvasOf(page);
    await canvas.drop('start', 110, 90);
    await shot('03b-after-start');
    await canvas.drop('HSS_ACTIVATE_SUBSCRIBER', 360, 90);
    await canvas.drop('communication', 110, 330);
    await canvas.drop('end', 360, 360);
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
    // Expression fields suggest what the step can read (the browser's own list, from a <datalist>).
    const suggested = await panel.getByLabel('Recipient').evaluate((el) => [...((el as HTMLInputElement).list?.options ?? [])].map((o) => o.value));
    expect(suggested).toEqual(expect.arrayContaining(['subject.msisdn', 'subject.iccid', 'data']));
    await panel.getByLabel('Recipient').fill('subject.msisdn &');
    await panel.getByRole('alert').first().waitFor();
    await shot('05-expression-check');
    await panel.getByLabel('Recipient').fill('subject.msisdn');
    await expect.poll(() => panel.getByRole('alert').count()).toBe(0);

    // Dropped steps may overlap: lay them out, then show the whole graph to connect it, as an
    // analyst would (the layout opens at a readable zoom, which may leave steps off screen).
    await canvas.autoLayout();
    await canvas.showWholeGraph();
    await canvas.connect(outOf(node('n1'), 'next'), into(node('n2')));
    await canvas.connect(outOf(node('n2'), 'success'), into(node('n3')));
    await canvas.connect(outOf(node('n2'), 'failure'), into(node('n4')));
    await canvas.connect(outOf(node('n2'), 'timeout'), into(node('n4')));
    await canvas.connect(outOf(node('n3'), 'success'), into(node('n4')));
    await canvas.connect(outOf(node('n3'), 'failure'), into(node('n4')));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(6);
    await expect.poll(() => problems.textContent()).toMatch(/none — ready/);

    await canvas.autoLayout();
    await page.getByTestId('save-status').waitFor();
    await shot('06-workflow-built');

    // Undo removes the last connection, redo puts it back (every edge in view to count them).
    await canvas.fitView();
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(6);

    // The draft on the server is what the canvas shows.
    await expect.poll(() => draftEdges(code), { timeout: 30_000 }).toBe(6);

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByLabel('Publish note').fill('first version');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published v1.').waitFor();
    await shot('07-published');
    const wf = await api<{ versions: { version: number }[] }>('GET', `/workflows/${code}`);
    expect(wf.body.versions.map((v) => v.version)).toEqual([1]);
  });

  it.skipIf(!workerBuilt)('test-runs the draft against the simulator, raises it through the API and finds the run', async () => {
    const { page, stack, shot } = session;
    const code = uniqueCode('E2E_RUN');
    await createPublishedWorkflow(api, code);
    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
    await node('n1').waitFor();
    const canvas = canvasOf(page);
    await canvas.atRest();
    await page.getByRole('tab', { name: 'Test run' }).click();
    // The panel narrows the canvas: show every step whose status is read below.
    await canvas.fitView();
    await page.getByLabel('IMSI').fill('234150000000001');
    await page.getByRole('button', { name: 'Start test run' }).click();
    await expect.poll(() => page.getByTestId('run-summary').getAttribute('data-status'), { timeout: 90_000 }).toBe('Completed');
    for (const id of ['n1', 'n2', 'n3']) expect(await node(id).getAttribute('data-status')).toBe('completed');
    await node('n2').click();
    await page.getByLabel('Run details of this step').waitFor();
    await shot('08-test-run');

    const raised = await api<{ runs: { runId: string }[] }>('POST', '/events', { eventCode: code, subject: { msisdn: '447700900999', imsi: '234150000000002', accountId: 'ACC-E2E' } });
    expect(raised.status).toBe(202);
    const runId = raised.body.runs[0].runId;

    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByLabel('Event code').fill(code);
    await page.getByLabel('Kind').selectOption('false');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByTestId('runs-table').getByRole('link', { name: code });
    // The run shows once Temporal's visibility has indexed it: search again until it does.
    await expect
      .poll(async () => {
        if ((await row.count()) > 0) return true;
        await page.getByRole('button', { name: 'Search' }).click();
        return false;
      }, { timeout: 60_000 })
      .toBe(true);
    await shot('09-runs');
    await row.first().click();
    await expect.poll(() => page.url()).toContain(encodeURIComponent(runId));
    // Every step of the run is read: show the whole graph.
    const runCanvas = canvasOf(page);
    await runCanvas.atRest();
    await runCanvas.fitView();
    await expect.poll(() => node('n4').getAttribute('data-status'), { timeout: 90_000 }).toBe('completed');
    await shot('10-run-overlay');
  });

  it.skipIf(!workerBuilt)('an analyst builds a six-step workflow, test-runs it, signals its wait from the run panel, follows the linked run, publishes and reads the diff — all in the browser at 1280×800', async () => {
    // Everything after signing in is done through the designer, as an analyst would: no API calls.
    const { page, stack, shot } = session;
    const code = uniqueCode('E2E_JOURNEY');
    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Event codes' }).click();
    await page.getByRole('button', { name: 'New' }).click();
    const editor = page.getByRole('complementary', { name: 'Event codes editor' });
    await editor.getByLabel('Code').fill(code);
    await editor.getByLabel('Event type').selectOption('PROVISIONING');
    await editor.getByLabel('Name').fill('Activate with confirmation (e2e)');
    await editor.getByRole('checkbox', { name: 'msisdn' }).check();
    await editor.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: code }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
    await page.getByLabel('Search workflows').fill(code);
    await page.getByRole('link', { name: code }).click();
    await page.getByText('This workflow is empty.').waitFor();

    const canvas = canvasOf(page);
    await canvas.drop('start', 120, 80);
    // The first step stays where it was dropped (the pointer holds it 90 px from its left edge):
    // the view does not jump to fit it.
    const first = (await byKind('start').boundingBox())!;
    const area = (await canvas.canvas.boundingBox())!;
    expect(Math.abs(first.x - (area.x + 120 - 90))).toBeLessThan(20);
    await canvas.drop('HSS_ACTIVATE_SUBSCRIBER', 340, 80);
    await canvas.drop('wait', 560, 80);
    await canvas.drop('communication', 120, 330);
    await canvas.drop('link-event', 340, 330);
    await canvas.drop('end', 560, 330);
    for (const kind of ['start', 'action', 'wait', 'communication', 'link-event', 'end']) await expect.poll(() => byKind(kind).count()).toBe(1);

    const panel = page.getByLabel('Selected step');
    const select = async (kind: string) => {
      await canvas.bringIntoView(byKind(kind).locator('.wf-title'));
      await byKind(kind).locator('.wf-title').click();
      await expect.poll(() => byKind(kind).getAttribute('class')).toMatch(/selected/);
    };
    // Sensible defaults: the message step has an SMS template, the linked event is not this code.
    await select('communication');
    expect(await panel.getByLabel('Template').inputValue()).toMatch(/SMS/);
    await panel.getByLabel('Template').selectOption('WELCOME_SMS');
    await select('link-event');
    expect(await panel.getByLabel('Event code').inputValue()).not.toBe(code);
    await panel.getByLabel('Event code').selectOption('TOP_UP');
    await select('wait');
    await panel.getByLabel('Wait for').selectOption('signal');
    await panel.getByLabel('Signal name').fill('lineConfirmed');
    await expect.poll(() => byKind('wait').locator('.h-out[data-handleid="timeout"]').count()).toBe(1);

    await canvas.autoLayout();
    await canvas.showWholeGraph();
    const out = (kind: string, outcome: string) => byKind(kind).locator(`.react-flow__handle.source[data-handleid="${outcome}"]`);
    const input = (kind: string) => byKind(kind).locator('.react-flow__handle.target');
    await canvas.connect(out('start', 'next'), input('action'));
    await canvas.connect(out('action', 'success'), input('wait'));
    await canvas.connect(out('wait', 'next'), input('communication'));
    await canvas.connect(out('communication', 'success'), input('link-event'));
    await canvas.connect(out('link-event', 'next'), input('end'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.textContent()).not.toMatch(/[1-9]\d* errors?/);

    // Validate in the toolbar: the server agrees the draft can be published.
    await page.getByRole('button', { name: 'Validate' }).click();
    await expect.poll(() => page.locator('.publish-controls [role="status"]').first().textContent()).toMatch(/^Valid/);
    await canvas.autoLayout();
    await shot('11-journey-built');

    // Test run of the draft: it waits at the confirmation.
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('IMSI').fill('234150000000003');
    await page.getByRole('button', { name: 'Start test run' }).click();
    await canvas.fitView();
    await expect.poll(() => byKind('wait').getAttribute('data-status'), { timeout: 90_000 }).toBe('in-progress');
    expect(await byKind('action').getAttribute('data-status')).toBe('completed');
    expect(await byKind('communication').getAttribute('data-status')).toBeNull();

    // The run panel offers the waiting signal with a payload form; sending it moves the run on.
    const signalForm = page.getByRole('form', { name: 'Send lineConfirmed' });
    await signalForm.getByLabel('Payload (JSON)').fill('{ "confirmedBy": "e2e-agent" ');
    await signalForm.getByRole('button', { name: 'Send lineConfirmed' }).click();
    await expect.poll(() => signalForm.getByRole('alert').textContent()).toMatch(/not valid JSON/);
    await signalForm.getByLabel('Payload (JSON)').fill('{ "confirmedBy": "e2e-agent" }');
    await shot('12-journey-waiting');
    await signalForm.getByRole('button', { name: 'Send lineConfirmed' }).click();
    await expect.poll(() => page.getByTestId('run-summary').getAttribute('data-status'), { timeout: 90_000 }).toBe('Completed');
    for (const kind of ['start', 'action', 'wait', 'communication', 'link-event', 'end']) {
      await expect.poll(() => byKind(kind).getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    }
    expect(await signalForm.count()).toBe(0);
    await select('wait');
    await expect.poll(() => page.getByLabel('Run details of this step').textContent()).toContain('e2e-agent');
    await shot('13-journey-green');

    // The linked event's run is one click away, and it was started by this test run.
    await page.getByRole('tab', { name: 'Test run' }).click();
    const runId = (await page.getByTestId('run-summary').locator('code').first().textContent())?.trim() ?? '';
    // A linked run's id carries the id of the event that led to it (run:<code>:<event id>).
    const eventId = runId.slice(`run:${code}:`.length);
    expect(eventId).not.toBe('');
    const linkedRun = page.getByRole('region', { name: 'Run actions' }).getByRole('link', { name: 'TOP_UP' });
    await linkedRun.click();
    await expect.poll(() => page.locator('.wf-toolbar h1').textContent()).toBe('TOP_UP');
    expect(decodeURIComponent(page.url())).toContain(`run:TOP_UP:${eventId}:`);
    // …and the linked run links back to the run that started it.
    await page.getByRole('region', { name: 'Run actions' }).getByRole('link', { name: runId }).waitFor();
    await shot('14-journey-linked-run');
    await page.goBack();
    await byKind('wait').waitFor();
    await canvasOf(page).atRest();

    // Publish from the toolbar, then change the message and read the diff v1 → draft.
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('dialog', { name: 'Publish the draft' }).getByLabel('Note (what changed)').fill('first version');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.locator('.publish-controls').getByText('Published v1.').waitFor();
    await select('communication');
    await panel.getByLabel('Template').selectOption('UNBARRED_SMS');
    await page.getByRole('tab', { name: 'Versions' }).click();
    expect(await page.getByLabel('Compare from').inputValue()).toBe('1');
    expect(await page.getByLabel('Compare to').inputValue()).toBe('draft');
    await canvas.settled(() => page.getByRole('button', { name: 'Show diff' }).click());
    const changes = page.getByRole('region', { name: 'Changes' });
    const commChange = changes.locator('li', { has: page.locator('.lg-changed') }).first();
    await expect.poll(() => commChange.textContent()).toMatch(/template: WELCOME_SMS → UNBARRED_SMS/);
    await expect.poll(() => byKind('communication').getAttribute('class')).toMatch(/diff-changed/);
    await shot('15-journey-diff');
  });

  it.skipIf(!workerBuilt)('cancels a test run waiting for its signal from the run panel', async () => {
    const { page, stack, shot } = session;
    const code = uniqueCode('E2E_CANCEL');
    await createPublishedWorkflow(api, code, WAIT_FOR_SIGNAL_GRAPH);
    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
    await node('n2').waitFor();
    const canvas = canvasOf(page);
    await canvas.atRest();
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Start test run' }).click();
    await canvas.fitView();
    await expect.poll(() => node('n2').getAttribute('data-status'), { timeout: 90_000 }).toBe('in-progress');
    // The run waits for its signal: the panel offers it, and the run can be cancelled instead.
    const actions = page.getByRole('region', { name: 'Run actions' });
    await actions.getByRole('form', { name: 'Send orderConfirmed' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await actions.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => page.getByTestId('run-summary').getAttribute('data-status'), { timeout: 90_000 }).toBe('Cancelled');
    // A closed run offers neither the signal nor another cancel, and its end step never ran.
    expect(await actions.getByRole('form', { name: 'Send orderConfirmed' }).count()).toBe(0);
    expect(await actions.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    expect(await node('n3').getAttribute('data-status')).not.toBe('completed');
    await shot('16-run-cancelled');
  });

  it('opens every catalog screen: search, the mapping matrix, generated forms, write-only secrets, template preview', async () => {
    const { page, stack, shot } = session;
    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    const nav = page.getByRole('navigation', { name: 'Main' });
    // The screen's own heading first: until it shows, the page may still be the landing screen,
    // whose table can hold the very cells the next step looks for (other tests' event codes).
    const open = async (name: string) => {
      await page.goto(stack.designerUrl);
      await nav.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
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
    await expect.poll(() => templateEditor.locator('.live-preview-body').textContent()).toContain('Your number 447700900123 is active');
    await templateEditor.getByRole('button', { name: 'Render saved version' }).click();
    await expect.poll(() => templateEditor.locator('.saved-preview .preview-body').textContent()).toContain('Your number 447700900123 is active');
    await shot('26-template-preview');
  });

  it('publishes a second version, shows what changed between v1 and v2, and rolls back to v1', async () => {
    const { page, stack, shot } = session;
    const code = uniqueCode('E2E_VERSIONS');
    await createPublishedWorkflow(api, code);
    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
    const canvas = canvasOf(page);
    await byKind('communication').waitFor();
    await canvas.atRest();
    await canvas.bringIntoView(byKind('communication').locator('.wf-title'));
    await byKind('communication').locator('.wf-title').click();
    await page.getByLabel('Selected step').getByLabel('Template').selectOption('UNBARRED_SMS');
    await expect.poll(async () => JSON.stringify((await api('GET', `/workflows/${code}`)).body), { timeout: 30_000 }).toContain('UNBARRED_SMS');

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByLabel('Publish note').fill('another message');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published v2.').waitFor();

    await canvas.settled(async () => {
      await page.getByLabel('Compare from').selectOption('1');
      await page.getByLabel('Compare to').selectOption('2');
      await page.getByRole('button', { name: 'Show diff' }).click();
    });
    // Every step's mark is read: show the whole graph beside the open panel.
    await canvas.fitView();
    await expect.poll(() => byKind('communication').getAttribute('class')).toMatch(/diff-changed/);
    for (const kind of ['start', 'action', 'end']) expect(await byKind(kind).getAttribute('class')).not.toMatch(/diff-/);
    await shot('30-version-diff');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Roll back to this' }).first().click();
    await page.getByText('Rolled back: version 1 republished as v3.').waitFor();
    const versions = await api<{ version: number }[] | { items: { version: number }[] }>('GET', `/workflows/${code}/versions`);
    const list = Array.isArray(versions.body) ? versions.body : versions.body.items;
    expect(list.map((v) => v.version).sort()).toEqual([1, 2, 3]);
    const v3 = JSON.stringify((await api('GET', `/workflows/${code}/versions/3`)).body);
    expect(v3).toContain('WELCOME_SMS');
    expect(v3).not.toContain('UNBARRED_SMS');
    await shot('31-rolled-back');
  });

  it('shows no serious or critical accessibility violations (axe-core) on every screen, at 1280×800 and 1920×1080', async () => {
    const { page, stack, shot } = session;
    const found: Record<string, unknown> = {};
    const check = async (screen: string, size: string) => {
      await shot(`50-${screen.replace(/[^a-z0-9]+/gi, '-')}-${size}`);
      const violations = await seriousViolations(page);
      if (violations.length) found[`${screen} @ ${size}`] = violations;
    };
    // A run of its own to show on the run screen (one waiting for a signal: the run actions show).
    let runId: string | null = null;
    if (workerBuilt) {
      const code = uniqueCode('E2E_AXE');
      await createPublishedWorkflow(api, code, WAIT_FOR_SIGNAL_GRAPH);
      const raised = await api<{ runs: { runId: string }[] }>('POST', '/events', { eventCode: code, subject: { msisdn: '447700900998' } });
      expect(raised.status).toBe(202);
      runId = raised.body.runs[0].runId;
    }
    const cell = (name: string) => () => page.getByRole('cell', { name, exact: true }).waitFor();
    const heading = (name: string) => () => page.getByRole('heading', { name, level: 1 }).waitFor();
    const screens: [string, () => Promise<unknown>][] = [
      ['workflows', () => page.getByRole('link', { name: 'CONNECT_SUBSCRIBER' }).waitFor()],
      ['workflows/CONNECT_SUBSCRIBER', async () => (await page.locator('.wf-node').first().waitFor(), canvasOf(page).atRest())],
      ['event-types', cell('PROVISIONING')],
      ['event-codes', cell('SIM_SWAP')],
      ['inbound', () => page.locator('.matrix input[type="checkbox"]').first().waitFor()],
      ['action-codes', cell('CA_ENABLE_OTT')],
      ['providers', cell('ocs-main')],
      ['service-types', cell('/service/telco/gsm')],
      ['templates', cell('WELCOME_SMS')],
      ['runs', () => page.getByRole('button', { name: 'Search' }).waitFor()],
      ['transfer', heading('Import / Export')],
      ['keys', () => page.getByTestId('keys-table').waitFor()],
      // The operations screens, once their first load has settled (empty, or with what other tests made).
      ...(
        [
          ['ops/incidents', 'Incidents'],
          ['ops/orders', 'Service orders'],
          ['ops/batches', 'Batches'],
          ['ops/probes', 'Probes'],
          ['ops/reconciliations', 'Reconciliations'],
        ] as const
      ).map(([route, name]): [string, () => Promise<unknown>] => [route, async () => (await heading(name)(), page.locator('.state-loading').waitFor({ state: 'detached' }))]),
      ['integrations/mappings', heading('TMF mappings')],
      ['integrations/subscriptions', heading('Subscriptions')],
      ['integrations/deliveries', heading('Deliveries')],
      ...(runId ? [[`runs/${encodeURIComponent(runId)}`, () => page.getByRole('region', { name: 'Run actions' }).waitFor()] as [string, () => Promise<unknown>]] : []),
    ];
    for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
      const size = `${width}x${height}`;
      await page.setViewportSize({ width, height });
      await signOut(page, stack.designerUrl);
      await check('sign-in', size);
      await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
      for (const [route, ready] of screens) {
        await page.goto(`${stack.designerUrl}/#/${route}`);
        await ready();
        await check(route.startsWith('runs/') ? 'run' : route, size);
      }
      // The canvas with a step selected (the side panel open over it), and a catalog editor open.
      await page.goto(`${stack.designerUrl}/#/workflows/CONNECT_SUBSCRIBER`);
      await canvasOf(page).atRest();
      await page.locator('.wf-node[data-kind="start"] .wf-title').click();
      await page.getByLabel('Selected step').waitFor();
      await check('workflow with the step panel', size);
      await page.goto(`${stack.designerUrl}/#/event-codes`);
      await cell('SIM_SWAP')();
      await page.getByRole('cell', { name: 'SIM_SWAP', exact: true }).click();
      // Loaded: its event type is chosen (the select says "Loading…" until the types arrive).
      await expect.poll(() => page.getByRole('complementary', { name: 'Event codes editor' }).getByLabel('Event type').inputValue()).toBe('DEVICE');
      await check('event code editor', size);
    }
    expect(found).toEqual({});
  });

  it('opens a demo workflow readable at 1280×800 and 1920×1080, the side panel a rail until a step is selected', async () => {
    const { page, stack, shot } = session;
    await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
    const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1]);
    for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${stack.designerUrl}/#/workflows/CONNECT_SUBSCRIBER`);
      await page.reload(); // a fresh open at this size, not the view left by the last one
      await page.locator('.wf-node').first().waitFor();
      await canvasOf(page).atRest();
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
  });
});
