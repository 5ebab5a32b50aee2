// @vitest-environment node
// A 2,000-step graph in the built designer (the `?bench=NxE` page: the designer's canvas, store,
// nodes and Auto layout over a generated graph, no API), in Chromium. Nothing here times the
// machine: how long the main thread is held depends on the load, so the 200 ms long-task goal is
// measured by `npm run bench -- designer` (its "longest layout task"); this test prints what the
// page's performance timeline recorded and asserts what holds at any load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.mjs';
import { serveDist } from '../../scripts/serve-dist.mjs';

const NODES = 2000;
const EDGES = 2600;
/** ELK over 2,000 steps in its worker: seconds on a quiet machine, minutes on a loaded one. */
const LAYOUT_TIMEOUT_MS = 240_000;

declare global {
  interface Window {
    __longTasks?: number[];
  }
}

describe('a 2,000-step graph in the browser', { timeout: LAYOUT_TIMEOUT_MS + 60_000 }, () => {
  let server: Awaited<ReturnType<typeof serveDist>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

  beforeAll(async () => {
    server = await serveDist();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const layoutMark = (page: Page) =>
    page.getByTestId('canvas').evaluate((el) => ({ state: el.getAttribute('data-layout-state'), seq: Number(el.getAttribute('data-layout-seq')) }));
  const drawnPositions = (page: Page) =>
    page.locator('.react-flow__node').evaluateAll((els) => Object.fromEntries(els.map((el) => [el.getAttribute('data-id') ?? '', (el as HTMLElement).style.transform])));
  /** What the overview canvas last drew: connections with both ends known, those in view, and how many draws so far. */
  const overviewMark = (page: Page) =>
    page.getByTestId('overview-edges').evaluate((el) => ({ count: Number(el.getAttribute('data-edge-count')), drawn: Number(el.getAttribute('data-drawn')), seq: Number(el.getAttribute('data-draw-seq')) }));
  const zoom = async (page: Page) => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1]);

  // From the opening view (readable, on the Start step) and from Fit View, zoomed out, where some
  // 1,700 steps are drawn as light boxes: the view then travels to where the layout ends in frames.
  it.each(['the opening view', 'the zoomed-out view'])('lays the graph out in its worker from %s, applies it while the page keeps answering, then shows its Start step at a readable zoom', async (from) => {
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${server!.url}/?bench=${NODES}x${EDGES}`);
      await expect.poll(async () => (await layoutMark(page)).state, { timeout: 120_000 }).toBe('done');
      if (from === 'the zoomed-out view') {
        const opened = await layoutMark(page);
        await page.locator('.react-flow__controls-fitview').click();
        await expect.poll(async () => (await layoutMark(page)).seq > opened.seq && (await layoutMark(page)).state === 'done', { timeout: 120_000 }).toBe(true);
        expect(await page.locator('.wf-node.wf-light').count()).toBeGreaterThan(500);
      }
      const before = await drawnPositions(page);
      const { seq } = await layoutMark(page);
      // Found before the observer listens: Playwright's role queries walk every drawn step in the page.
      const layoutButton = page.locator('button', { hasText: 'Auto layout' });
      const cancelButton = page.locator('button', { hasText: 'Cancel layout' });
      await layoutButton.waitFor();

      // Every task of 50 ms or more from here on (the browser's own definition of a long task).
      await page.evaluate(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.__longTasks!.push(Math.round(entry.duration));
        }).observe({ type: 'longtask' });
      });
      await layoutButton.click();
      // While ELK works in its worker the page shows it can be cancelled, and keeps answering.
      await cancelButton.waitFor();
      await expect
        .poll(async () => {
          const mark = await layoutMark(page);
          return mark.state === 'done' && mark.seq > seq;
        }, { timeout: LAYOUT_TIMEOUT_MS, interval: 500 })
        .toBe(true);
      expect(await cancelButton.count()).toBe(0);

      const longTasks = await page.evaluate(() => window.__longTasks ?? []);
      // A figure, not a verdict: the bench owns the 200 ms goal (see docs/benchmarks.md).
      console.log(`2,000-step layout from ${from}: ${longTasks.length} long task(s), longest ${Math.max(0, ...longTasks)} ms`);

      // The layout moved the steps, and the view opens on the Start step at a readable zoom.
      const after = await drawnPositions(page);
      const moved = Object.keys(after).filter((id) => id in before && before[id] !== after[id]);
      expect(moved.length).toBeGreaterThan(0);
      expect(await zoom(page)).toBeGreaterThanOrEqual(0.75);
      const start = await page.locator('.react-flow__node[data-id="n0"]').boundingBox();
      expect(start).not.toBeNull();
      expect(start!.x).toBeGreaterThanOrEqual(0);
      expect(start!.x + start!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
      // Only the steps in view are drawn, in full: the zoomed-out light boxes are all gone.
      expect(await page.locator('.wf-node.wf-light').count()).toBe(0);
      expect(await page.locator('.react-flow__node').count()).toBeLessThan(200);
    } finally {
      await page.close();
    }
  });

  it('draws zoomed-out steps as light boxes (title only, no outcome rows) and full steps again when zoomed in', async () => {
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${server!.url}/?bench=300x400`);
      await expect.poll(async () => (await layoutMark(page)).state, { timeout: 120_000 }).toBe('done');
      expect(await page.locator('.wf-node.wf-light').count()).toBe(0);
      expect(await page.locator('.wf-node .wf-outcome').count()).toBeGreaterThan(0);
      const { seq } = await layoutMark(page);
      await page.locator('.react-flow__controls-fitview').click();
      await expect.poll(async () => (await layoutMark(page)).seq > seq && (await layoutMark(page)).state === 'done').toBe(true);
      expect(await zoom(page)).toBeLessThan(0.5);
      // Every step is in view and drawn light: no outcome rows, labels or badges anywhere.
      await expect.poll(() => page.locator('.wf-node.wf-light').count()).toBe(300);
      expect(await page.locator('.wf-node .wf-outcome, .wf-node .wf-badge, .wf-node .wf-detail').count()).toBe(0);
      // React Flow draws no edges there: the overview canvas draws every connection, and the
      // light boxes carry no handles.
      await expect.poll(() => overviewMark(page)).toMatchObject({ count: 400, drawn: 400 });
      expect(await page.locator('.react-flow__edge').count()).toBe(0);
      expect(await page.locator('.react-flow__handle').count()).toBe(0);
      // Zoom in as a user would, one click at a time, until past the threshold.
      await expect
        .poll(async () => {
          if ((await zoom(page)) >= 0.55) return true;
          await page.getByRole('button', { name: 'Zoom In' }).click();
          return false;
        })
        .toBe(true);
      await expect.poll(() => page.locator('.wf-node.wf-light').count()).toBe(0);
      expect(await page.locator('.wf-node .wf-outcome').count()).toBeGreaterThan(0);
      // React Flow's own edges are back, attached to the full steps' handles; the overview canvas is gone.
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('overview-edges').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('zoomed out, draws every connection on the overview canvas, which follows a dragged step; zoomed in again, React Flow draws them', async () => {
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${server!.url}/?bench=400x520`);
      await expect.poll(async () => (await layoutMark(page)).state, { timeout: 120_000 }).toBe('done');
      // At the opening zoom React Flow draws the connections in view, and there is no overview canvas.
      expect(await zoom(page)).toBeGreaterThanOrEqual(0.5);
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('overview-edges').count()).toBe(0);

      const { seq } = await layoutMark(page);
      await page.locator('.react-flow__controls-fitview').click();
      await expect.poll(async () => (await layoutMark(page)).seq > seq && (await layoutMark(page)).state === 'done').toBe(true);
      expect(await zoom(page)).toBeLessThan(0.5);
      await expect.poll(() => page.locator('.wf-node.wf-light').count()).toBe(400);
      // Every connection is on the canvas (all in view), none in React Flow, no handle anywhere.
      await expect.poll(() => overviewMark(page)).toMatchObject({ count: 520, drawn: 520 });
      expect(await page.locator('.react-flow__edge, .react-flow__edge-path, .react-flow__edgelabel-renderer > *, .react-flow__connection').count()).toBe(0);
      expect(await page.locator('.react-flow__handle').count()).toBe(0);
      // Something is drawn: the canvas is not blank.
      expect(await page.getByTestId('overview-edges').evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) return true;
        return false;
      })).toBe(true);

      // Drag a step: the canvas redraws while it moves and once it is dropped, from its new place.
      const step = page.locator('.react-flow__node[data-id="n5"]');
      const before = (await step.boundingBox())!;
      const drawsBefore = (await overviewMark(page)).seq;
      await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
      await page.mouse.down();
      await page.mouse.move(before.x + before.width / 2 + 60, before.y + before.height / 2 + 90, { steps: 6 });
      await expect.poll(async () => (await overviewMark(page)).seq).toBeGreaterThan(drawsBefore);
      // The dragged step's connections are on the small live canvas meanwhile.
      const liveCanvas = page.locator('canvas.overview-edges-live');
      expect(await liveCanvas.evaluate((el) => (el as HTMLElement).style.visibility)).toBe('visible');
      // While the step is dragged the minimap is a still copy; the live one is hidden, not removed.
      expect(await page.locator('.react-flow__minimap.minimap-still').count()).toBe(1);
      await page.mouse.up();
      await expect.poll(() => page.locator('.react-flow__minimap.minimap-still').count()).toBe(0);
      await expect.poll(async () => (await step.boundingBox())!.y).toBeGreaterThan(before.y + 40);
      await expect.poll(() => liveCanvas.evaluate((el) => (el as HTMLElement).style.visibility)).toBe('hidden');
      const drawsAfterDrop = (await overviewMark(page)).seq;
      expect(drawsAfterDrop).toBeGreaterThan(drawsBefore);
      expect((await overviewMark(page)).count).toBe(520);

      // Zoom in as a user would, past the threshold: React Flow draws the connections again.
      await expect
        .poll(async () => {
          if ((await zoom(page)) >= 0.55) return true;
          await page.getByRole('button', { name: 'Zoom In' }).click();
          return false;
        })
        .toBe(true);
      await expect.poll(() => page.getByTestId('overview-edges').count()).toBe(0);
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBeGreaterThan(0);
      // Each drawn connection has a path React Flow could place (attached to measured handles).
      await expect.poll(() => page.locator('.react-flow__edge-path[d^="M"]').count()).toBeGreaterThan(0);
      expect(await page.locator('.react-flow__handle').count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('a large graph gets the canvas minimap: it draws every step, follows a dragged step, and pressing or dragging on it moves the view', async () => {
    const page = await browser!.context.newPage();
    try {
      const viewport = async () => {
        const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '');
        return { x: Number(m?.[1]), y: Number(m?.[2]), zoom: Number(m?.[3]) };
      };
      const mini = page.getByTestId('canvas-minimap');
      const mark = () => mini.evaluate((el) => ({ count: Number(el.getAttribute('data-node-count')), seq: Number(el.getAttribute('data-draw-seq')) }));
      await page.goto(`${server!.url}/?bench=600x780`);
      await expect.poll(async () => (await layoutMark(page)).state, { timeout: 120_000 }).toBe('done');
      // 600 steps: one canvas, none of React Flow's SVG minimap rectangles.
      await expect.poll(async () => (await mark()).count).toBe(600);
      expect(await page.locator('.react-flow__minimap-node').count()).toBe(0);
      expect(await mini.evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const first = px.slice(0, 4).join();
        for (let i = 0; i < px.length; i += 4) if (px.slice(i, i + 4).join() !== first) return true;
        return false;
      })).toBe(true);

      // Dragging a step repaints it (and the minimap stays live: no still copy).
      const step = page.locator('.react-flow__node[data-id="n5"]');
      const box = (await step.boundingBox())!;
      const before = (await mark()).seq;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 60, { steps: 5 });
      await expect.poll(async () => (await mark()).seq).toBeGreaterThan(before);
      expect(await page.locator('.minimap-still').count()).toBe(0);
      await page.mouse.up();

      // A press far from the view's box centres the view there; a drag on it moves the view.
      const start = await viewport();
      const m = (await mini.boundingBox())!;
      await page.mouse.move(m.x + m.width * 0.9, m.y + m.height * 0.9);
      await page.mouse.down();
      await expect.poll(async () => (await viewport()).x).toBeLessThan(start.x);
      const pressed = await viewport();
      await page.mouse.move(m.x + m.width * 0.7, m.y + m.height * 0.9, { steps: 4 });
      await page.mouse.up();
      // Dragging left on the minimap moves the view left over the flow: the flow shifts right.
      await expect.poll(async () => (await viewport()).x).toBeGreaterThan(pressed.x);
      expect((await viewport()).zoom).toBe(start.zoom);

      // The wheel over it zooms the canvas.
      await mini.hover();
      await page.mouse.wheel(0, 400);
      await expect.poll(async () => (await viewport()).zoom).toBeLessThan(start.zoom);
    } finally {
      await page.close();
    }
  });
});
