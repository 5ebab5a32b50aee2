// `npm run test:cluster`: builds what the cluster stack launches, then runs the API's cluster test
// (apps/api/test/cluster/cluster.test.ts), which is skipped in `npm test`. Options through the
// environment: CLUSTER_PG_URL (PostgreSQL server, default postgres://postgres@127.0.0.1:5432) and
// SIGNALBOX_CLUSTER_EVENTS (events raised during the kills, default 40).
import os from 'node:os';
import path from 'node:path';
import { ROOT, run } from '../lib/setup.mjs';
import { fail, say } from '../lib/log.mjs';

const nx = path.join(ROOT, 'node_modules', '.bin', 'nx');
say('building the API, the worker and the simulator…');
if (run(nx, ['run-many', '-t', 'build', '-p', '@signalbox/api', '@signalbox/worker', '@signalbox/network-simulator', '--outputStyle=static']) !== 0) {
  fail('the build failed (see above)');
  process.exit(1);
}
say(`load before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min)`);
const status = run(path.join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', 'test/cluster/cluster.test.ts'], {
  cwd: path.join(ROOT, 'apps', 'api'),
  env: { ...process.env, SIGNALBOX_CLUSTER_TEST: '1' },
});
say(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min)`);
process.exit(status);
