// `npm test`: set up what is missing, start one real Temporal dev server and (without DATABASE_URL)
// one embedded PostgreSQL for the whole run, then build, typecheck, lint and test every project
// through Nx, and print one summary line.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureDependencies, ROOT, run } from '../lib/setup.mjs';
import { fail, say } from '../lib/log.mjs';
import { ensureTemporalBinary, startDevServer } from '../temporal/temporal.mjs';
import { freePort } from '../lib/ports.mjs';
import { summarise } from './summary.mjs';

function ensureChromium() {
  if (existsSync('/usr/bin/chromium') || process.env.CHROMIUM_PATH) return;
  if (process.getuid?.() !== 0) {
    say('Chromium is missing: the designer browser tests need it (sudo apt-get install -y chromium).');
    return;
  }
  say('installing Debian chromium for the designer browser tests…');
  spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
}

async function main() {
  const started = Date.now();
  const phases = [];
  const lap = (name, since) => phases.push(`${name} ${((Date.now() - since) / 60_000).toFixed(1)} min`);
  // The Temporal CLI (a Go build of several minutes on a new machine) builds while npm installs
  // and Nx builds: only the tests need it. A failed build is reported when the tests need it.
  const binary = process.env.TEMPORAL_ADDRESS
    ? undefined
    : ensureTemporalBinary({ log: say }).then(
        (file) => ({ file }),
        (error) => ({ error }),
      );
  let cannotBuild;
  binary?.then((built) => (cannotBuild = built.error));
  let since = Date.now();
  ensureDependencies(say);
  ensureChromium();
  // No Go and no binary is known at once: say so before minutes of building.
  if (cannotBuild) throw cannotBuild;
  lap('setup', since);

  const reportDir = path.join(ROOT, 'test-results', 'vitest');
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  process.env.SIGNALBOX_TEST_REPORT_DIR = reportDir;

  const nx = path.join(ROOT, 'node_modules', '.bin', 'nx');
  since = Date.now();
  let status = run(nx, ['run-many', '-t', 'build', 'typecheck', 'lint', '--parallel=2', '--outputStyle=static']);
  lap('build, typecheck and lint', since);

  let temporal;
  let database;
  if (status === 0) {
    if (binary) {
      since = Date.now();
      const built = await binary;
      if (built.error) throw built.error;
      lap('waiting for the Temporal CLI', since);
      temporal = await startDevServer({ binary: built.file, port: await freePort(), headless: true });
      process.env.TEMPORAL_ADDRESS = temporal.address;
      say(`Temporal dev server for this run at ${temporal.address}`);
    }
    // Imported only now: it needs `pg`, which a fresh clone has only after ensureDependencies().
    const { startRunDatabase } = await import('./run-database.mjs');
    database = await startRunDatabase(say);
    // Integration tests start real processes; one project at a time keeps a 2-core machine honest.
    since = Date.now();
    status = run(nx, ['run-many', '-t', 'test', '--parallel=1', '--outputStyle=static']);
    lap('tests', since);
  }

  await temporal?.stop();
  await database?.stop();
  const totals = summarise(reportDir, ROOT);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (status !== 0 && totals.failed === 0) totals.failed = 1; // a build, typecheck or lint failure
  // Named again at the very end: a CI log is often read from its tail.
  if (totals.failures.length) console.log(`\nfailed:\n${totals.failures.map((f) => `  - ${f}`).join('\n')}`);
  console.log(`\n${totals.files} projects tested in ${minutes} min (${phases.join(', ')})`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(status === 0 && totals.failed === 0 ? 0 : 1);
}

main().catch((err) => {
  fail(err.message);
  process.exit(1);
});
