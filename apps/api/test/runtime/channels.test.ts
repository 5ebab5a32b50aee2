import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';

/*
 * Every message channel end to end, each in the reader's language: push through the simulator's
 * FCM-style gateway, letters as PDF files with a print-batch manifest, SMS with a signed delivery
 * report, email into the simulator's SMTP sink. Real Temporal, worker, API, database, simulator.
 */
describe('communication channels (real Temporal, worker, API and simulator)', () => {
  let stack: RuntimeStack;
  let folder: string;

  beforeAll(async () => {
    assertBuilt();
    folder = await mkdtemp(path.join(tmpdir(), 'sbx-letters-'));
    stack = await startRuntimeStack();
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const suffix = () => randomBytes(3).toString('hex');

  async function created(url: string, body: Record<string, unknown>) {
    const res = await stack.api('POST', url, body);
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(201);
    return res.body;
  }

  async function provider(body: Record<string, unknown>): Promise<string> {
    await created('/api/providers', body);
    expect((await stack.api('POST', `/api/providers/${body.code as string}/effective`, {})).status).toBe(200);
    return body.code as string;
  }

  /** A push provider at a gateway of its own on the simulator (FCM-style): its code, the gateway's name and its token. */
  async function pushGateway(project: string, name = 'Push gateway'): Promise<{ push: string; gateway: string; token: string }> {
    const token = `tok-${randomBytes(16).toString('hex')}`;
    const gateway = `push-gw-${suffix()}`;
    const push = await provider({ code: `push-${suffix()}`, name, protocol: 'push', endpoints: [`${stack.simulatorUrl}/providers/${gateway}`], auth: { type: 'bearer', token }, push: { project } });
    return { push, gateway, token };
  }

  /** A published event code running `graph`; `required` subject keys. */
  async function publish(graph: unknown, required: string[] = ['accountId']): Promise<string> {
    const eventCode = `CHAN_${suffix().toUpperCase()}`;
    await created('/api/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: 'Channel test', requiredSubjectKeys: required });
    const draft = await stack.api('PUT', `/api/workflows/${eventCode}/draft`, { graph });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${eventCode}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    return eventCode;
  }

  /** start → one communication action → done (its failure ends the run too, completed). */
  const oneMessageGraph = (actionCode: string) => ({
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'notify', kind: 'action', actionCode },
      { id: 'done', kind: 'end', result: 'completed' },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'notify' },
      { id: 'e2', source: 'notify', sourceHandle: 'success', target: 'done' },
      { id: 'e3', source: 'notify', sourceHandle: 'failure', target: 'done' },
    ],
  });

  async function raise(eventCode: string, subject: Record<string, string>, data: Record<string, unknown>): Promise<string> {
    const raised = await stack.api('POST', '/api/events', { eventCode, subject, data });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    return raised.body.runs[0].runId as string;
  }

  const ended = (runId: string) =>
    eventually(`run ${runId} to end`, async () => {
      const res = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
      return ['Completed', 'Failed'].includes(res.body.status) ? res.body : undefined;
    }, 120_000);

  const deliveriesOf = async (runId: string) => (await stack.api('GET', `/api/message-deliveries?runId=${encodeURIComponent(runId)}`)).body.items as Record<string, unknown>[];

  it('pushes through the FCM-style gateway in the reader language; an unregistered token fails the step at once and the provisioning result stands', { timeout: 300_000 }, async () => {
    const { push, gateway, token } = await pushGateway('signalbox-test');
    const goneToken = `gone-${randomBytes(20).toString('hex')}`;
    expect((await stack.simulator('PUT', `/control/providers/${gateway}`, { auth: { type: 'bearer', token }, pushUnregistered: [goneToken] })).status).toBe(200);
    const template = `PUSH_${suffix().toUpperCase()}`;
    await created('/api/templates', {
      code: template,
      name: 'TV ready',
      channel: 'push',
      defaultLocale: 'en',
      variants: [
        { locale: 'en', subject: 'Your TV', body: 'Hello {{ data.firstName }}, your TV is on' },
        { locale: 'fr', subject: 'Votre télé', body: 'Bonjour {{ data.firstName }}, votre télé est activée' },
      ],
    });
    const notify = `PUSH_TV_${suffix().toUpperCase()}`;
    await created('/api/action-codes', { code: notify, actionType: 'communication', name: 'Push TV ready', parameters: { template, provider: push, to: 'data.deviceToken' } });

    // Provisioning first, at the simulator's HTTP provider, then the push.
    const hss = await provider({ code: `tv-${suffix()}`, name: 'TV platform', endpoints: [`${stack.simulatorUrl}/providers/tv-${suffix()}`] });
    const enable = `TV_ON_${suffix().toUpperCase()}`;
    await created('/api/action-codes', {
      code: enable,
      actionType: 'provisioning',
      name: 'Enable OTT',
      parameters: { provider: hss, serviceType: '/service/tv/ott', action: 'A', fields: ['accountId'], mode: 'confirmed' },
    });
    const eventCode = await publish({
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'enable', kind: 'action', actionCode: enable },
        { id: 'notify', kind: 'action', actionCode: notify },
        { id: 'done', kind: 'end', result: 'completed' },
        { id: 'failed', kind: 'end', result: 'failed' },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'enable' },
        { id: 'e2', source: 'enable', sourceHandle: 'success', target: 'notify' },
        { id: 'e3', source: 'enable', sourceHandle: 'failure', target: 'failed' },
        { id: 'e4', source: 'enable', sourceHandle: 'timeout', target: 'failed' },
        { id: 'e5', source: 'notify', sourceHandle: 'success', target: 'done' },
        { id: 'e6', source: 'notify', sourceHandle: 'failure', target: 'done' },
      ],
    });

    const goodRun = await raise(eventCode, { accountId: `ACC-${suffix()}`, serviceId: `SVC-${suffix()}` }, { deviceToken: `dev-${suffix()}${suffix()}`, locale: 'fr-CA', firstName: 'Zoé' });
    const good = await ended(goodRun);
    expect(good.status, JSON.stringify(good.state)).toBe('Completed');
    expect(good.state.nodes.notify).toMatchObject({ status: 'completed', output: { status: 'sent', channel: 'push', locale: 'fr', provider: push } });
    const [sent] = (await stack.simulator('GET', `/control/messages?channel=push&provider=${gateway}`)).body.items;
    expect(sent).toMatchObject({ project: 'signalbox-test', subject: 'Votre télé', text: 'Bonjour Zoé, votre télé est activée', data: { template } });
    const [goodDelivery] = await deliveriesOf(goodRun);
    expect(goodDelivery).toMatchObject({ channel: 'push', status: 'sent', locale: 'fr', templateCode: template, providerCode: push });
    expect(goodDelivery!.recipient).not.toContain(sent.to[0].slice(8));

    const goneRun = await raise(eventCode, { accountId: `ACC-${suffix()}`, serviceId: `SVC-${suffix()}` }, { deviceToken: goneToken, firstName: 'Sam' });
    const gone = await ended(goneRun);
    // The message failed; the run still ends as its graph says, and the order it placed stands.
    expect(gone.status, JSON.stringify(gone.state)).toBe('Completed');
    expect(gone.state.nodes.enable.status).toBe('completed');
    expect(gone.state.nodes.notify).toMatchObject({ status: 'failed', attempt: 1, output: { status: 'undeliverable', channel: 'push' } });
    expect(gone.state.nodes.notify.error).toContain('UNREGISTERED');
    expect(gone.state.nodes.notify.error).toContain('no longer registered');
    const orders = (await stack.api('GET', `/api/service-orders?provider=${hss}&pageSize=50`)).body.items as { runWorkflowId: string; state: string }[];
    expect(orders.find((o) => o.runWorkflowId === goneRun)?.state).toBe('COMPLETED');
    const [goneDelivery] = await deliveriesOf(goneRun);
    expect(goneDelivery).toMatchObject({ status: 'undeliverable', attempts: 1, locale: 'en' });
    expect(JSON.stringify(goneDelivery)).not.toContain(goneToken);
    // Sent once: a refusal is not retried.
    const refusals = (await stack.simulator('GET', `/control/requests?provider=${gateway}`)).body.items.filter((r: { status?: number }) => r.status === 404);
    expect(refusals).toHaveLength(1);
  });

  it('sends a communication node through the push provider it names; a provider of another protocol is refused at publish', { timeout: 300_000 }, async () => {
    const { push, gateway } = await pushGateway('signalbox-node');
    const httpProvider = await provider({ code: `crm-${suffix()}`, name: 'CRM', endpoints: [`${stack.simulatorUrl}/providers/crm-${suffix()}`] });
    const template = `PUSH_${suffix().toUpperCase()}`;
    await created('/api/templates', {
      code: template,
      name: 'Bundle used',
      channel: 'push',
      defaultLocale: 'en',
      variants: [
        { locale: 'en', subject: 'Data', body: '{{ data.firstName }}, your bundle is used up' },
        { locale: 'es', subject: 'Datos', body: '{{ data.firstName }}, tu bono se ha agotado' },
      ],
    });
    const graphVia = (providerCode: string) => ({
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'notify', kind: 'communication', template, provider: providerCode, to: 'data.deviceToken', locale: 'data.locale' },
        { id: 'done', kind: 'end', result: 'completed' },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'notify' },
        { id: 'e2', source: 'notify', sourceHandle: 'success', target: 'done' },
        { id: 'e3', source: 'notify', sourceHandle: 'failure', target: 'done' },
      ],
    });

    // Wrong protocol: the draft saves, publishing refuses it and names the node's field.
    const eventCode = `CHAN_${suffix().toUpperCase()}`;
    await created('/api/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: 'Node channel test', requiredSubjectKeys: ['accountId'] });
    expect((await stack.api('PUT', `/api/workflows/${eventCode}/draft`, { graph: graphVia(httpProvider) })).status).toBe(200);
    const refused = await stack.api('POST', `/api/workflows/${eventCode}/publish`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toContainEqual(expect.objectContaining({ code: 'CHANNEL_PROVIDER_MISMATCH', nodeId: 'notify', field: 'provider' }));
    expect((await stack.api('GET', `/api/workflows/${eventCode}/versions`)).body.total).toBe(0);

    expect((await stack.api('PUT', `/api/workflows/${eventCode}/draft`, { graph: graphVia(push) })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${eventCode}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    const device = `dev-${suffix()}${suffix()}`;
    const runId = await raise(eventCode, { accountId: `ACC-${suffix()}` }, { deviceToken: device, locale: 'es-MX', firstName: 'Inés' });
    const run = await ended(runId);
    expect(run.status, JSON.stringify(run.state)).toBe('Completed');
    expect(run.state.nodes.notify).toMatchObject({ status: 'completed', output: { status: 'sent', channel: 'push', locale: 'es', provider: push } });
    const sent = (await stack.simulator('GET', `/control/messages?channel=push&provider=${gateway}`)).body.items;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ project: 'signalbox-node', text: 'Inés, tu bono se ha agotado' });
    const [delivery] = await deliveriesOf(runId);
    expect(delivery).toMatchObject({ channel: 'push', status: 'sent', providerCode: push });
  });

  it('records a message failed, not queued, once every attempt of its retry policy has failed', { timeout: 300_000 }, async () => {
    const { push, gateway, token } = await pushGateway('signalbox-down', 'Push gateway (down)');
    expect((await stack.simulator('PUT', `/control/providers/${gateway}`, { auth: { type: 'bearer', token }, down: true })).status).toBe(200);
    const template = `PUSH_${suffix().toUpperCase()}`;
    await created('/api/templates', { code: template, name: 'Reminder', channel: 'push', variants: [{ locale: 'en', body: 'Your bill is due' }] });
    const notify = `PUSH_${suffix().toUpperCase()}`;
    await created('/api/action-codes', {
      code: notify,
      actionType: 'communication',
      name: 'Push reminder',
      parameters: { template, provider: push, to: 'data.deviceToken' },
      retry: { maximumAttempts: 2, initialInterval: '100ms', backoffCoefficient: 1, maximumInterval: '100ms' },
    });
    const eventCode = await publish(oneMessageGraph(notify));
    const runId = await raise(eventCode, { accountId: `ACC-${suffix()}` }, { deviceToken: `dev-${suffix()}${suffix()}` });
    const run = await ended(runId);
    // Both attempts met a 503 UNAVAILABLE (worth retrying); the policy allows two.
    expect(run.state.nodes.notify.status).toBe('failed');
    const [delivery] = await deliveriesOf(runId);
    expect(delivery).toMatchObject({ channel: 'push', status: 'failed', attempts: 2, providerCode: push });
    expect(JSON.stringify(delivery!.providerAnswer)).toContain('gave up after 2 attempts');
    const tried = (await stack.simulator('GET', `/control/requests?provider=${gateway}`)).body.items as { status?: number }[];
    expect(tried.filter((r) => r.status === 503)).toHaveLength(2);
  });

  it('writes each letter as a PDF in the outbox and lists it in a print-batch manifest with its checksum', { timeout: 300_000 }, async () => {
    const outbox = path.join(folder, `letters-${suffix()}`);
    const letters = await provider({ code: `print-${suffix()}`, name: 'Print house', protocol: 'letter', letter: { outbox, maxBatchLetters: 2, maxBatchAgeMs: 60_000 } });
    const template = `LETTER_${suffix().toUpperCase()}`;
    await created('/api/templates', {
      code: template,
      name: 'Tariff change',
      channel: 'letter',
      defaultLocale: 'en',
      variants: [
        { locale: 'en', subject: 'Your new tariff', body: 'Dear {{ data.firstName }},\n\nyour tariff changes next month.' },
        { locale: 'de', subject: 'Ihr neuer Tarif für München', body: 'Liebe(r) {{ data.firstName }},\n\nIhr Tarif ändert sich nächsten Monat.' },
        { locale: 'ru', subject: 'Ваш новый тариф', body: 'Уважаемый {{ data.firstName }},\n\nваш тариф изменится в следующем месяце.' },
      ],
    });
    const send = `LETTER_${suffix().toUpperCase()}`;
    await created('/api/action-codes', { code: send, actionType: 'communication', name: 'Tariff letter', parameters: { template, provider: letters, to: 'data.postalAddress' } });
    const eventCode = await publish(oneMessageGraph(send));

    const german = await raise(eventCode, { accountId: `ACC-${suffix()}` }, { locale: 'de-AT', firstName: 'Jürgen', postalAddress: 'Jürgen Groß\nHauptstraße 1\n80331 München' });
    const russian = await raise(eventCode, { accountId: `ACC-${suffix()}` }, { locale: 'ru', firstName: 'Иван', postalAddress: 'Ivan Petrov\nul. Lenina 1\n101000 Moskva' });
    for (const runId of [german, russian]) expect((await ended(runId)).status).toBe('Completed');

    // Two letters fill the batch of two: its manifest is written.
    const manifests = path.join(outbox, 'batches');
    const lines = await eventually('the print-batch manifest', async () => {
      const files = (await readdir(manifests).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl'));
      return files[0] ? (await readFile(path.join(manifests, files[0]), 'utf8')).trim().split('\n').map((l) => JSON.parse(l)) : undefined;
    });
    expect(lines).toHaveLength(2);
    const byRun = new Map<string, Record<string, unknown>>();
    for (const runId of [german, russian]) {
      const [delivery] = await deliveriesOf(runId);
      expect(delivery).toMatchObject({ channel: 'letter', status: 'sent', providerCode: letters });
      const line = lines.find((l: { messageId: string }) => l.messageId === delivery!.messageId);
      expect(line, `manifest line of ${runId}`).toBeDefined();
      byRun.set(runId, line);
    }
    for (const line of lines) {
      const bytes = await readFile(path.join(outbox, line.file));
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(line.sha256);
      const pdf = await PDFDocument.load(bytes);
      expect(pdf.getPageCount()).toBe(line.pages);
      expect(line.pages).toBeGreaterThanOrEqual(1);
      expect(line).toMatchObject({ batchId: expect.any(String), letterId: expect.stringMatching(/^letter-/), createdAt: expect.any(String) });
    }
    const germanLine = byRun.get(german)!;
    const germanPdf = await PDFDocument.load(await readFile(path.join(outbox, germanLine.file as string)));
    // Latin-1 prints as it is: the German variant, umlauts and ß included.
    expect(germanPdf.getTitle()).toBe('Ihr neuer Tarif für München');
    expect(germanLine).toMatchObject({ recipient: 'Jürgen Groß\nHauptstraße 1\n80331 München' });
    expect(germanLine.transliterated).toBeUndefined();
    // Cyrillic is beyond the standard font: transliterated, and the manifest says so.
    const russianLine = byRun.get(russian)!;
    const russianPdf = await PDFDocument.load(await readFile(path.join(outbox, russianLine.file as string)));
    expect(russianPdf.getTitle()).toBe('Vash novyy tarif');
    expect(russianLine.transliterated).toBe(true);
  });

  it('records an SMS delivery report the gateway signs, and refuses one that is not signed', { timeout: 300_000 }, async () => {
    const gateway = `sms-gw-${suffix()}`;
    const secret = randomBytes(24).toString('hex');
    const sms = await provider({
      code: `sms-${suffix()}`,
      name: 'SMS gateway',
      protocol: 'sms',
      endpoints: [`${stack.simulatorUrl}/providers/${gateway}`],
      auth: { type: 'signature', keyId: 'dlr-1', secret },
    });
    const agent = await stack.api('POST', '/api/keys', { name: 'sms gateway', role: 'agent', providers: [sms] });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    expect(
      (
        await stack.simulator('PUT', `/control/providers/${gateway}`, {
          auth: { type: 'signature', keyId: 'dlr-1', secret },
          callbackHeaders: { authorization: `Bearer ${agent.body.key}` },
          deliveryReport: 'delivered',
        })
      ).status,
    ).toBe(200);
    const template = `SMS_${suffix().toUpperCase()}`;
    await created('/api/templates', {
      code: template,
      name: 'Top-up',
      channel: 'sms',
      defaultLocale: 'en',
      variants: [
        { locale: 'en', body: 'Your top-up of {{ data.amount }} arrived' },
        { locale: 'es', body: 'Tu recarga de {{ data.amount }} ha llegado' },
      ],
    });
    const send = `SMS_${suffix().toUpperCase()}`;
    await created('/api/action-codes', { code: send, actionType: 'communication', name: 'Top-up SMS', parameters: { template, provider: sms, to: 'subject.msisdn' } });
    const eventCode = await publish(oneMessageGraph(send), ['msisdn']);
    const msisdn = `4477009${String(randomBytes(3).readUIntBE(0, 3) % 100_000).padStart(5, '0')}`;
    const runId = await raise(eventCode, { msisdn }, { amount: 10, locale: 'es-MX' });
    expect((await ended(runId)).status).toBe('Completed');
    const [message] = (await stack.simulator('GET', `/control/messages?channel=sms&to=${msisdn}`)).body.items;
    expect(message.text).toBe('Tu recarga de 10 ha llegado');

    const delivered = await eventually('the delivery report to be recorded', async () => {
      const [d] = await deliveriesOf(runId);
      return d?.status === 'delivered' ? d : undefined;
    }).catch(async (err: Error) => {
      // What the gateway tried, for the failure message.
      const attempts = (await stack.simulator('GET', `/control/callbacks?provider=${gateway}`)).body;
      throw new Error(`${err.message}; delivery row: ${JSON.stringify(await deliveriesOf(runId))}; report attempts: ${JSON.stringify(attempts)}`);
    });
    expect(delivered).toMatchObject({ channel: 'sms', locale: 'es', recipient: `${'*'.repeat(msisdn.length - 4)}${msisdn.slice(-4)}`, reportedAt: expect.any(String) });
    expect(delivered.providerAnswer).toMatchObject({ report: { status: 'delivered' } });
    const listed = (await stack.api('GET', `/api/message-deliveries?status=delivered&runId=${encodeURIComponent(runId)}`)).body;
    expect(listed.items.map((d: { messageId: string }) => d.messageId)).toEqual([delivered.messageId]);

    // Forged and late reports: unsigned → 401; a different outcome for a delivered message → 409.
    const unsigned = await stack.api('POST', '/api/message-deliveries/reports', { messageId: delivered.messageId, status: 'undeliverable' }, agent.body.key);
    expect(unsigned.status, JSON.stringify(unsigned.body)).toBe(401);
    expect(unsigned.body.message).toContain('X-Signature');
    const bad = await stack.api('POST', '/api/message-deliveries/reports', { messageId: delivered.messageId, status: 'lost' }, agent.body.key);
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual([{ path: 'status', message: expect.any(String) }]);
    expect((await deliveriesOf(runId))[0]).toMatchObject({ status: 'delivered' });
    expect((await stack.api('GET', '/api/message-deliveries?status=lost')).status).toBe(422);
    // Ops read it with a viewer key; an agent key may report but not read.
    const viewer = await stack.api('POST', '/api/keys', { name: 'ops viewer', role: 'viewer' });
    expect((await stack.api('GET', `/api/message-deliveries?runId=${encodeURIComponent(runId)}`, undefined, viewer.body.key)).status).toBe(200);
    expect((await stack.api('GET', '/api/message-deliveries', undefined, agent.body.key)).status).toBe(403);
  });

  it('emails into the simulator SMTP sink in the reader language', { timeout: 300_000 }, async () => {
    const template = `MAIL_${suffix().toUpperCase()}`;
    await created('/api/templates', {
      code: template,
      name: 'Welcome mail',
      channel: 'email',
      defaultLocale: 'en',
      variants: [
        { locale: 'en', subject: 'Welcome', body: 'Welcome aboard, {{ data.firstName }}' },
        { locale: 'it', subject: 'Benvenuto', body: 'Benvenuto a bordo, {{ data.firstName }}' },
      ],
    });
    const send = `MAIL_${suffix().toUpperCase()}`;
    await created('/api/action-codes', { code: send, actionType: 'communication', name: 'Welcome mail', parameters: { template, to: 'data.email' } });
    const eventCode = await publish(oneMessageGraph(send));
    const email = `reader-${suffix()}@example.com`;
    const runId = await raise(eventCode, { accountId: `ACC-${suffix()}` }, { email, firstName: 'Luca', locale: 'it' });
    expect((await ended(runId)).status).toBe('Completed');
    const mail = await eventually('the mail in the sink', async () => (await stack.simulator('GET', `/control/messages?channel=email&to=${email}`)).body.items[0]);
    expect(mail).toMatchObject({ subject: 'Benvenuto' });
    expect(mail.text).toContain('Benvenuto a bordo, Luca');
    expect((await deliveriesOf(runId))[0]).toMatchObject({ channel: 'email', status: 'sent', locale: 'it', recipient: 'r***@example.com' });
  });
});
