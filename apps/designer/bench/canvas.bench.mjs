#!/usr/bin/env node
/* global window, document, requestAnimationFrame -- the functions passed to page.evaluate run in the browser */
// Designer canvas benchmark: opens a generated 300-node / 400-edge workflow in the built designer
// (no API: the `?bench=NxE` hook) in Debian's Chromium, and measures
//   - time to open: navigation start → every node rendered and measured,
//   - p95 frame time while dragging a node.
// Prints the figures against the goals (< 1 s, < 20 ms). Build first: npm run build -w apps/designer.
import { serveDist } from '../scripts/serve-dist.mjs';
import { launchChromium } from '../scripts/chromium.mjs';

const NODES = Number(process.env.BENCH_NODES ?? 300);
const EDGES = Number(process.env.BENCH_EDGES ?? 400);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOALS = { openMs: 1000, p95FrameMs: 20 };

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measureOnce(context, url, nodeCount, edgeCount) {
  const page = await context.newPage();
  await page.goto(`${url}/?bench=${nodeCount}x${edgeCount}`);
  // Opened = all nodes in the DOM with their size measured by React Flow (visible).
  const openMs = await page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const check = () => {
          const nodes = document.querySelectorAll('.react-flow__node');
          const measured = nodes.length === n && [...nodes].every((el) => el.style.visibility !== 'hidden');
          if (measured) resolve(performance.now());
          else requestAnimationFrame(check);
        };
        check();
      }),
    nodeCount,
  );
  // The opening fit has come to rest (the canvas says so) before the drag is measured.
  await page.locator('[data-testid="canvas"][data-layout-state="done"]').waitFor();

  const handle = page.locator('.react-flow__node[data-id="n5"]');
  const box = await handle.boundingBox();
  if (!box) throw new Error('node n5 is not on screen');
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const loop = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stopFrames) requestAnimationFrame(loop);
    };
    window.__stopFrames = false;
    requestAnimationFrame(loop);
  });
  const x0 = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 90; i++) {
    await page.mouse.move(x0 + Math.sin(i / 10) * 150, y0 + i * 2);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.__stopFrames = true;
    return window.__frames.slice(1);
  });
  await page.close();
  return { openMs, p95FrameMs: percentile(frames, 95), frames: frames.length };
}

// The same measurements on a small graph in the same run are the baseline: the ratios say what
// the size costs, independent of how fast this machine is today.
const BASELINE = { nodes: 30, edges: 40 };

async function measure(context, url, nodeCount, edgeCount) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await measureOnce(context, url, nodeCount, edgeCount));
  const median = (k) => percentile(results.map((r) => r[k]), 50);
  return { openMs: median('openMs'), p95FrameMs: median('p95FrameMs'), results };
}

const server = await serveDist();
const browser = await launchChromium();
try {
  // A warm-up open so the first figure does not include Chromium's own start-up.
  await measureOnce(browser.context, server.url, BASELINE.nodes, BASELINE.edges);
  const base = await measure(browser.context, server.url, BASELINE.nodes, BASELINE.edges);
  const big = await measure(browser.context, server.url, NODES, EDGES);
  const line = (label, value, baseValue, goal) =>
    `  ${label.padEnd(32)} ${value.toFixed(1).padStart(8)} ms   baseline ${baseValue.toFixed(1).padStart(7)} ms   ×${(value / baseValue).toFixed(2).padEnd(5)}  goal < ${goal} ms   ${value < goal ? 'ok' : 'OVER'}`;
  console.log(`designer canvas: ${NODES} nodes / ${EDGES} edges against a ${BASELINE.nodes}/${BASELINE.edges} baseline, median of ${RUNS} runs (Chromium, headless, software rendering)`);
  console.log(line('time to open', big.openMs, base.openMs, GOALS.openMs));
  console.log(line('p95 frame time while dragging', big.p95FrameMs, base.p95FrameMs, GOALS.p95FrameMs));
  console.log(`  runs: ${big.results.map((r) => `${r.openMs.toFixed(0)}/${r.p95FrameMs.toFixed(1)}`).join('  ')} (open ms / p95 frame ms)`);
} finally {
  await browser.close();
  await server.close();
}
