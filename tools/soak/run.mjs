// `npm run soak [-- --events 300 --services 50 --kills 3 --temporal-restarts 1]`: the soak at full
// size. Builds what it launches, then runs the API's soak test (apps/api/test/runtime/soak.test.ts)
// on the real stack: without DATABASE_URL on an embedded PostgreSQL, with it on that server.
// Prints the figures (with the machine's load) and exits non-zero when a check failed.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildRuntime, ROOT, run } from '../lib/setup.mjs';
import { fail, say } from '../lib/log.mjs';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '300' },
    services: { type: 'string', default: '50' },
    kills: { type: 'string', default: '3' },
    'temporal-restarts': { type: 'string', default: '1' },
  },
});
for (const [name, value] of Object.entries(values)) {
  if (!/^\d+$/.test(value) || Number(value) > 100_000) {
    fail(`--${name} must be a whole number up to 100000, not ${value}`);
    process.exit(2);
  }
}
if (Number(values.services) < 1 || Number(values.events) < Number(values.services)) {
  fail('--events must be at least --services, and --services at least 1 (each service gets events)');
  process.exit(2);
}

say('building the API, the worker and the simulator…');
if (!buildRuntime()) {
  fail('the build failed (see above)');
  process.exit(1);
}

const report = path.join(os.tmpdir(), `signalbox-soak-${process.pid}.json`);
say(`uptime before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min load); database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}`);
const status = run(path.join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', 'test/runtime/soak.test.ts'], {
  cwd: path.join(ROOT, 'apps', 'api'),
  env: {
    ...process.env,
    SIGNALBOX_SOAK_EVENTS: values.events,
    SIGNALBOX_SOAK_SERVICES: values.services,
    SIGNALBOX_SOAK_WORKER_KILLS: values.kills,
    SIGNALBOX_SOAK_TEMPORAL_RESTARTS: values['temporal-restarts'],
    SIGNALBOX_SOAK_REPORT: report,
  },
});

if (existsSync(report)) {
  const { figures, problems } = JSON.parse(readFileSync(report, 'utf8'));
  rmSync(report, { force: true });
  const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  console.log('');
  console.log(`| database | events / services | worker kills | Temporal restarts | time | runs completed | orders (re-sends) | duplicated | overlapping | wrong subject | 5xx | load before | load after |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
  console.log(
    `| ${figures.database} | ${figures.events} / ${figures.services} | ${figures.workerKills} | ${figures.temporalRestarts} | ${figures.durationS.toFixed(0)} s | ${figures.runsCompleted} | ${figures.orders} (${figures.resends}) | ${problems.duplicated.length} | ${problems.overlapping.length} | ${problems.wrongSubject.length} | ${problems.serverErrors.length} | ${load(figures.load.before)} | ${load(figures.load.after)} |`,
  );
}
process.exit(status);
