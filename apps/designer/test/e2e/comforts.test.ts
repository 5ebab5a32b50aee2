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

// Designer comforts: the template editor's live preview and SMS count, the API keys screen,
// find (Ctrl+F), the shortcuts sheet (?), the right-click menus and dropping a step onto a
// connection. Every test makes its own data under names of its own, so each passes alone.
const session = useBrowserSession('comforts');
const api = apiOf(() => session.stack);
/** Final screenshots for docs/images (looked at by a person before they are committed). */
const DOCS_IMAGES = path.join(repoRoot(), 'test-results', 'designer', 'comforts-docs');

async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function docShot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS_IMAGES, { recursive: true });
  await page.screenshot({ path: path.join(DOCS_IMAGES, `comforts-${name}.png`) });
}

const signInAdmin = () => signIn(session.page, session.stack.designerUrl, session.stack.adminKey, 'admin');

/** A workflow of its own (start → activate → SMS → end) whose canvas is open and at rest. */
async function openOwnWorkflow(): Promise<string> {
  const { page, stack } = session;
  const code = uniqueCode('E2E_COMFORT');
  await createEventCode(api, code);
  expect((await api('PUT', `/workflows/${code}/draft`, { graph: ACTIVATE_LINE_GRAPH })).status).toBe(200);
  await signInAdmin();
  await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
  await page.getByTestId('node-n4').waitFor();
  await canvasOf(page).atRest();
  return code;
}

interface Draft {
  nodes: { id: string; kind: string }[];
  edges: { id: string; source: string; sourceHandle: string; target: string }[];
}
/** The draft as the API has it (what autosave last wrote). */
const draftOf = async (code: string) => (await api<{ draft: Draft }>('GET', `/workflows/${code}`)).body.draft;

const minimapNodes = () => session.page.locator('.react-flow__minimap-node');
const flowNode = (id: string) => session.page.locator(`.react-flow__node[data-id="${id}"]`);

describe('designer comforts', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('previews a template as it is typed and counts its SMS parts (GSM-7, then UCS-2)', async () => {
    const { page, stack } = session;
    const code = uniqueCode('E2E_TPL');
    const created = await api('POST', '/templates', { code, name: 'Live preview (e2e)', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Hello' }] });
    expect(created.status).toBe(201);
    await signInAdmin();
    await page.goto(`${stack.designerUrl}/#/templates`);
    await page.getByRole('heading', { level: 1, name: 'Templates' }).waitFor();
    await page.getByLabel('Search Templates').fill(code);
    await page.getByRole('cell', { name: code, exact: true }).click();
    const editor = page.getByRole('complementary', { name: 'Templates editor' });
    const body = editor.getByLabel('Body');
    const preview = editor.locator('.live-preview-body');
    const count = editor.locator('.sms-count');

    await body.fill('Hi {{ data.firstName }}, your number {{ subject.msisdn }} is active.');
    await expect.poll(() => preview.textContent()).toBe('Hi Alex, your number 447700900123 is active.');
    expect(await count.getAttribute('data-encoding')).toBe('GSM-7');
    expect(await count.getAttribute('data-segments')).toBe('1');

    // 161 GSM-7 characters after rendering: two parts of at most 153.
    await body.fill('x'.repeat(161));
    await expect.poll(() => count.getAttribute('data-segments')).toBe('2');
    expect(await count.textContent()).toMatch(/161 characters · GSM-7 · 2 SMS parts/);

    // One emoji makes the whole text UCS-2: 70 units per SMS, 67 per part.
    await body.fill(`Top-up done 👍 ${'x'.repeat(40)}`);
    await expect.poll(() => count.getAttribute('data-encoding')).toBe('UCS-2');
    expect(await count.textContent()).toMatch(/54 characters \(55 UTF-16 units\) · UCS-2 · 1 SMS/);

    // A placeholder that does not parse is named while typing, before any save.
    await body.fill('Hi {{ data.( }}');
    await expect.poll(() => editor.locator('.live-preview .field-error').textContent()).toMatch(/data\.\(/);
    await body.fill('Hi {{ data.firstName }}, your top-up of {{ data.amount }} {{ data.currency }} is in. Reply STOP to opt out.');
    await expect.poll(() => preview.textContent()).toBe('Hi Alex, your top-up of 10 GBP is in. Reply STOP to opt out.');
    await expectAccessible(page, 'template editor with live preview');
    await docShot(page, 'template-preview');
  });

  it("edits an action code's retry policy: a wrong value is named under its field, a right one is saved", async () => {
    const { page, stack } = session;
    const template = uniqueCode('E2E_RTPL');
    const code = uniqueCode('E2E_RETRY');
    expect((await api('POST', '/templates', { code: template, name: 'Retry (e2e)', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Hi' }] })).status).toBe(201);
    expect((await api('POST', '/action-codes', { code, actionType: 'communication', name: 'Retry (e2e)', parameters: { template, to: 'subject.msisdn' } })).status).toBe(201);
    await signInAdmin();
    await page.goto(`${stack.designerUrl}/#/action-codes`);
    await page.getByRole('heading', { level: 1, name: 'Action codes' }).waitFor();
    await page.getByLabel('Search Action codes').fill(code);
    await page.getByRole('cell', { name: code, exact: true }).click();
    const editor = page.getByRole('complementary', { name: 'Action codes editor' });
    const retry = editor.locator('fieldset.group').filter({ hasText: 'Retry policy' });
    // Empty fields show the defaults a code without a policy gets.
    expect(await retry.getByLabel('Attempts at most').getAttribute('placeholder')).toBe('5');

    await retry.getByLabel('Attempts at most').fill('3');
    await retry.getByLabel('First wait').fill('2 secs');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => retry.locator('.field-error').allTextContents()).toEqual([expect.stringMatching(/./)]);
    expect((await api<{ retry?: unknown }>('GET', `/action-codes/${code}`)).body.retry).toBeUndefined();

    await retry.getByLabel('First wait').fill('2s');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Saved.').waitFor();
    expect((await api<{ retry?: Record<string, unknown> }>('GET', `/action-codes/${code}`)).body.retry).toMatchObject({ maximumAttempts: 3, initialInterval: '2s' });
    await page.reload();
    await page.getByRole('cell', { name: code, exact: true }).click();
    await expect.poll(() => retry.getByLabel('Attempts at most').inputValue()).toBe('3');
    expect(await retry.getByLabel('First wait').inputValue()).toBe('2s');
    await expectAccessible(page, 'action code editor with its retry policy');
    await retry.scrollIntoViewIfNeeded();
    await docShot(page, 'retry-policy');
  });

  it('lets an admin create a key (shown once), see field problems and revoke it; other roles see no such screen', async () => {
    const { page } = session;
    const name = uniqueCode('e2e-key').toLowerCase();
    await signInAdmin();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    const table = page.getByTestId('keys-table');
    await table.waitFor();
    const form = page.getByRole('form', { name: 'New API key' });

    // The API's 422, field by field: no name; an agent key without providers.
    await form.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => form.locator('#key-name-error').textContent()).toMatch(/required/);
    await form.getByLabel('Name', { exact: true }).fill(`${name}-agent`);
    await form.getByLabel('Role', { exact: true }).selectOption('agent');
    await form.getByText('Providers this agent answers for').waitFor();
    await form.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => form.locator('#key-providers-error').textContent()).toMatch(/provider/);
    expect(await form.locator('#key-name-error').count()).toBe(0);
    await expectAccessible(page, 'API keys with field problems');

    // An integration key: shown once, and it works until revoked.
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Role', { exact: true }).selectOption('integration');
    await form.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-api-key');
    await shown.waitFor();
    const key = (await shown.textContent())!.trim();
    expect(key).toMatch(/^sbx_/);
    await page.getByText("you won't see it again").waitFor();
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByText(/Copied\.|select the key and copy it/).waitFor();
    const row = table.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/integration.*never.*active/);
    expect((await api('GET', '/auth/me', undefined, key)).status).toBe(200);
    await expectAccessible(page, 'API keys with a new key shown');
    await docShot(page, 'api-keys');

    // Revoke asks first; "Keep it" changes nothing.
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await row.getByRole('button', { name: 'Keep it' }).click();
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await row.getByRole('button', { name: `Yes, revoke ${name}` }).click();
    await expect.poll(() => row.textContent()).toMatch(/revoked/);
    expect((await api('GET', '/auth/me', undefined, key)).status).toBe(401);

    // An analyst has no such menu entry, and the route says why.
    const analyst = await api<{ key: string }>('POST', '/keys', { name: `${name}-analyst`, role: 'analyst' });
    await signIn(page, session.stack.designerUrl, analyst.body.key, 'analyst');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await page.goto(`${session.stack.designerUrl}/#/keys`);
    await page.getByText('Only admins manage API keys.').waitFor();
  });

  it('finds a step with Ctrl+F: n of m, Enter and Shift+Enter cycle, the match is selected, Escape closes', async () => {
    const { page } = session;
    await openOwnWorkflow();
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    const box = page.getByRole('search', { name: 'Find a step' });
    const input = box.getByLabel('Find a step by title, id or action code');
    await input.waitFor();
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    const count = box.getByTestId('find-count');

    await input.fill('hss_activate');
    await expect.poll(() => count.textContent()).toBe('1 match');
    await input.press('Enter');
    await expect.poll(() => count.textContent()).toBe('1 of 1');
    await expect.poll(() => flowNode('n2').getAttribute('class')).toMatch(/selected/);

    // Ids n1…n4 all match "n"; the end step's title ("End") matches too, but it is one step.
    await input.fill('n');
    await expect.poll(() => count.textContent()).toBe('4 matches');
    await input.press('Enter');
    await expect.poll(() => count.textContent()).toBe('1 of 4');
    await input.press('Enter');
    await expect.poll(() => count.textContent()).toBe('2 of 4');
    await expect.poll(() => flowNode('n2').getAttribute('class')).toMatch(/selected/);
    await input.press('Shift+Enter');
    await input.press('Shift+Enter');
    await expect.poll(() => count.textContent()).toBe('4 of 4');
    await expect.poll(() => flowNode('n4').getAttribute('class')).toMatch(/selected/);
    await canvasOf(page).atRest();

    await input.fill('no such step');
    await expect.poll(() => count.textContent()).toBe('No match');
    await expectAccessible(page, 'canvas with the find box');
    await input.fill('activate');
    await input.press('Enter');
    await expect.poll(() => count.textContent()).toBe('1 of 1');
    await canvasOf(page).atRest();
    await docShot(page, 'find');
    await input.press('Escape');
    await expect.poll(() => box.count()).toBe(0);
  });

  it('shows every shortcut on ? and closes on Escape, giving focus back', async () => {
    const { page } = session;
    await openOwnWorkflow();
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Canvas shortcuts' });
    await sheet.waitFor();
    for (const id of ['undo', 'redo', 'copy', 'paste', 'delete', 'find', 'findNext', 'findPrevious', 'menu', 'help', 'close']) {
      expect(await sheet.locator(`[data-shortcut="${id}"]`).count(), id).toBe(1);
    }
    expect(await sheet.textContent()).toMatch(/Ctrl\/⌘\+F.*Find a step/);
    await expectAccessible(page, 'shortcuts sheet');
    await docShot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);

    // Opened from the toolbar, it gives focus back to the button.
    const button = page.getByRole('button', { name: 'Shortcuts' });
    await button.click();
    await sheet.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("pastes steps copied in one workflow into another workflow's canvas", async () => {
    const { page, stack } = session;
    const from = await openOwnWorkflow();
    const canvas = canvasOf(page);
    await canvas.showWholeGraph();
    await canvas.bringIntoView(flowNode('n3'));
    await flowNode('n3').click();
    await page.keyboard.press('Control+c');

    const to = uniqueCode('E2E_PASTE');
    await createEventCode(api, to);
    expect((await api('PUT', `/workflows/${to}/draft`, { graph: { nodes: [{ id: 'n1', kind: 'start', position: { x: 0, y: 0 } }], edges: [] } })).status).toBe(200);
    await page.goto(`${stack.designerUrl}/#/workflows/${to}`);
    await page.getByTestId('node-n1').waitFor();
    await canvasOf(page).atRest();
    await page.getByTestId('canvas').click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+v');
    // Autosave writes the pasted Message step into the other workflow's draft; the first is unchanged.
    await expect.poll(async () => (await draftOf(to)).nodes.map((n) => n.kind).sort(), { timeout: 30_000 }).toEqual(['communication', 'start']);
    expect((await draftOf(from)).nodes).toHaveLength(4);
  });

  it('creates a template from a Message step without leaving the canvas, and the step uses it', async () => {
    const { page } = session;
    const code = await openOwnWorkflow();
    const canvas = canvasOf(page);
    await canvas.bringIntoView(flowNode('n3'));
    await flowNode('n3').click();
    const panel = page.getByRole('complementary').filter({ has: page.getByLabel('Template', { exact: true }) });
    await panel.getByRole('button', { name: 'New template…' }).click();
    const form = page.getByRole('group', { name: 'New template' });
    const template = uniqueCode('E2E_STEP_TPL');
    // A code the catalog refuses (lower case, spaces) is named under its field; nothing is created.
    await form.getByLabel('Code').fill('plan changed');
    await form.getByLabel('Body (en)').fill('Hi {{ subject.msisdn }}, your plan has changed.');
    await form.getByRole('button', { name: 'Create and use' }).click();
    await expect.poll(() => form.locator('[data-path="code"] .field-error').count()).toBe(1);
    expect((await api('GET', '/templates/plan changed')).status).not.toBe(200);
    await docShot(page, 'new-template');

    await form.getByLabel('Code').fill(template);
    await form.getByLabel('Name').fill('Plan changed (e2e)');
    await form.getByRole('button', { name: 'Create and use' }).click();
    await expect.poll(() => form.count()).toBe(0);
    const created = await api<{ channel: string; variants: { body: string }[] }>('GET', `/templates/${template}`);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ channel: 'sms', variants: [{ body: 'Hi {{ subject.msisdn }}, your plan has changed.' }] });
    // The step now sends it, and autosave wrote that to the draft.
    await expect.poll(() => panel.getByLabel('Template', { exact: true }).inputValue()).toBe(template);
    await expect.poll(async () => (await draftOf(code)).nodes.find((n) => n.id === 'n3') as unknown as { template?: string } | undefined, { timeout: 30_000 }).toMatchObject({ template });
    await expectAccessible(page, 'a Message step with its new template created');
  });

  it('right-click menus: duplicate, copy, delete a step; paste, add a step and fit on the canvas; keyboard too', async () => {
    const { page } = session;
    const code = await openOwnWorkflow();
    const canvas = canvasOf(page);
    const stepMenu = (id: string) => page.getByRole('menu', { name: `Step ${id} menu` });
    const canvasMenu = page.getByRole('menu', { name: 'Canvas menu' });
    await canvas.showWholeGraph();
    expect(await minimapNodes().count()).toBe(4);

    // Duplicate the activation step.
    await canvas.bringIntoView(flowNode('n2'));
    await flowNode('n2').click({ button: 'right' });
    await stepMenu('n2').waitFor();
    await expectAccessible(page, 'step menu');
    await docShot(page, 'menu');
    await stepMenu('n2').getByRole('menuitem', { name: 'Duplicate' }).click();
    await expect.poll(() => minimapNodes().count()).toBe(5);

    // Copy the end step, paste it where the canvas was right-clicked.
    await canvas.bringIntoView(flowNode('n4'));
    await flowNode('n4').click({ button: 'right' });
    await stepMenu('n4').getByRole('menuitem', { name: 'Copy' }).click();
    // Empty canvas: near the top, left of the side panel's overlay and clear of the minimap.
    const area = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.click(area.x + area.width * 0.3, area.y + 40, { button: 'right' });
    await canvasMenu.getByRole('menuitem', { name: 'Paste here' }).click();
    await expect.poll(() => minimapNodes().count()).toBe(6);

    // Add a step here: the palette's choices, filtered.
    await page.mouse.click(area.x + 80, area.y + 40, { button: 'right' });
    await canvasMenu.getByRole('menuitem', { name: 'Add a step here…' }).click();
    const chooser = page.getByRole('dialog', { name: 'Add a step here' });
    await chooser.getByLabel('Filter the steps').fill('wait');
    await expectAccessible(page, 'add a step here');
    await chooser.getByRole('button', { name: 'Wait', exact: true }).click();
    await expect.poll(() => minimapNodes().count()).toBe(7);

    // From the keyboard: Shift+F10 on a focused step, arrows, Enter; Escape closes.
    await flowNode('n3').focus();
    await page.keyboard.press('Shift+F10');
    await stepMenu('n3').waitFor();
    expect(await stepMenu('n3').getByRole('menuitem', { name: 'Open' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => stepMenu('n3').count()).toBe(0);
    expect(await flowNode('n3').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('ArrowDown'); // Duplicate
    await page.keyboard.press('ArrowDown'); // Copy
    await page.keyboard.press('ArrowDown'); // Delete
    await page.keyboard.press('Enter');
    await expect.poll(() => minimapNodes().count()).toBe(6);
    expect(await flowNode('n3').count()).toBe(0);

    // Fit view from the canvas menu, opened from the keyboard with no step focused (it opens in
    // the middle of the canvas); the draft saved holds what the menus did.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Shift+F10');
    await canvas.settled(() => canvasMenu.getByRole('menuitem', { name: 'Fit view' }).click());
    await expect.poll(async () => (await draftOf(code)).nodes.map((n) => n.kind).sort()).toEqual(['action', 'action', 'end', 'end', 'start', 'wait']);
  });

  it('drops a step onto a connection and splices it in, the outcome kept on the first half', async () => {
    const { page } = session;
    const code = await openOwnWorkflow();
    const canvas = canvasOf(page);
    await canvas.showWholeGraph();
    // The middle of the connection start → activate (e1), as the canvas draws it.
    const path = page.locator('.react-flow__edge[data-id="e1"] .react-flow__edge-path');
    const mid = await path.evaluate((el) => {
      const p = el as SVGPathElement;
      const at = p.getPointAtLength(p.getTotalLength() / 2);
      const m = p.getScreenCTM()!;
      return { x: at.x * m.a + at.y * m.c + m.e, y: at.x * m.b + at.y * m.d + m.f };
    });
    const box = (await page.getByTestId('canvas').boundingBox())!;
    await canvas.drop('wait', mid.x - box.x, mid.y - box.y);
    // Saved by autosave: the connection now ends at the new step, which leads on to the old target.
    await expect
      .poll(async () => {
        const draft = await draftOf(code);
        const wait = draft.nodes.find((n) => n.kind === 'wait');
        return wait ? { first: draft.edges.find((e) => e.id === 'e1'), second: draft.edges.find((e) => e.source === wait.id), count: draft.edges.length } : null;
      })
      .toMatchObject({ first: { source: 'n1', sourceHandle: 'next', target: expect.stringMatching(/^n\d+$/) }, second: { sourceHandle: 'next', target: 'n2' }, count: ACTIVATE_LINE_GRAPH.edges.length + 1 });
    const draft = await draftOf(code);
    expect(draft.edges.find((e) => e.id === 'e1')!.target).toBe(draft.nodes.find((n) => n.kind === 'wait')!.id);
    await docShot(page, 'drop-on-connection');
    // Undo puts the connection back as it was.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => minimapNodes().count()).toBe(4);
    expect(await page.locator('.react-flow__edge[data-id="e1"]').count()).toBe(1);
  });
});
