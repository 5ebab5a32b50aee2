// Driving the workflow canvas as a user would, waiting on what the canvas shows rather than on
// time: `data-layout-state` says whether a layout or fit is still moving the view, and
// `data-layout-seq` numbers the last one that finished.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

const LAYOUT_TIMEOUT = { timeout: 60_000 };

export function canvasOf(page: Page) {
  const canvas = page.getByTestId('canvas');
  const layoutMark = () => canvas.evaluate((el) => ({ state: el.getAttribute('data-layout-state'), seq: Number(el.getAttribute('data-layout-seq')) }));

  /** Runs `action` (which starts a layout or a fit) and waits until that one has come to rest. */
  async function settled(action: () => Promise<unknown>): Promise<void> {
    const before = (await layoutMark()).seq;
    await action();
    await expect.poll(async () => {
      const mark = await layoutMark();
      return mark.state === 'done' && mark.seq > before;
    }, LAYOUT_TIMEOUT).toBe(true);
  }

  /** Waits until no layout or fit is moving the view (an empty canvas fits on its first drop). */
  const atRest = () => expect.poll(async () => (await layoutMark()).state, LAYOUT_TIMEOUT).toBe('done');

  /** Drops a palette entry at a point of the canvas and waits for the view to be at rest. */
  async function drop(paletteKey: string, x: number, y: number): Promise<void> {
    // Counted on the minimap, which draws every step: the canvas leaves off-screen ones out.
    const nodes = page.locator('.react-flow__minimap-node');
    const before = await nodes.count();
    await page.locator(`[data-palette="${paletteKey}"]`).dragTo(canvas, { targetPosition: { x, y }, force: true });
    await expect.poll(() => nodes.count()).toBe(before + 1);
    await atRest();
  }

  const autoLayout = () => settled(() => page.getByRole('button', { name: 'Auto layout' }).click());
  const fitView = () => settled(() => page.getByRole('button', { name: 'Fit View' }).click());

  /** What a user does to see every step: collapse the side panel if open, then Fit View. */
  async function showWholeGraph(): Promise<void> {
    const collapse = page.getByRole('button', { name: 'Collapse the panel' });
    if (await collapse.isVisible()) {
      await collapse.click();
      await page.getByRole('complementary', { name: 'Side panel (collapsed)' }).waitFor();
    }
    await fitView();
  }

  /** True when the element is drawn and its centre is not covered (by the minimap, a panel…). */
  async function reachable(target: Locator): Promise<boolean> {
    if ((await target.count()) !== 1) return false; // off-screen nodes are not rendered at all
    return target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return hit !== null && (hit === el || el.contains(hit));
    });
  }

  /** Makes every target reachable by the mouse, showing the whole graph when one is not. */
  async function bringIntoView(...targets: Locator[]): Promise<void> {
    const allReachable = async () => (await Promise.all(targets.map(reachable))).every(Boolean);
    if (await allReachable()) return;
    await showWholeGraph();
    await expect.poll(allReachable, { timeout: 10_000 }).toBe(true);
  }

  /** Connects an outcome handle to a step's input with real mouse events; waits for the new edge. */
  async function connect(from: Locator, to: Locator): Promise<void> {
    await bringIntoView(from, to);
    const edges = page.locator('.react-flow__edge');
    const before = await edges.count();
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => edges.count()).toBe(before + 1);
  }

  return { canvas, settled, atRest, drop, autoLayout, fitView, showWholeGraph, bringIntoView, connect };
}
