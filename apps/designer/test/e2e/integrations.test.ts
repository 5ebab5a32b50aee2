// @vitest-environment node
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '@signalbox/tools/infra';
import { BROWSER_TEST_TIMEOUT, signIn, useBrowserSession } from './browser';
import { apiOf, createPublishedWorkflow, uniqueCode, WAIT_FOR_SIGNAL_GRAPH } from './fixtures';

// The Integrations screens as an admin uses them: a TMF mapping and a webhook subscription made
// through the forms, then the subscription's deliveries listed after a run of its code.
const session = useBrowserSession('integrations');
const api = apiOf(() => session.stack);
const workerBuilt = ['apps/worker/dist/main.js', 'apps/network-simulator/dist/main.js'].every((f) => existsSync(path.join(repoRoot(), f)));

/** A listener that takes every webhook (204) and counts them. */
async function startListener(): Promise<{ url: string; count: () => number; server: Server }> {
  let n = 0;
  const port = await freePort();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/hooks`, count: () => n, server };
}

describe('integrations screens', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it.runIf(workerBuilt)('creates a TMF mapping and a subscription through the UI and lists a delivery', async () => {
    const { page, stack, shot } = session;
    const code = uniqueCode('E2E_HOOK');
    const spec = `e2e-line-${code.slice(-6).toLowerCase()}`;
    // Signal-wait graph: the run stays open until signalled, then completes (two state changes).
    await createPublishedWorkflow(api, code, WAIT_FOR_SIGNAL_GRAPH);
    const listener = await startListener();
    try {
      await signIn(page, stack.designerUrl, stack.adminKey, 'admin');
      await page.getByRole('link', { name: 'Integrations' }).click();
      await page.getByRole('heading', { name: 'TMF mappings', level: 1 }).waitFor();
      await shot('01-mappings');

      // A mapping: a wrong specification id first, named on its field, then fixed.
      await page.getByRole('button', { name: 'New mapping' }).click();
      const form = page.getByRole('form', { name: 'New mapping' });
      await form.getByLabel('Service specification id').fill('Not A Slug');
      await form.getByLabel('Name').fill('E2E line');
      await form.getByRole('checkbox', { name: 'add' }).check();
      await form.getByLabel('Event code').selectOption(code);
      await form.getByLabel('Subject (key = Characteristic, one per line)').fill('msisdn = MSISDN');
      await form.getByRole('button', { name: 'Create mapping' }).click();
      await expect.poll(() => form.getByRole('alert').count()).toBeGreaterThan(0);
      await shot('02-mapping-problem');
      await form.getByLabel('Service specification id').fill(spec);
      await form.getByRole('button', { name: 'Create mapping' }).click();
      await page.getByRole('cell', { name: spec, exact: true }).waitFor();
      expect((await api<{ actions: { add: { eventCode: string; subject: Record<string, string> } } }>('GET', `/tmf-mappings/${spec}`)).body.actions.add).toMatchObject({ eventCode: code, subject: { msisdn: 'MSISDN' } });
      await shot('03-mapping-saved');

      // A subscription to the code's runs: its secret is shown once.
      await page.getByRole('navigation', { name: 'Integrations' }).getByRole('link', { name: 'Subscriptions' }).click();
      await page.getByText('No subscriptions yet.').or(page.getByTestId('subscriptions-table')).first().waitFor();
      const sub = page.getByRole('form', { name: 'New subscription' });
      await sub.getByLabel('Listener URL').fill(listener.url);
      await sub.getByLabel('Description (optional)').fill(`e2e ${code}`);
      await sub.getByRole('checkbox', { name: 'run.stateChanged' }).check();
      await sub.getByLabel('Event codes').fill(code);
      await sub.getByRole('button', { name: 'Create subscription' }).click();
      const secret = page.getByTestId('subscription-secret');
      await secret.waitFor();
      expect((await secret.textContent())?.length).toBeGreaterThan(20);
      await page.getByTestId('subscriptions-table').getByText(listener.url, { exact: true }).waitFor();
      await shot('04-subscription-created');

      // A run of the code: its start is delivered and listed.
      const raised = await api<{ runs: { runId: string }[] }>('POST', '/events', { eventCode: code, subject: { msisdn: '447700900997' } });
      expect(raised.status).toBe(202);
      await expect.poll(listener.count, { timeout: 120_000 }).toBeGreaterThan(0);
      await page.getByRole('row', { name: new RegExp(`e2e ${code}`) }).getByRole('link', { name: 'Deliveries' }).click();
      await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor();
      await page.getByTestId('deliveries-table').getByText('delivered').first().waitFor();
      expect(await page.getByTestId('deliveries-table').getByRole('cell', { name: 'run.stateChanged' }).count()).toBeGreaterThan(0);
      await shot('05-deliveries');
    } finally {
      await new Promise<void>((resolve) => listener.server.close(() => resolve()));
    }
  });
});
