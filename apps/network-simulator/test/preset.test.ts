import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_AUTH } from '@signalbox/contracts';
import { readConfig } from '../src/config';
import type { RunningSimulator } from '../src/simulator';
import { order, request, startTestSimulator } from './helpers';

describe('SIMULATOR_PRESET=demo', () => {
  let sim: RunningSimulator;
  const demo = DEMO_PROVIDER_AUTH['ocs-main'];

  beforeAll(async () => {
    const config = readConfig({ SIMULATOR_PRESET: 'demo' });
    if (!config.ok) throw new Error(config.problems.join('; '));
    sim = await startTestSimulator({ providers: config.options.providers });
  });
  afterAll(() => sim.stop());

  const send = (provider: string, body: string, headers: Record<string, string> = {}) =>
    request(`${sim.url}/providers/${provider}/orders`, { body, headers });

  it('makes the demo charging system verify signatures, and keeps doing so after a reset', async () => {
    const body = JSON.stringify(order());
    expect((await send('ocs-main', body)).status).toBe(401);

    const ts = Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', demo.secret).update(`${ts}.${body}`).digest('hex');
    expect((await send('ocs-main', body, { 'x-signature': `keyId=${demo.keyId},ts=${ts},sig=${sig}` })).status).toBe(200);

    await request(`${sim.url}/control/reset`, { method: 'POST' });
    expect((await send('ocs-main', JSON.stringify(order()))).status).toBe(401);
  });

  it('leaves other providers open', async () => {
    expect((await send('hss-main', JSON.stringify(order()))).status).toBe(200);
  });

  it('refuses an unknown preset by name', () => {
    const config = readConfig({ SIMULATOR_PRESET: 'demoo' });
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.problems).toContain('SIMULATOR_PRESET must be "demo" or unset, got "demoo"');
  });
});
