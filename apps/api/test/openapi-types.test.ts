import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@signalbox/tools/infra';

const run = promisify(execFile);

/**
 * The designer's API types are generated from this API's OpenAPI document and committed. When a
 * response view changes, the committed file must be regenerated — and then whatever the designer
 * reads that went away fails its typecheck. This test catches the forgotten regeneration.
 */
describe('the designer API types', () => {
  it('match the OpenAPI document the built API describes', async () => {
    const root = repoRoot();
    const cli = path.join(root, 'apps/api/dist/cli.js');
    const { stdout: document } = await run(process.execPath, [cli, 'openapi'], { maxBuffer: 32 * 1024 * 1024 });
    const dir = await mkdtemp(path.join(tmpdir(), 'signalbox-openapi-'));
    try {
      await writeFile(path.join(dir, 'openapi.json'), document);
      const out = path.join(dir, 'openapi.generated.ts');
      await run(process.execPath, [path.join(root, 'node_modules/openapi-typescript/bin/cli.js'), path.join(dir, 'openapi.json'), '-o', out]);
      const committed = await readFile(path.join(root, 'apps/designer/src/api/openapi.generated.ts'), 'utf8');
      expect(committed === (await readFile(out, 'utf8')), 'apps/designer/src/api/openapi.generated.ts is stale: npm run build -w @signalbox/api && npm run gen:api -w @signalbox/designer').toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
