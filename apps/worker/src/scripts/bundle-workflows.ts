import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflows } from '../workflow-bundler';

// Build step: writes dist/workflow-bundle.js so the worker starts without webpack at runtime.
async function main(): Promise<void> {
  const { code } = await bundleWorkflows();
  const out = path.resolve(__dirname, '..', 'workflow-bundle.js');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, code);
  console.log(`workflow bundle written to ${path.relative(process.cwd(), out)} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(`bundling the workflows failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
