import { randomBytes } from 'node:crypto';
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
  it('refuses a file provider without its folders or its key, naming the field, and writes nothing', async () => {
    const noFolders = await admin.post('/providers', { code: 'files-out', name: 'Files out', protocol: 'file' });
    expect(noFolders.status).toBe(422);
    expect(noFolders.body.problems).toEqual([{ path: 'file', message: expect.stringContaining('outbox') }]);
    const noKey = await admin.post('/providers', { code: 'files-out', name: 'Files out', protocol: 'file', file: { outbox: 'out', inbox: 'in' } });
    expect(noKey.status).toBe(422);
    expect(noKey.body.problems).toEqual([{ path: 'file.key', message: expect.stringContaining('required') }]);
    expect((await admin.get('/providers/files-out')).status).toBe(404);
  });

  it('stores a file provider with its key write-only, kept when the provider is written back', async () => {
    const key = randomBytes(32).toString('base64');
    const created = await admin.post('/providers', { code: 'files-in', name: 'Files in', protocol: 'file', file: { outbox: 'out', inbox: 'in', key, maxBatchOrders: 5 } });
    expect(created.status).toBe(201);
    expect(created.body.file).toEqual({ outbox: 'out', inbox: 'in', maxBatchOrders: 5, maxBatchAgeMs: 60_000, keySet: true });
    expect(JSON.stringify(created.body)).not.toContain(key);
    const again = await admin.put('/providers/files-in', { ...created.body, name: 'Files in (renamed)' });
    expect(again.status).toBe(200);
    expect(again.body.file.keySet).toBe(true);
  });

  it('refuses channel providers without their settings, naming the field, and saves nothing', async () => {
    const noFolder = await admin.post('/providers', { code: 'print-house', name: 'Print house', protocol: 'letter' });
    expect(noFolder.status).toBe(422);
    expect(noFolder.body.problems).toEqual([{ path: 'letter.outbox', message: expect.stringContaining('required') }]);
    const emptyFolder = await admin.post('/providers', { code: 'print-house', name: 'Print house', protocol: 'letter', letter: { outbox: ' ' } });
    expect(emptyFolder.status).toBe(422);
    expect(emptyFolder.body.problems).toEqual([{ path: 'letter.outbox', message: expect.stringContaining('folder') }]);
    const noProject = await admin.post('/providers', { code: 'push-gw', name: 'Push', protocol: 'push', endpoints: ['http://127.0.0.1:4300/providers/push-gw'], auth: { type: 'bearer', token: 't0ken' } });
    expect(noProject.status).toBe(422);
    expect(noProject.body.problems).toEqual([{ path: 'push.project', message: expect.stringContaining('project') }]);
    const badProject = await admin.post('/providers', { code: 'push-gw', name: 'Push', protocol: 'push', endpoints: ['http://127.0.0.1:4300/providers/push-gw'], push: { project: 'Not A Project' } });
    expect(badProject.status).toBe(422);
    expect(badProject.body.problems).toEqual([{ path: 'push.project', message: expect.stringContaining('project id') }]);
    const wrongBlock = await admin.post('/providers', { code: 'push-gw', name: 'Push', protocol: 'sms', endpoints: ['http://127.0.0.1:4300/providers/push-gw'], push: { project: 'my-app' } });
    expect(wrongBlock.status).toBe(422);
    expect(wrongBlock.body.problems).toEqual([{ path: 'push', message: 'is only for the push protocol (this provider uses sms)' }]);
    for (const code of ['print-house', 'push-gw']) expect((await admin.get(`/providers/${code}`)).status).toBe(404);

    // Set up right, the bearer token is write-only like every provider secret.
    const token = `tok_${randomBytes(12).toString('hex')}`;
    const push = await admin.post('/providers', { code: 'push-gw', name: 'Push', protocol: 'push', endpoints: ['http://127.0.0.1:4300/providers/push-gw'], auth: { type: 'bearer', token }, push: { project: 'my-app-1' } });
    expect(push.status, JSON.stringify(push.body)).toBe(201);
    expect(push.body.auth).toEqual({ type: 'bearer', tokenSet: true });
    expect(JSON.stringify(push.body)).not.toContain(token);
    const letter = await admin.post('/providers', { code: 'print-house', name: 'Print house', protocol: 'letter', letter: { outbox: 'letters/out' } });
    expect(letter.status, JSON.stringify(letter.body)).toBe(201);
    expect(letter.body.letter).toEqual({ outbox: 'letters/out', maxBatchLetters: 500, maxBatchAgeMs: 3_600_000 });
  });

  it('refuses a maintenance window whose cron does not parse, naming the field, and saves nothing', async () => {
    const res = await admin.post('/providers', {
      code: 'hss-windowed',
      name: 'HSS',
      endpoints: ['http://127.0.0.1:4300/providers/hss'],
      maintenanceWindows: [
        { cron: '0 2 * * 0', duration: '2h' },
        { cron: '0 25 * * *', duration: '2d', timeZone: 'Mars/Olympus' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([
      { path: 'maintenanceWindows.1.cron', message: 'does not parse: hour "25": must be within 0-23' },
      { path: 'maintenanceWindows.1.duration', message: 'must be between 1s and 1d' },
      { path: 'maintenanceWindows.1.timeZone', message: 'must be an IANA time zone such as Europe/London or UTC' },
    ]);
    expect((await admin.get('/providers/hss-windowed')).status).toBe(404);
    const ok = await admin.post('/providers', { code: 'hss-windowed', name: 'HSS', endpoints: ['http://127.0.0.1:4300/providers/hss'], maintenanceWindows: [{ cron: '0 2 * * 0', duration: '2h' }] });
    expect(ok.status).toBe(201);
    expect(ok.body.maintenanceWindows).toEqual([{ cron: '0 2 * * 0', duration: '2h', timeZone: 'UTC' }]);
  });

  it('accepts tcp', async () => {
    const res = await admin.post('/providers', { code: 'agent-tcp', name: 'Agent', protocol: 'tcp', endpoints: ['tcp://127.0.0.1:4301'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ protocol: 'tcp', mode: 'async' });
  });
});
