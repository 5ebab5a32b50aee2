import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSignatureHeader } from '@signalbox/contracts';
import { freePort } from '@signalbox/tools/infra';
import { eventually, oneActionGraph, startRuntimeStack, assertBuilt, type RuntimeStack } from './runtime-stack';

// Signalbox-native webhooks on the real stack: a subscription filtered to one event code hears
// each state change of that code's runs exactly once, signed and in order, through a listener's
// refusals; runs of other codes send it nothing; service-order state changes reach a subscription
// filtered by provider; a bad subscription is refused field by field and nothing is saved.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- webhook and response bodies are read loosely in assertions
type Loose = any;

interface Received {
  status: number;
  body: Record<string, Loose>;
  raw: string;
  signature: string | undefined;
  eventIdHeader: string | undefined;
}

/** A listener that refuses (503) its first `refusals` requests (Infinity: all, until told to accept), then takes everything. */
async function startListener(refusals: number): Promise<{ url: string; received: Received[]; server: Server; acceptFromNow(): void }> {
  const received: Received[] = [];
  let refuseBelow = refusals;
  const port = await freePort();
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const status = received.length < refuseBelow ? 503 : 204;
      received.push({ status, body: JSON.parse(raw), raw, signature: req.headers['x-signature'] as string | undefined, eventIdHeader: req.headers['x-event-id'] as string | undefined });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/hooks`, received, server, acceptFromNow: () => (refuseBelow = received.length) };
}

/** The retry window here: long enough for two refusals, short enough to see a dead letter. */
const GIVE_UP_SECONDS = 30;

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const subjectOf = () => {
  const digits = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  return { msisdn: `447${digits}`, imsi: `234150${digits}`, iccid: `8944${digits}00000` };
};

describe('webhooks (native subscriptions)', () => {
  let stack: RuntimeStack;
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const quick = { nodes: [{ id: 'start', kind: 'start' }, { id: 'end', kind: 'end' }], edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'end' }] };

  const publish = async (code: string, graph: unknown) => {
    expect((await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: `Webhooks ${code}`, requiredSubjectKeys: ['msisdn'] })).status).toBe(201);
    expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${code}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  };
  const raise = async (code: string) => {
    const raised = await stack.api('POST', '/api/events', { eventCode: code, subject: subjectOf(), data: {} });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    return raised.body.runs[0].runId as string;
  };
  const ended = (runId: string) =>
    eventually(`run ${runId} to end`, async () => {
      const body = (await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`)).body;
      return ['Completed', 'Failed', 'Cancelled'].includes(body?.status) ? body : undefined;
    }, 120_000);
  const verify = (r: Received, signing: { keyId: string; secret: string }) =>
    expect(checkSignatureHeader(createHmac, { ...signing, maxSkewSeconds: 3600 }, r.signature, r.raw, Date.now()), r.raw).toBeUndefined();

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack({ workerEnv: { SIGNALBOX_WEBHOOK_GIVE_UP_AFTER_SECONDS: String(GIVE_UP_SECONDS), SIGNALBOX_WEBHOOK_DISPATCH_MS: '200' } });
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('sends each state change of a run of the subscribed code exactly once, signed, in order, through two refusals; other codes send nothing', async () => {
    const [wanted, other] = [`HOOK_A_${tag}`, `HOOK_B_${tag}`];
    await publish(wanted, quick);
    await publish(other, quick);
    const listener = await startListener(2);
    try {
      const created = await stack.api('POST', '/api/subscriptions', { url: listener.url, description: 'crm runs', eventTypes: ['run.stateChanged'], eventCodes: [wanted] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ url: listener.url, eventCodes: [wanted], signing: { keyId: created.body.id, header: 'X-Signature' } });
      const signing = created.body.signing as { keyId: string; secret: string };
      const shown = await stack.api('GET', `/api/subscriptions/${created.body.id}`);
      expect(shown.status).toBe(200);
      expect(JSON.stringify(shown.body)).not.toContain(signing.secret);

      // The other code's run ends first: its changes are in the outbox before the wanted run's.
      await ended(await raise(other));
      const runId = await raise(wanted);
      expect((await ended(runId)).status).toBe('Completed');

      const accepted = await eventually('the run’s completion to be accepted', async () => {
        const ok = listener.received.filter((r) => r.status === 204);
        return ok.some((r) => r.body.run?.state === 'Completed') ? ok : undefined;
      }, 120_000);
      expect(listener.received.slice(0, 2).map((r) => r.status)).toEqual([503, 503]);
      // The refused event was retried, not skipped: the first accepted one is the first refused.
      expect(listener.received[2].body.eventId).toBe(listener.received[0].body.eventId);
      expect(accepted.map((r) => [r.body.run.id, r.body.run.state, r.body.run.previousState ?? null])).toEqual([
        [runId, 'Running', null],
        [runId, 'Completed', 'Running'],
      ]);
      for (const r of listener.received) {
        verify(r, signing);
        expect(r.eventIdHeader).toBe(r.body.eventId);
        expect(r.body).toMatchObject({ eventType: 'run.stateChanged', run: { eventCode: wanted, version: 1, test: false } });
      }

      const log = await stack.api('GET', `/api/subscriptions/${created.body.id}/deliveries`);
      expect(log.status).toBe(200);
      const first = (log.body as Loose[]).find((d) => d.eventId === accepted[0].body.eventId);
      expect(first).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204 });
      expect((log.body as Loose[]).every((d) => d.status === 'delivered')).toBe(true);
      expect(log.body).toHaveLength(2);
    } finally {
      await close(listener.server);
    }
  });

  it('sends a service order’s state changes to a subscription filtered by its provider, in order', async () => {
    const code = `HOOK_O_${tag}`;
    await publish(code, oneActionGraph('HSS_ACTIVATE_SUBSCRIBER'));
    const listener = await startListener(0);
    try {
      const created = await stack.api('POST', '/api/subscriptions', { url: listener.url, eventTypes: ['serviceOrder.stateChanged'], eventCodes: [code], providers: ['hss-main'] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const runId = await raise(code);
      expect((await ended(runId)).status).toBe('Completed');
      const received = await eventually('the order’s completion to arrive', async () => (listener.received.some((r) => r.body.serviceOrder?.state === 'COMPLETED') ? listener.received : undefined), 120_000);
      const changes = received.map((r) => r.body.serviceOrder);
      for (const c of changes) expect(c).toMatchObject({ providerCode: 'hss-main', eventCode: code, runId });
      // Each change follows the one before it, once each, from the order's creation on.
      expect(changes[0].previousState).toBe('NEW');
      for (let i = 1; i < changes.length; i++) expect(changes[i].previousState).toBe(changes[i - 1].state);
      expect(new Set(received.map((r) => r.body.eventId)).size).toBe(received.length);
      expect(changes.at(-1).state).toBe('COMPLETED');
      for (const r of received) verify(r, created.body.signing);
    } finally {
      await close(listener.server);
    }
  });

  it('dead-letters a webhook its listener refused for the whole retry window, and an operator re-drives it', async () => {
    const code = `HOOK_D_${tag}`;
    await publish(code, quick);
    const listener = await startListener(Infinity);
    try {
      const created = await stack.api('POST', '/api/subscriptions', { url: listener.url, eventCodes: [code], states: ['Running'] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      await ended(await raise(code));
      const [dead] = await eventually('the webhook to become a dead letter', async () => {
        const got = await stack.api('GET', `/api/subscriptions/${id}/deliveries?status=dead`);
        return got.body.length ? (got.body as Loose[]) : undefined;
      }, 180_000);
      expect(dead).toMatchObject({ status: 'dead', eventType: 'run.stateChanged', lastStatus: 503 });
      expect(dead.attempts).toBeGreaterThanOrEqual(2);
      expect(dead.lastError).toMatch(/gave up after \d+ attempts in 30 s/);

      // Only an operator or an admin re-drives; the listener is back.
      const viewer = await stack.api('POST', '/api/keys', { name: `viewer ${tag}`, role: 'viewer' });
      expect((await stack.api('POST', `/api/subscriptions/${id}/deliveries/${dead.id}/redrive`, {}, viewer.body.key)).status).toBe(403);
      listener.acceptFromNow();
      const redriven = await stack.api('POST', `/api/subscriptions/${id}/deliveries/${dead.id}/redrive`, {});
      expect(redriven.status, JSON.stringify(redriven.body)).toBe(202);
      const accepted = await eventually('the re-driven webhook to be accepted', async () => listener.received.find((r) => r.status === 204 && r.body.eventId === dead.eventId), 120_000);
      verify(accepted, created.body.signing);
      expect(listener.received.filter((r) => r.status === 204 && r.body.eventId === dead.eventId)).toHaveLength(1);
      await eventually('the delivery log to say delivered', async () => {
        const got = await stack.api('GET', `/api/subscriptions/${id}/deliveries`);
        return (got.body as Loose[]).find((d) => d.eventId === dead.eventId && d.status === 'delivered');
      });
      // A dead letter that is no longer dead cannot be re-driven twice.
      expect((await stack.api('POST', `/api/subscriptions/${id}/deliveries/${dead.id}/redrive`, {})).status).toBe(404);
    } finally {
      await close(listener.server);
    }
  });

  it('refuses a bad subscription field by field and saves nothing', async () => {
    const before = (await stack.api('GET', '/api/subscriptions')).body as Loose[];
    const bad = await stack.api('POST', '/api/subscriptions', { url: 'ftp://crm.example/hooks', eventCodes: ['lower-case'], states: ['Sleeping'], providers: [], extra: 1 });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    const paths = (bad.body.problems as { path: string; message: string }[]).map((p) => p.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['eventCodes.0', 'providers', 'states.0', 'url']));
    expect((bad.body.problems as { path: string; message: string }[]).find((p) => p.path === 'url')?.message).toMatch(/http\(s\)/);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.js:\d+/);
    const self = await stack.api('POST', '/api/subscriptions', { url: `${stack.apiUrl}/api/events` });
    expect(self.status).toBe(422);
    expect(self.body.problems).toEqual([{ path: 'url', message: expect.stringMatching(/this API itself/) }]);
    const withCredentials = await stack.api('POST', '/api/subscriptions', { url: 'https://user:pw@crm.example/hooks' });
    expect(withCredentials.status).toBe(422);
    expect((await stack.api('GET', '/api/subscriptions')).body).toEqual(before);
  });
});
