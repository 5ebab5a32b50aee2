import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';

const HISTORIES = path.join(__dirname, 'histories');

// Fixtures are `JSON.stringify(await handle.fetchHistory())` (protobuf's JSON form). They are read
// with the proto's own fromObject: @temporalio/common's historyFromJSON trips over the two copies
// of protobufjs this install has.

/**
 * Histories recorded from real runs (apps/worker's interpreter test, SIGNALBOX_RECORD_HISTORIES=dir)
 * must replay on the current workflow code: a change that breaks one needs `patched()`.
 */
describe('recorded histories', () => {
  it('replay without non-determinism errors', async () => {
    const files = (await readdir(HISTORIES)).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(2);
    const histories = await Promise.all(
      files.map(async (file) => ({ workflowId: file, history: temporal.api.history.v1.History.fromObject(JSON.parse(await readFile(path.join(HISTORIES, file), 'utf8'))) })),
    );
    const results = Worker.runReplayHistories(
      {
        workflowsPath: path.join(__dirname, '..', 'src', 'index.ts'),
        bundlerOptions: {
          webpackConfigHook: (config) => {
            config.resolve = { ...config.resolve, conditionNames: ['@signalbox/source', 'require', 'module', 'import', 'default'] };
            return config;
          },
        },
      },
      histories,
    );
    const failures: string[] = [];
    for await (const result of results) if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    expect(failures).toEqual([]);
  });
});
