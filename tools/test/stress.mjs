// `npm run test:stress [-- --runs N] [-- --ci]`: runs the whole suite N times (default 3) while
// stress-ng keeps every core busy, and prints each run's time and result, then a summary.
// A suite that passes only on an idle machine fails here; that is the point.
//   --runs N   how many runs (default 3)
//   --ci       run `bash .ci/run` (PostgreSQL) instead of `npm test` (embedded database)
//   --cpu N    stress-ng CPU workers (default: every core, `nproc`)
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUMMARY = /(\d+) passed, (\d+) failed/;

const say = (message) => console.log(`[stress] ${message}`);

function parseArgs(argv) {
  const options = { runs: 3, ci: false, cpu: os.availableParallelism() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--ci') options.ci = true;
    else if (arg === '--runs' || arg === '--cpu') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) usage(`${arg} needs a whole number ≥ 1`);
      options[arg.slice(2)] = value;
    } else usage(`unknown option ${arg}`);
  }
  return options;
}

function usage(problem) {
  console.error(`${problem}\nusage: npm run test:stress -- [--runs N] [--ci] [--cpu N]`);
  process.exit(2);
}

function hasStressNg() {
  return spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Debian's stress-ng, installed when missing and we may (root); otherwise says how. */
function ensureStressNg() {
  if (hasStressNg()) return;
  if (process.getuid?.() !== 0) {
    console.error('stress-ng is missing: install it with `sudo apt-get install -y stress-ng`, then run this again.');
    process.exit(2);
  }
  say('installing Debian stress-ng…');
  const res = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng'], { stdio: 'inherit' });
  if (res.status !== 0 || !hasStressNg()) {
    console.error('could not install stress-ng with apt-get; install it by hand and run this again.');
    process.exit(2);
  }
}

/** A child in its own process group, so stopping it stops everything it started. */
function startGroup(command, args, stdio) {
  return spawn(command, args, { cwd: ROOT, stdio, detached: true });
}

function stopGroup(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** One run of the suite, its output passed through; resolves with its exit code and summary line. */
function runSuite(ci, onChild) {
  const [command, args] = ci ? ['bash', ['.ci/run']] : ['npm', ['test']];
  const child = startGroup(command, args, ['ignore', 'pipe', 'pipe']);
  onChild(child);
  let tail = '';
  const pass = (stream) => (chunk) => {
    stream.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', pass(process.stdout));
  child.stderr.on('data', pass(process.stderr));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const matches = [...tail.matchAll(new RegExp(SUMMARY, 'g'))];
      const last = matches.at(-1);
      resolve({ code: code ?? (signal ? 128 : 1), passed: last ? Number(last[1]) : null, failed: last ? Number(last[2]) : null });
    });
  });
}

const minutes = (ms) => `${(ms / 60_000).toFixed(1)} min`;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

async function main() {
  const options = parseArgs(process.argv.slice(2));
  ensureStressNg();

  let stress;
  let suite;
  let stopping = false;
  const cleanUp = () => {
    stopping = true;
    stopGroup(suite);
    stopGroup(stress);
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      say(`${signal}: stopping the suite and stress-ng`);
      cleanUp();
      process.exit(130);
    });
  }

  // --timeout 0: until we stop it. Its own output is noise; its failure to start is not.
  stress = startGroup('stress-ng', ['--cpu', String(options.cpu), '--timeout', '0', '--quiet'], ['ignore', 'ignore', 'inherit']);
  stress.on('exit', (code, signal) => {
    if (!stopping) say(`stress-ng stopped on its own (${signal ?? code}): the runs after this are not under load`);
  });
  const what = options.ci ? 'bash .ci/run (PostgreSQL)' : 'npm test (embedded database)';
  say(`${options.runs} × ${what} with stress-ng --cpu ${options.cpu} on ${os.availableParallelism()} cores (load ${load()})`);

  const results = [];
  for (let run = 1; run <= options.runs; run++) {
    say(`run ${run}/${options.runs} starting (load ${load()})`);
    const started = Date.now();
    const result = await runSuite(options.ci, (child) => (suite = child));
    suite = undefined;
    const ms = Date.now() - started;
    const ok = result.code === 0 && result.failed === 0;
    results.push({ run, ms, ok, ...result, load: load() });
    const counts = result.passed === null ? 'no summary line' : `${result.passed} passed, ${result.failed} failed`;
    say(`run ${run}/${options.runs}: ${ok ? 'PASS' : 'FAIL'} in ${minutes(ms)} — ${counts} (exit ${result.code}, load ${load()})`);
  }
  cleanUp();

  console.log(`\n[stress] summary: ${what}, stress-ng --cpu ${options.cpu}`);
  console.log('| run | result | time | passed | failed | load (1/5/15 min) at end |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.run} | ${r.ok ? 'pass' : 'FAIL'} | ${minutes(r.ms)} | ${r.passed ?? '—'} | ${r.failed ?? '—'} | ${r.load} |`);
  const failedRuns = results.filter((r) => !r.ok).length;
  console.log(failedRuns ? `${failedRuns} of ${results.length} runs failed` : `all ${results.length} runs passed`);
  process.exit(failedRuns ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
