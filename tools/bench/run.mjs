// `npm run bench [-- engine|api|designer]`: runs the benchmarks one after the other, each printing
// its own figures and its ratios or goals. Nothing here is a test: figures are for reading.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BENCHES = {
  engine: {
    title: 'Signalbox against a plain Temporal workflow',
    // The API, the worker, their libraries and the simulator (Nx's cache makes this quick when up to date).
    before: ['npx', ['nx', 'run-many', '-t', 'build', '-p', '@signalbox/api', '@signalbox/worker', '@signalbox/network-simulator', '--parallel=1', '--outputStyle=static']],
    script: 'tools/bench/engine.bench.mjs',
  },
  api: {
    title: 'event intake and catalog reads against a bare node:http server',
    before: ['npx', ['nx', 'run', '@signalbox/api:build', '--outputStyle=static']],
    script: 'tools/bench/api.bench.mjs',
  },
  designer: {
    title: 'designer canvas',
    before: ['npx', ['nx', 'run', '@signalbox/designer:build', '--outputStyle=static']],
    script: 'apps/designer/bench/canvas.bench.mjs',
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BENCHES[name]);
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  console.log(`\n=== ${name}: ${bench.title} ===`);
  if (bench.before) {
    const [cmd, args] = bench.before;
    if (spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) {
      console.error(`${name}: the build before the benchmark failed`);
      failed += 1;
      continue;
    }
  }
  const res = spawnSync(process.execPath, [path.join(ROOT, bench.script)], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
