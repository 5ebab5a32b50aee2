import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot, startTemporal } from '@signalbox/tools/infra';
import { bundleWorkflows } from '../src/workflow-bundler';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    simulatorUrl: string;
    smtpPort: number;
    bundlePath: string;
  }
}

/** One real Temporal dev server, one real network simulator and one workflow bundle per test run. */
export default async function setup(project: TestProject) {
  const temporal = await startTemporal();
  // A simulator that cannot start (e.g. not built) must not leave the dev server behind.
  const simulator = await startSimulatorProcess().catch(async (err: unknown) => {
    await temporal.stop();
    throw err;
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'signalbox-worker-test-'));
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, (await bundleWorkflows()).code);
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalNamespace', temporal.namespace);
  project.provide('simulatorUrl', simulator.url);
  project.provide('smtpPort', simulator.smtpPort);
  project.provide('bundlePath', bundlePath);
  return async () => {
    simulator.process.kill('SIGTERM');
    await temporal.stop();
  };
}

export async function startSimulatorProcess(): Promise<{ url: string; smtpPort: number; process: ChildProcess }> {
  const main = path.join(repoRoot(), 'apps', 'network-simulator', 'dist', 'main.js');
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_TCP_PORT: '0', SIMULATOR_SMTP_PORT: '0', SIMULATOR_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the network simulator did not start:\n${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+) \(tcp \d+, smtp (\d+)\)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], smtpPort: Number(m[2]), process: child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the network simulator exited with ${code}:\n${out}`));
    });
  });
}
