// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT, signIn, useBrowserSession } from './browser';
import { canvasOf } from './canvas';
import { ACTIVATE_LINE_GRAPH, apiOf, createEventCode, uniqueCode, uniqueSuffix } from './fixtures';

// Each test makes its own keys, providers, event codes and catalog entries under names of its
// own, so any one of them passes alone (-t) or in any order.
const DEMO_CODE = 'CONNECT_SUBSCRIBER';
const session = useBrowserSession('roles');
const api = apiOf(() => session.stack);
let tmp: string;

/** A new API key with this role. */
async function keyFor(role: 'viewer' | 'analyst'): Promise<string> {
  const res = await api<{ key: string; role: string }>('POST', '/keys', { name: uniqueCode(`e2e ${role}`), role });
  expect(res.status).toBe(201);
  expect(res.body.role).toBe(role);
  return res.body.key;
}

/** A request made by the page itself (through the designer's /api proxy) with the given key. */
function fetchFromPage(method: string, url: string, key: string, body?: unknown): Promise<number> {
  return session.page.evaluate(
    async ({ method, url, key, body }) => {
      const res = await fetch(`/api${url}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.status;
    },
    { method, url, key, body },
  );
}

const signInAs = (key: string, role: string) => signIn(session.page, session.stack.designerUrl, key, role);

async function openScreen(label: string): Promise<void> {
  const { page } = session;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

async function download(click: () => Promise<void>): Promise<unknown> {
  const { page } = session;
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const where = await file.path();
  return JSON.parse(readFileSync(where, 'utf8')) as unknown;
}

function writeTmp(name: string, content: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return file;
}

async function openVersionsTab(): Promise<void> {
  await session.page.getByRole('tab', { name: /Versions/ }).first().click();
}

describe('roles and import/export in the browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'signalbox-transfer-'));
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('a viewer reads everything but sees no way to change it, and the API refuses anyway', async () => {
    const { page, stack, shot } = session;
    const viewer = await keyFor('viewer');
    await signInAs(viewer, 'viewer');

    await openScreen('Event types');
    await page.getByRole('cell', { name: 'PROVISIONING', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'New' }).count()).toBe(0);
    await page.getByRole('cell', { name: 'PROVISIONING', exact: true }).click();
    const editor = page.getByRole('complementary', { name: 'Event types editor' });
    await editor.getByText('Read only: your role cannot change this.').waitFor();
    expect(await editor.getByRole('button', { name: /^(Save|Create|Delete)$/ }).count()).toBe(0);
    expect(await editor.getByLabel('Name').isDisabled()).toBe(true);
    await shot('01-viewer-event-type');

    await openScreen('Event codes');
    await page.getByRole('cell', { name: DEMO_CODE, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'New' }).count()).toBe(0);

    await openScreen('Import / Export');
    await page.getByText('Only admins can import.').waitFor();
    expect(await page.getByLabel('Catalog file').count()).toBe(0);

    await page.goto(`${stack.designerUrl}/#/workflows/${DEMO_CODE}`);
    await page.getByTestId('canvas').waitFor();
    await page.locator('.react-flow__node').first().waitFor();
    await page.locator('.wf-toolbar .pill').filter({ hasText: 'read only' }).waitFor();
    expect(await page.locator('[data-palette]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import JSON' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: /Test run/ }).count()).toBe(0);
    await openVersionsTab();
    await page.getByText('Publishing is for admins.').waitFor();
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await shot('02-viewer-canvas');

    // The UI hides it; the API refuses it.
    const { body: wf } = await api<{ draft: unknown }>('GET', `/workflows/${DEMO_CODE}`);
    expect(await fetchFromPage('PUT', `/workflows/${DEMO_CODE}/draft`, viewer, { graph: wf.draft })).toBe(403);
    expect(await fetchFromPage('POST', '/event-types', viewer, { code: 'VIEWER_WAS_HERE', name: 'no' })).toBe(403);
    expect(await fetchFromPage('POST', '/catalog/import?dryRun=true', viewer, { format: 'signalbox.catalog/v1' })).toBe(403);
    expect((await api('GET', '/event-types/VIEWER_WAS_HERE')).status).toBe(404);
  });

  it('an analyst edits drafts and the catalog but cannot publish or touch provider secrets', async () => {
    const { page, stack, shot } = session;
    const analyst = await keyFor('analyst');
    const providerCode = `e2e-secured-${uniqueSuffix()}`;
    const code = uniqueCode('E2E_ANALYST_DRAFT');
    await createEventCode(api, code);
    expect((await api('PUT', `/workflows/${code}/draft`, { graph: ACTIVATE_LINE_GRAPH })).status).toBe(200);
    await signInAs(analyst, 'analyst');

    await openScreen('Event types');
    await page.getByRole('button', { name: 'New' }).waitFor();

    // A provider with a stored secret, made by the admin.
    const secret = 's3cret-e2e-password';
    const created = await api('POST', '/providers', { code: providerCode, name: 'Secured (e2e)', endpoints: ['http://127.0.0.1:9/secured'], auth: { type: 'basic', username: 'svc', password: secret } });
    expect(created.status).toBe(201);
    await openScreen('Providers');
    expect(await page.getByRole('button', { name: 'New' }).count()).toBe(0);
    await page.getByRole('cell', { name: providerCode, exact: true }).click();
    const editor = page.getByRole('complementary', { name: 'Providers editor' });
    await editor.getByText('Read only: your role cannot change this.').waitFor();
    expect(await editor.getByRole('button', { name: /^(Save|Delete)$/ }).count()).toBe(0);
    const enabledSecretInputs = editor.locator('input[type="password"]:not([disabled])');
    expect(await enabledSecretInputs.count()).toBe(0);
    // The secret shows only as "set"; changing it is disabled.
    await editor.locator('.field[data-path="auth.password"] .pill').filter({ hasText: 'set' }).waitFor();
    expect(await editor.getByRole('button', { name: 'Change' }).isDisabled()).toBe(true);
    expect(await page.content()).not.toContain(secret);
    await shot('03-analyst-provider');
    // The API never hands secrets to anyone, and refuses an analyst's provider write.
    const providers = await api<{ items: { code: string }[] }>('GET', '/providers', undefined, analyst);
    expect(providers.status).toBe(200);
    expect(JSON.stringify(providers.body)).not.toContain(secret);
    const provider = providers.body.items.find((p) => p.code === providerCode)!;
    const { body: full } = await api<Record<string, unknown>>('GET', `/providers/${encodeURIComponent(provider.code)}`, undefined, analyst);
    expect(await fetchFromPage('PUT', `/providers/${encodeURIComponent(provider.code)}`, analyst, full)).toBe(403);

    // The draft is editable: drop a step from the palette; it autosaves.
    const nodeCount = async () => (await api<{ draft: { nodes: unknown[] } }>('GET', `/workflows/${code}`)).body.draft.nodes.length;
    const before = await nodeCount();
    await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
    await page.locator('.react-flow__node').first().waitFor();
    const canvas = canvasOf(page);
    await canvas.atRest();
    await canvas.drop('end', 620, 520);
    await page.getByTestId('save-status').waitFor();
    await expect.poll(nodeCount, { timeout: 30_000 }).toBe(before + 1);
    await page.getByRole('tab', { name: /Test run/ }).first().waitFor();
    await openVersionsTab();
    await page.getByText('Publishing is for admins.').waitFor();
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await shot('04-analyst-canvas');
    expect(await fetchFromPage('POST', `/workflows/${code}/publish`, analyst, { note: 'analyst tries' })).toBe(403);
    expect((await api<{ versions: unknown[] }>('GET', `/workflows/${code}`)).body.versions).toEqual([]);
  });

  it('exports the catalog, imports a changed file after a dry run, and rejects a broken one without writing', async () => {
    const { page, stack, shot } = session;
    const added = uniqueCode('E2E_ROAMING');
    const notWritten = uniqueCode('E2E_NOT_WRITTEN');
    await signInAs(stack.adminKey, 'admin');
    await openScreen('Import / Export');
    const exported = (await download(() => page.getByRole('button', { name: 'Download catalog' }).click())) as {
      format: string;
      eventTypes: { code: string; name: string; description?: string }[];
      eventCodes: { code: string }[];
    };
    expect(exported.format).toBe('signalbox.catalog/v1');
    const { body: codes } = await api<{ items: { code: string }[] }>('GET', '/event-codes?pageSize=200');
    expect(codes.items.length).toBeGreaterThan(0);
    expect(exported.eventCodes.map((c) => c.code).sort()).toEqual(codes.items.map((c) => c.code).sort());
    expect(exported.eventCodes.map((c) => c.code)).toContain(DEMO_CODE);
    expect(JSON.stringify(exported)).not.toMatch(/"(password|secret)":/);

    // A changed file: one new event type.
    const changed = { ...exported, eventTypes: [...exported.eventTypes, { code: added, name: 'Roaming (e2e)', description: 'Added by an import' }] };
    await page.getByLabel('Catalog file').setInputFiles(writeTmp('changed.json', JSON.stringify(changed)));
    await page.getByRole('button', { name: /dry run/ }).click();
    const row = page.locator('tbody tr').filter({ hasText: added });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/create/);
    await page.getByText(/1\s*to create/).waitFor();
    await shot('05-import-dry-run');
    expect((await api('GET', `/event-types/${added}`)).status).toBe(404);
    await page.getByRole('button', { name: 'Confirm import' }).click();
    await page.getByText('Imported changed.json.').waitFor();
    expect((await api('GET', `/event-types/${added}`)).status).toBe(200);
    await openScreen('Event types');
    await page.getByRole('cell', { name: added, exact: true }).waitFor();
    await shot('06-imported-event-type');

    // A file that is not JSON: said so before anything is sent.
    await openScreen('Import / Export');
    await page.getByLabel('Catalog file').setInputFiles(writeTmp('garbage.json', '{ "format": "signalbox.catalog/v1", '));
    await page.getByText('garbage.json is not JSON.').waitFor();
    expect(await page.getByRole('button', { name: /dry run/ }).count()).toBe(0);

    // JSON with a bad entry next to a good one: the problem is shown on its path and nothing is written.
    const broken = { ...exported, eventTypes: [...exported.eventTypes, { code: notWritten, name: 'Should not exist' }, { code: 'bad code', name: '' }] };
    await page.getByLabel('Catalog file').setInputFiles(writeTmp('broken.json', JSON.stringify(broken)));
    await page.getByRole('button', { name: /dry run/ }).click();
    const banner = page.locator('.banner-error');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/problem.*nothing was (imported|written)\.\s*×?$/i);
    const problems = page.locator('.node-problems li');
    await problems.first().waitFor();
    expect(await problems.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/eventTypes/)]));
    expect(await page.getByRole('button', { name: 'Confirm import' }).count()).toBe(0);
    await shot('07-import-broken');
    expect((await api('GET', `/event-types/${notWritten}`)).status).toBe(404);
    const after = await api<{ total: number }>('GET', '/event-types');
    expect(after.body.total).toBe(exported.eventTypes.length + 1);
  });

  it('exports a workflow graph from the canvas and imports it into another event code’s draft', async () => {
    const { page, stack, shot } = session;
    const target = uniqueCode('E2E_COPY_TARGET');
    await createEventCode(api, target, 'Copy target (e2e)');
    await signInAs(stack.adminKey, 'admin');
    await page.goto(`${stack.designerUrl}/#/workflows/${DEMO_CODE}`);
    await page.locator('.react-flow__node').first().waitFor();
    const file = (await download(() => page.getByRole('button', { name: 'Export JSON' }).click())) as { eventCode: string; graph: { nodes: { id: string }[]; edges: unknown[] } };
    expect(file.eventCode).toBe(DEMO_CODE);
    expect(file.graph.nodes.length).toBeGreaterThan(2);
    const { body: source } = await api<{ draft: { nodes: { id: string }[]; edges: unknown[] } }>('GET', `/workflows/${DEMO_CODE}`);
    expect(file.graph.nodes.map((n) => n.id).sort()).toEqual(source.draft.nodes.map((n) => n.id).sort());

    await page.goto(`${stack.designerUrl}/#/workflows/${target}`);
    await page.getByText('This workflow is empty.').waitFor();
    // A file that is not a graph is refused with a reason; the draft stays empty.
    await page.getByTestId('import-graph').setInputFiles(writeTmp('not-a-graph.json', JSON.stringify({ hello: 'world' })));
    await page.getByText(/Not a workflow graph/).waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(0);
    await shot('08-graph-import-refused');

    await page.getByTestId('import-graph').setInputFiles(writeTmp(`${DEMO_CODE}.workflow.json`, JSON.stringify(file)));
    // The canvas renders only what is in view: fit the view before counting.
    await canvasOf(page).fitView();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(file.graph.nodes.length);
    await page.getByTestId('save-status').waitFor();
    await expect
      .poll(async () => {
        const { body } = await api<{ draft: { nodes: { id: string }[]; edges: unknown[] } }>('GET', `/workflows/${target}`);
        return { nodes: body.draft.nodes.map((n) => n.id).sort(), edges: body.draft.edges.length };
      })
      .toEqual({ nodes: file.graph.nodes.map((n) => n.id).sort(), edges: file.graph.edges.length });
    await shot('09-graph-imported');
  });
});
