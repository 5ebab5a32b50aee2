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

// Sticky notes and groups, as an analyst at 1280×800 uses them: a note added and written on, two
// steps grouped, renamed and collapsed, the draft saved, the page reloaded (both come back as
// they were), the group expanded again. Its own workflow, so it passes alone.
const session = useBrowserSession('notes-groups');
const api = apiOf(() => session.stack);
/** Screenshots for docs/images (looked at by a person before they are committed). */
const DOCS_IMAGES = path.join(repoRoot(), 'test-results', 'designer', 'notes-groups-docs');

interface Draft {
  nodes: { id: string }[];
  notes?: { id: string; text: string; color?: string }[];
  groups?: { id: string; label: string; nodeIds: string[]; collapsed: boolean }[];
}
const draftOf = async (code: string) => (await api<{ draft: Draft }>('GET', `/workflows/${code}`)).body.draft;

async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function docShot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS_IMAGES, { recursive: true });
  await page.screenshot({ path: path.join(DOCS_IMAGES, `${name}.png`) });
}

/** Signs in as an admin and opens the workflow's canvas, at rest. */
async function openCanvas(code: string) {
  const { page, stack } = session;
  await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
  await page.goto(`${stack.designerUrl}/#/workflows/${code}`);
  await page.getByTestId('node-n4').waitFor();
  const canvas = canvasOf(page);
  await canvas.atRest();
  return canvas;
}

describe('sticky notes and groups', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('adds a note, groups two steps, collapses them, and finds both as they were after a reload', async () => {
    const { page } = session;
    const code = uniqueCode('E2E_NOTES');
    await createEventCode(api, code);
    expect((await api('PUT', `/workflows/${code}/draft`, { graph: ACTIVATE_LINE_GRAPH })).status).toBe(200);
    const canvas = await openCanvas(code);
    await canvas.showWholeGraph();
    const flowNode = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
    const notes = page.locator('.react-flow__node-note');
    const groups = page.locator('.react-flow__node-wf-group');

    // A note from the palette, dropped under the steps; double-click, type, Escape.
    const area = (await canvas.canvas.boundingBox())!;
    await canvas.drop('note', area.width * 0.22, area.height * 0.8);
    await expect.poll(() => notes.count()).toBe(1);
    await notes.first().dblclick();
    const editor = page.getByRole('textbox', { name: 'Note text' });
    await editor.fill('Billing must confirm the account\nbefore we activate it.');
    await page.keyboard.press('Escape');
    await expect.poll(() => notes.first().locator('.note-text').textContent()).toBe('Billing must confirm the account\nbefore we activate it.');
    await notes.first().click();
    await page.getByRole('button', { name: 'Green note' }).click();

    // Two steps: click, then Shift+click; Ctrl+G groups them; double-click the label to rename.
    await canvas.bringIntoView(flowNode('n2'), flowNode('n3'));
    await flowNode('n2').click();
    await flowNode('n3').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+g');
    await expect.poll(() => groups.count()).toBe(1);
    await groups.first().locator('.group-label').dblclick();
    await page.getByRole('textbox', { name: 'Group name' }).fill('Provisioning');
    await page.keyboard.press('Enter');
    await expect.poll(() => groups.first().locator('.group-label').textContent()).toBe('Provisioning');
    await expectAccessible(page, 'canvas with a note and a group');
    await canvas.showWholeGraph();
    // The note selected, as an analyst sees it while editing: its colours, Edit, Delete and resize handles.
    await notes.first().click();
    await page.getByRole('toolbar', { name: 'Note' }).waitFor();
    await expectAccessible(page, 'a selected note with its tools');
    await docShot(page, 'notes-groups');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await canvas.showWholeGraph();
    await expectAccessible(page, 'canvas with a note and a group at 1920×1080');
    await docShot(page, 'notes-groups-1920');
    await page.setViewportSize({ width: 1280, height: 800 });
    await canvas.showWholeGraph();

    // Collapsed: the two steps are hidden, one box says how many it holds, and the connections
    // into and out of them run to and from the box.
    await page.getByRole('button', { name: 'Collapse group Provisioning' }).click();
    await expect.poll(() => flowNode('n2').count()).toBe(0);
    expect(await flowNode('n3').count()).toBe(0);
    await expect.poll(() => groups.first().locator('.group-count').textContent()).toBe('2 steps');
    await expect.poll(() => page.locator('.react-flow__edge.via-group').count()).toBe(2);
    await expectAccessible(page, 'canvas with a collapsed group');
    await docShot(page, 'notes-groups-collapsed');

    // Saved by autosave: the note, its colour and the collapsed group are in the draft.
    await expect
      .poll(async () => {
        const d = await draftOf(code);
        return { notes: d.notes?.map((n) => ({ text: n.text, color: n.color })), groups: d.groups?.map((g) => ({ label: g.label, nodeIds: g.nodeIds, collapsed: g.collapsed })) };
      }, { timeout: 30_000 })
      .toEqual({ notes: [{ text: 'Billing must confirm the account\nbefore we activate it.', color: 'green' }], groups: [{ label: 'Provisioning', nodeIds: ['n2', 'n3'], collapsed: true }] });
    await page.locator('[data-save-state="saved"]').waitFor();

    // After a reload: the note and the collapsed group as they were.
    await page.reload();
    await page.getByTestId('node-n4').waitFor();
    await canvas.atRest();
    await canvas.showWholeGraph();
    await expect.poll(() => notes.first().locator('.note-text').textContent()).toBe('Billing must confirm the account\nbefore we activate it.');
    expect(await notes.first().locator('.note-node').getAttribute('class')).toContain('note-green');
    expect(await groups.first().locator('.group-box').getAttribute('data-collapsed')).toBe('true');
    expect(await flowNode('n2').count()).toBe(0);

    // Expanded again: the steps are back, and so is the saved state.
    await page.getByRole('button', { name: 'Expand group Provisioning' }).click();
    await expect.poll(() => flowNode('n2').count()).toBe(1);
    expect(await page.locator('.react-flow__edge.via-group').count()).toBe(0);
    await expect.poll(async () => (await draftOf(code)).groups?.[0].collapsed, { timeout: 30_000 }).toBe(false);
  });

  it("shows a published version's notes and groups read only, and lists a changed note in the diff", async () => {
    const { page } = session;
    const code = uniqueCode('E2E_NOTES_RO');
    const drawn = {
      ...ACTIVATE_LINE_GRAPH,
      notes: [{ id: 'why', text: 'Published with this note', position: { x: 0, y: 250 }, size: { width: 240, height: 140 } }],
      groups: [{ id: 'prov', label: 'Provisioning', nodeIds: ['n2', 'n3'], collapsed: true }],
    };
    await createEventCode(api, code);
    expect((await api('PUT', `/workflows/${code}/draft`, { graph: drawn })).status).toBe(200);
    expect((await api('POST', `/workflows/${code}/publish`, { note: 'v1 with a note' })).status).toBe(201);
    const edited = { ...drawn, notes: [{ ...drawn.notes[0], text: 'Changed after publishing' }] };
    expect((await api('PUT', `/workflows/${code}/draft`, { graph: edited })).status).toBe(200);
    const canvas = await openCanvas(code);

    await page.getByRole('tab', { name: 'Versions' }).click();
    await canvas.settled(() => page.getByRole('button', { name: 'v1', exact: true }).click());
    await canvas.showWholeGraph();
    const note = page.locator('.react-flow__node-note');
    await expect.poll(() => note.locator('.note-text').textContent()).toBe('Published with this note');
    // Read only: no tools on a selected note, no rename; the group can still be unfolded to read it.
    await note.click();
    expect(await page.getByRole('toolbar', { name: 'Note' }).count()).toBe(0);
    await page.getByTestId('group-prov').locator('.group-label').dblclick();
    expect(await page.getByRole('textbox', { name: 'Group name' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Expand group Provisioning' }).click();
    await expect.poll(() => page.locator('.react-flow__node[data-id="n2"]').count()).toBe(1);
    await expectAccessible(page, 'a published version with a note and a group');

    await page.getByRole('tab', { name: 'Versions' }).click();
    await canvas.settled(async () => {
      await page.getByLabel('Compare from').selectOption('1');
      await page.getByLabel('Compare to').selectOption('draft');
      await page.getByRole('button', { name: 'Show diff' }).click();
    });
    const change = page.getByTestId('change-why');
    await expect.poll(() => change.textContent()).toMatch(/changed\s*note\s*why\s*Changed after publishing/);
    expect(await change.textContent()).toContain('Published with this note');
  });
});
