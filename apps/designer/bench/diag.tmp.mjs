import { serveDist } from '../scripts/serve-dist.mjs';
import { launchChromium } from '../scripts/chromium.mjs';
const p95 = (v) => [...v].sort((a, b) => a - b)[Math.ceil(0.95 * v.length) - 1];
const med = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
async function run(context, url, css, drag) {
  const page = await context.newPage();
  await page.goto(`${url}/?bench=300x400`);
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 300);
  if (css) await page.addStyleTag({ content: css });
  await page.waitForTimeout(500);
  const box = await page.locator('.react-flow__node[data-id="n5"]').boundingBox();
  await page.evaluate(() => { window.__f = []; let last = performance.now(); const loop = (t) => { window.__f.push(t - last); last = t; if (!window.__s) requestAnimationFrame(loop); }; requestAnimationFrame(loop); });
  const cdp = await context.newCDPSession(page); await cdp.send('Performance.enable');
  const m = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  const m0 = await m();
  const x0 = box.x + box.width / 2, y0 = box.y + box.height / 2;
  await page.mouse.move(x0, y0);
  if (drag) await page.mouse.down();
  for (let i = 1; i <= 60; i++) { if (drag) await page.mouse.move(x0 + Math.sin(i / 10) * 150, y0 + i * 2); await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r()))); }
  if (drag) await page.mouse.up();
  const f = await page.evaluate(() => { window.__s = true; return window.__f.slice(1); });
  const m1 = await m();
  const d = (k) => ((m1[k] - m0[k]) * 1000).toFixed(0);
  await page.close();
  return `task ${d('TaskDuration')} script ${d('ScriptDuration')} layout ${d('LayoutDuration')} style ${d('RecalcStyleDuration')} | p95 ${p95(f).toFixed(1)} med ${med(f).toFixed(1)} n ${f.length}`;
}
const server = await serveDist();
const b = await launchChromium();
try {
  await run(b.context, server.url, '', true);
  const variants = { idle: ['', false], base: ['', true], nominimap: ['.react-flow__minimap{display:none}', true], nodesHidden: ['.react-flow__node{visibility:hidden!important}', true], base2: ['', true] };
  for (const [k, [css, drag]] of Object.entries(variants)) console.log(k.padEnd(12), await run(b.context, server.url, css, drag));
} finally { await b.close(); await server.close(); }
