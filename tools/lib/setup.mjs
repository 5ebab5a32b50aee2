// First-run setup shared by `npm start` and `npm test`: dependencies, then the Temporal CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

/** Runs `npm install` when node_modules is missing or older than package.json / the lockfile. */
export function ensureDependencies(log) {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const newest = Math.max(mtime(path.join(ROOT, 'package.json')), mtime(path.join(ROOT, 'package-lock.json')));
  if (existsSync(marker) && mtime(marker) >= newest && existsSync(path.join(ROOT, 'node_modules', 'nx'))) return;
  log('installing dependencies (npm install)…');
  const res = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) {
    throw new Error('npm install failed (see above). Check your network access to the npm registry and run `npm install` again.');
  }
}

export function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
  return res.status ?? 1;
}

/**
 * Like run(), without blocking: signals are handled while the command runs.
 * @returns {Promise<number> & { child: import('node:child_process').ChildProcess }}
 */
export function runAsync(cmd, args, options = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
  const done = new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });
  return Object.assign(done, { child });
}

/** Builds what a runtime stack starts (API, worker, simulator); false when the build failed. */
export function buildRuntime() {
  const nx = path.join(ROOT, 'node_modules', '.bin', 'nx');
  return run(nx, ['run-many', '-t', 'build', '-p', '@signalbox/api', '@signalbox/worker', '@signalbox/network-simulator', '--outputStyle=static']) === 0;
}
