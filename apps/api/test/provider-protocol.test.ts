import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';

let api: RunningApi;
let admin: Client;

beforeAll(async () => {
  api = await startApi();
  admin = client(api.url, api.adminKey);
});
afterAll(async () => {
  await api?.stop();
});

describe('provider protocol', () => {
  it('refuses the file protocol (no adapter yet) field by field, and writes nothing', async () => {
    const res = await admin.post('/providers', { code: 'files-out', name: 'Files out', protocol: 'file', endpoints: ['http://127.0.0.1:4300/files'] });
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([{ path: 'protocol', message: 'file protocol is not available yet' }]);
    expect((await admin.get('/providers/files-out')).status).toBe(404);
  });

  it('accepts tcp', async () => {
    const res = await admin.post('/providers', { code: 'agent-tcp', name: 'Agent', protocol: 'tcp', endpoints: ['tcp://127.0.0.1:4301'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ protocol: 'tcp', mode: 'async' });
  });
});
