// `npm run drill [-- --runs 200 --drift 20 --csv-lines 10000]`: the outage drill at full scale.
// Builds what it launches, then runs the API's drill test (apps/api/test/runtime/outage-drill.test.ts)
// on the real stack — without DATABASE_URL on an embedded PostgreSQL, with it on that server — and
// prints the machine's load before and after. Exits non-zero when a check failed.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildRuntime, ROOT, run } from '../lib/setup.mjs';
import { fail, say } from '../lib/log.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    drift: { type: 'string', default: '20' },
    'csv-lines': { type: 'string', default: '10000' },
  },
});
for (const [name, value] of Object.entries(values)) {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000) {
    fail(`--${name} must be a whole number from 1 to 100000, not ${value}`);
    process.exit(2);
  }
}
if (Number(values.drift) > Number(values.runs)) {
  fail('--drift cannot exceed --runs: only provisioned subscribers can drift');
  process.exit(2);
}

say('building the API, the worker and the simulator…');
if (!buildRuntime()) {
  fail('the build failed (see above)');
  process.exit(1);
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
const started = Date.now();
say(`load before: ${load()} (1/5/15 min); database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}`);
const status = run(path.join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', 'test/runtime/outage-drill.test.ts'], {
  cwd: path.join(ROOT, 'apps', 'api'),
  env: { ...process.env, SIGNALBOX_DRILL_RUNS: values.runs, SIGNALBOX_DRILL_DRIFT: values.drift, SIGNALBOX_DRILL_CSV_LINES: values['csv-lines'] },
});
say(`drill ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s; load after: ${load()}`);
process.exit(status);
