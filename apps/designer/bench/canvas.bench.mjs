#!/usr/bin/env node
/* global window, document, requestAnimationFrame -- the functions passed to page.evaluate run in the browser */
// Designer canvas benchmark (issue 14, item 3): the built designer's canvas against bare
// @xyflow/react drawing the same generated graph, in the same run, in Debian's Chromium (headless,
// software rendering). Pages, no API, no sign-in:
//   designer  ?bench=NxE          the designer's FlowCanvas, store and nodes (apps/designer/src/bench/BenchCanvas.tsx)
//   bare      ?bench=NxE&bare=1   plain React Flow with a memoised node (apps/designer/src/bench/BareCanvas.tsx)
// For each size (BENCH_SIZES, default 300,1000,2000 nodes with 1.3 edges per node) and page, the
// median over BENCH_RUNS (default 3) of:
//   open        navigation start → the opening view drawn, every drawn node measured (and, in the
//               designer, its opening fit at rest)
//   drag p95    95th percentile frame time while dragging a node, at the opening zoom (the Start
//               step at zoom 0.75, where both pages open) and after Fit View (everything in view)
//   cpu/step    renderer main-thread task time per drag step (Chrome's TaskDuration metric)
//   layout      (designer only) Auto layout: click → laid out, applied and fitted, and the longest
//               main-thread task meanwhile (PerformanceObserver 'longtask')
// The load average is printed; ratios and goal verdicts are withheld when the 1-minute load was
// above 1.5 at the start, unless BENCH_ALLOW_LOAD=1 (then they are marked as measured on a busy
// machine). BENCH_OUT=file.json writes every figure. Build first: npm run bench -- designer does.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { serveDist } from '../scripts/serve-dist.mjs';
import { launchChromium } from '../scripts/chromium.mjs';

const SIZES = (process.env.BENCH_SIZES ?? '300,1000,2000').split(',').map(Number).filter((n) => n > 5);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const DRAG_STEPS = 60;
const MAX_LOAD = 1.5;
/**
 * Issue 14: 1,000 nodes open in < 1 s, drag p95 ≤ 16.7 ms at the opening zoom and ≤ 33 ms all in
 * view, laid out in ≤ 2 s; 2,000 usable (≤ 33 ms at the opening zoom), no layout task over 200 ms.
 */
const GOALS = {
  1000: { openMs: 1000, dragOpeningP95: 16.7, dragAllP95: 33, layoutMs: 2000, layoutLongestTaskMs: 200 },
  2000: { dragOpeningP95: 33, layoutLongestTaskMs: 200 },
};
/**
 * Drag figures are intervals between animation frames, so they come in whole vsync frames
 * (16.7, 33.3, 50 ms at 60 Hz) give or take a tenth of a millisecond: "≤ 16.7 ms" means every
 * frame drawn in time, "≤ 33 ms" at most one frame in two missed. They are judged in frames.
 */
const FRAME_MS = 1000 / 60;
const FRAME_FIGURES = new Set(['dragOpeningP95', 'dragAllP95']);
const framesOf = (ms) => Math.round(ms / FRAME_MS);
const meets = (key, value, goal) => (FRAME_FIGURES.has(key) ? framesOf(value) <= framesOf(goal) : value <= goal);
const FIGURES = [
  ['openMs', 'open (ms)'],
  ['dragOpeningP95', 'drag p95, opening zoom (ms)'],
  ['dragAllP95', 'drag p95, all in view (ms)'],
  ['cpuOpeningPerStep', 'cpu per drag step, opening (ms)'],
  ['cpuAllPerStep', 'cpu per drag step, all in view (ms)'],
  ['layoutMs', 'auto layout, click → at rest (ms)'],
  ['layoutLongestTaskMs', 'longest main-thread task then (ms)'],
];

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Resolves in the page once the view is drawn: nodes on screen, all measured, the designer's fit at rest, for `stableFrames` frames running. */
const drawn = (page, stableFrames) =>
  page.evaluate(
    (frames) =>
      new Promise((resolve) => {
        let stable = 0;
        const check = () => {
          const nodes = document.querySelectorAll('.react-flow__node');
          const canvas = document.querySelector('[data-testid="canvas"]');
          const ready = nodes.length > 0 && [...nodes].every((el) => el.style.visibility !== 'hidden') && (!canvas || canvas.getAttribute('data-layout-state') === 'done');
          stable = ready ? stable + 1 : 0;
          if (stable >= frames) resolve(performance.now());
          else requestAnimationFrame(check);
        };
        check();
      }),
    stableFrames,
  );

async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

/** Drags node n5 along a curve; frame times from requestAnimationFrame, CPU from Chrome's task time. */
async function drag(page, cdp) {
  const box = await page.locator('.react-flow__node[data-id="n5"]').boundingBox();
  if (!box) throw new Error('node n5 is not on screen');
  await page.evaluate(() => {
    window.__frames = [];
    window.__stopFrames = false;
    let last = performance.now();
    const loop = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stopFrames) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  const x0 = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  const cpuBefore = await taskSeconds(cdp);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= DRAG_STEPS; i++) {
    await page.mouse.move(x0 + Math.sin(i / 10) * 150, y0 + i * 2);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
  }
  await page.mouse.up();
  const cpuAfter = await taskSeconds(cdp);
  const frames = await page.evaluate(() => {
    window.__stopFrames = true;
    return window.__frames.slice(1);
  });
  return { p95: percentile(frames, 95), cpuPerStep: ((cpuAfter - cpuBefore) * 1000) / DRAG_STEPS };
}

/** The designer's Auto layout (ELK in a worker, applied in parts, then the readable fit): its duration and longest main-thread task. */
async function autoLayout(page) {
  // Found before the observer starts: Playwright's role query runs in the page and walks every
  // drawn step's accessibility role (50+ ms at 2,000 steps), which the observer would count.
  const button = await page.getByRole('button', { name: 'Auto layout' }).boundingBox();
  if (!button) throw new Error('the Auto layout button is not on screen');
  const before = await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    return Number(document.querySelector('[data-testid="canvas"]').getAttribute('data-layout-seq'));
  });
  const started = await page.evaluate(() => performance.now());
  await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
  await page.waitForFunction(
    (b) => {
      const canvas = document.querySelector('[data-testid="canvas"]');
      return Number(canvas.getAttribute('data-layout-seq')) > b && canvas.getAttribute('data-layout-state') === 'done';
    },
    before,
    { polling: 'raf' },
  );
  const ended = await page.evaluate(() => performance.now());
  const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
  return { layoutMs: ended - started, layoutLongestTaskMs: longest };
}

async function measureOnce(context, url, kind, nodes) {
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  try {
    await page.goto(`${url}/?bench=${nodes}x${Math.round(nodes * 1.3)}${kind === 'bare' ? '&bare=1' : ''}`);
    const openMs = await drawn(page, 1);
    await drawn(page, 3);
    const opening = await drag(page, cdp);
    const seq = () => page.evaluate(() => Number(document.querySelector('[data-testid="canvas"]')?.getAttribute('data-layout-seq') ?? 0));
    const before = await seq();
    await page.locator('.react-flow__controls-fitview').click();
    if (kind === 'designer') await page.waitForFunction((b) => Number(document.querySelector('[data-testid="canvas"]')?.getAttribute('data-layout-seq')) > b, before, { polling: 'raf' });
    await drawn(page, 3);
    const all = await drag(page, cdp);
    const layout = kind === 'designer' ? await autoLayout(page) : {};
    return { openMs, dragOpeningP95: opening.p95, cpuOpeningPerStep: opening.cpuPerStep, dragAllP95: all.p95, cpuAllPerStep: all.cpuPerStep, ...layout };
  } finally {
    await page.close();
  }
}

const fmt = (v) => (v === undefined ? '–' : v.toFixed(1));
const loadBefore = os.loadavg();
const busy = loadBefore[0] > MAX_LOAD;
const allowLoad = process.env.BENCH_ALLOW_LOAD === '1';
const judged = !busy || allowLoad;
console.log(`load average at start: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);

const server = await serveDist();
const browser = await launchChromium();
const results = {};
try {
  // A warm-up so the first figure does not include Chromium's own start-up.
  await measureOnce(browser.context, server.url, 'designer', 30);
  for (const nodes of SIZES) {
    const runs = { designer: [], bare: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const kind of ['designer', 'bare']) {
        const r = await measureOnce(browser.context, server.url, kind, nodes);
        runs[kind].push(r);
        console.log(`  ${String(nodes).padStart(5)} ${kind.padEnd(8)} run ${i + 1}: ${FIGURES.map(([k]) => `${k} ${fmt(r[k])}`).join(', ')}`);
      }
    }
    const median = (list) => Object.fromEntries(FIGURES.map(([k]) => [k, percentile(list.map((r) => r[k]), 50)]));
    results[nodes] = { designer: median(runs.designer), bare: median(runs.bare), runs };
  }
} finally {
  await browser.close();
  await server.close();
}
const loadAfter = os.loadavg();

console.log('');
console.log(`designer canvas against bare @xyflow/react (memoised node, same graph, same run), median of ${RUNS} run(s); Chromium headless, software rendering`);
console.log(['nodes'.padEnd(6), 'figure'.padEnd(34), 'designer'.padStart(9), 'bare'.padStart(9), 'ratio'.padStart(7), '  goal'].join(''));
for (const [nodes, r] of Object.entries(results)) {
  for (const [key, label] of FIGURES) {
    const goal = GOALS[nodes]?.[key];
    const ratio = r.bare[key] === undefined ? '' : judged ? `×${(r.designer[key] / r.bare[key]).toFixed(2)}` : 'held';
    const verdict = goal === undefined ? '' : judged ? `  ≤ ${goal}${FRAME_FIGURES.has(key) ? ` (${framesOf(goal)} frame${framesOf(goal) > 1 ? 's' : ''})` : ''} ${meets(key, r.designer[key], goal) ? 'ok' : 'OVER'}` : `  ≤ ${goal} (not judged)`;
    console.log([String(nodes).padEnd(6), label.padEnd(34), fmt(r.designer[key]).padStart(9), fmt(r.bare[key]).padStart(9), ratio.padStart(7), verdict].join(''));
  }
}
console.log(`load average: start ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, end ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
if (!judged) console.log(`ratios and goals withheld: the 1-minute load was ${loadBefore[0].toFixed(2)} > ${MAX_LOAD} at the start (other work on the machine). BENCH_ALLOW_LOAD=1 prints them anyway.`);
else if (busy) console.log(`ratios and goals on a BUSY machine (load ${loadBefore[0].toFixed(2)} > ${MAX_LOAD} at start; BENCH_ALLOW_LOAD=1): read them as indications only`);
if (process.env.BENCH_OUT) {
  await writeFile(process.env.BENCH_OUT, `${JSON.stringify({ load: { before: loadBefore, after: loadAfter, cores: os.cpus().length, judged, busy }, goals: GOALS, results }, null, 2)}\n`);
  console.log(`figures written to ${process.env.BENCH_OUT}`);
}
