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
  ensureDependencies(say);
  ensureChromium();

  let temporal;
  if (!process.env.TEMPORAL_ADDRESS) {
    const binary = await ensureTemporalBinary({ log: say });
    temporal = await startDevServer({ binary, port: await freePort(), headless: true });
    process.env.TEMPORAL_ADDRESS = temporal.address;
    say(`Temporal dev server for this run at ${temporal.address}`);
  }
  // Imported only now: it needs `pg`, which a fresh clone has only after ensureDependencies().
  const { startRunDatabase } = await import('./run-database.mjs');
  const database = await startRunDatabase(say);

  const reportDir = path.join(ROOT, 'test-results', 'vitest');
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  process.env.SIGNALBOX_TEST_REPORT_DIR = reportDir;

  const nx = path.join(ROOT, 'node_modules', '.bin', 'nx');
  let status = run(nx, ['run-many', '-t', 'build', 'typecheck', 'lint', '--parallel=2', '--outputStyle=static']);
  // Integration tests start real processes; one project at a time keeps a 2-core machine honest.
  if (status === 0) status = run(nx, ['run-many', '-t', 'test', '--parallel=1', '--outputStyle=static']);

  await temporal?.stop();
  await database.stop();
  const totals = summarise(reportDir, ROOT);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (status !== 0 && totals.failed === 0) totals.failed = 1; // a build, typecheck or lint failure
  // Named again at the very end: a CI log is often read from its tail.
  if (totals.failures.length) console.log(`\nfailed:\n${totals.failures.map((f) => `  - ${f}`).join('\n')}`);
  console.log(`\n${totals.files} projects tested in ${minutes} min`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(status === 0 && totals.failed === 0 ? 0 : 1);
}

main().catch((err) => {
  fail(err.message);
  process.exit(1);
});
