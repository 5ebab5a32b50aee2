import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchText, FileAuthenticationError, openFile, readBatchText, sealFile } from '@signalbox/contracts/file-batch';
import type { RunningSimulator } from '../src/simulator';
import { eventually, order, request, startTestSimulator } from './helpers';

let sim: RunningSimulator;
let root: string;
beforeAll(async () => {
  sim = await startTestSimulator();
  root = await mkdtemp(path.join(tmpdir(), 'sim-drop-'));
});
afterAll(async () => {
  await sim.stop();
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  await request(`${sim.url}/control/reset`, { method: 'POST' });
});

/** A drop of its own (folders, key), and a batch of `count` orders written into its outbox. */
async function dropWithBatch(provider: string, count: number, answer: Record<string, unknown>) {
  const key = randomBytes(32).toString('base64');
  const outbox = path.join(root, provider, 'out');
  const inbox = path.join(root, provider, 'in');
  await mkdir(outbox, { recursive: true });
  const set = await request(`${sim.url}/control/file-drops/${provider}`, { method: 'PUT', body: { outbox, inbox, key, answer } });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  expect(JSON.stringify(set.body)).not.toContain(key);
  const orders = Array.from({ length: count }, (_, i) => order({ serviceOrderId: `so-${provider}-${i}` }));
  await writeFile(path.join(outbox, 'b1.sbx'), sealFile(key, batchText({ kind: 'orders', batchId: 'b1', provider }, orders)));
  const response = async () => {
    const names = (await readdir(inbox).catch(() => [] as string[])).filter((n) => n.endsWith('.sbx'));
    return names[0] ? readFile(path.join(inbox, names[0])) : undefined;
  };
  return { key, orders, response };
}

describe('file drop', () => {
  it('answers a batch partly, with the bad line asked for, in reply to the batch', async () => {
    const { key, response } = await dropWithBatch('ca-files', 4, { limit: 3, badLines: [3] });
    const read = readBatchText(openFile(key, await eventually(response, 'the response file')), 'responses');
    expect(read.ok && read.header.inReplyTo).toBe('b1');
    const lines = read.ok ? read.lines.map((l) => JSON.parse(l.text)) : [];
    expect(lines.map((l) => [l.serviceOrderId, l.status])).toEqual([
      ['so-ca-files-0', 'COMPLETED'],
      ['so-ca-files-1', 'PERHAPS'],
      ['so-ca-files-2', 'COMPLETED'],
    ]);
    const view = await request(`${sim.url}/control/file-drops/ca-files`);
    expect(view.body.batches).toEqual([expect.objectContaining({ batchId: 'b1', orderIds: ['so-ca-files-0', 'so-ca-files-1', 'so-ca-files-2', 'so-ca-files-3'] })]);
  });

  it('tampers with the response when told to', async () => {
    const { key, response } = await dropWithBatch('ca-tamper', 1, { tamper: true });
    const sealed = await eventually(response, 'the response file');
    expect(() => openFile(key, sealed)).toThrow(FileAuthenticationError);
  });

  it('refuses a drop without its key, field by field', async () => {
    const res = await request(`${sim.url}/control/file-drops/ca-bad`, { method: 'PUT', body: { outbox: 'o', inbox: 'i' } });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ path: 'key', message: 'is required' }]);
  });
});
