import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignatureHeader } from '@signalbox/contracts';
import { configure, eventually, request, startCallbackTarget, useSimulator } from './helpers';
import { LineClient } from './line-client';

const sim = useSimulator();

const sendMessage = (body: unknown, provider = 'sms-gw') => request(`${sim.url}/providers/${provider}/messages`, { body });

/** A real SMTP dialogue, as a mail transfer agent would hold it. */
async function sendMail(from: string, to: string[], subject: string, text: string): Promise<number> {
  const smtp = await LineClient.open(sim.smtpPort);
  const expectCode = async (code: number) => {
    const reply = await smtp.readReply();
    if (reply.code !== code) throw new Error(`expected ${code}, got ${reply.code} ${reply.text}`);
  };
  await expectCode(220);
  smtp.write('EHLO test.local\r\n');
  await expectCode(250);
  smtp.write(`MAIL FROM:<${from}>\r\n`);
  await expectCode(250);
  for (const rcpt of to) {
    smtp.write(`RCPT TO:<${rcpt}>\r\n`);
    await expectCode(250);
  }
  smtp.write('DATA\r\n');
  await expectCode(354);
  smtp.write(
    [`From: Signalbox <${from}>`, `To: ${to.join(', ')}`, `Subject: ${subject}`, 'Content-Type: text/plain; charset=utf-8', '', text, '.', ''].join('\r\n'),
  );
  const accepted = await smtp.readReply();
  smtp.write('QUIT\r\n');
  await expectCode(221);
  smtp.close();
  return accepted.code;
}

describe('messages', () => {
  it('records SMS and push messages from the HTTP gateway, once per messageId', async () => {
    const sms = { messageId: 'm-1', channel: 'sms', to: '+31610000001', body: 'Your new SIM is active.' };
    const first = await sendMessage(sms);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: true, messageId: 'm-1' });
    expect(await sendMessage(sms)).toEqual(first);
    await sendMessage({ messageId: 'm-2', channel: 'push', to: 'device-7', body: 'Top-up received' }, 'push-gw');
    const all = (await request(`${sim.url}/control/messages`)).body.items;
    expect(all.map((m: { channel: string; to: string[]; text: string }) => [m.channel, m.to, m.text])).toEqual([
      ['sms', ['+31610000001'], 'Your new SIM is active.'],
      ['push', ['device-7'], 'Top-up received'],
    ]);
    expect((await request(`${sim.url}/control/stats`)).body.providers['sms-gw']).toMatchObject({ messages: 1, duplicates: 1 });
  });

  it('answers a bad message with 400 problems and applies behaviours to the gateway', async () => {
    const bad = await sendMessage({ messageId: 'm-3', channel: 'fax', body: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: { path: string }) => p.path).sort()).toEqual(['body', 'channel', 'to']);
    await configure(sim, 'sms-gw', { down: true });
    expect((await sendMessage({ messageId: 'm-4', channel: 'sms', to: '1', body: 'x' })).status).toBe(503);
    expect((await request(`${sim.url}/control/messages`)).body.items).toEqual([]);
  });

  it('accepts mail over SMTP for any address and lists it with the others, filtered by channel and recipient', async () => {
    await sendMessage({ messageId: 'm-5', channel: 'sms', to: '+31610000001', body: 'first' });
    const code = await sendMail('noreply@signalbox.test', ['Jane@Example.com', 'ops@example.com'], 'SIM swap done', 'Hello Jane,\r\nyour SIM was swapped.');
    expect(code).toBe(250);
    const mail = await eventually(async () => (await request(`${sim.url}/control/messages?channel=email`)).body.items[0], 'the mail');
    expect(mail).toMatchObject({
      channel: 'email',
      provider: 'smtp',
      from: 'noreply@signalbox.test',
      to: ['Jane@Example.com', 'ops@example.com'],
      subject: 'SIM swap done',
      text: 'Hello Jane,\nyour SIM was swapped.',
    });
    const forJane = (await request(`${sim.url}/control/messages?to=jane@example.com`)).body.items;
    expect(forJane).toHaveLength(1);
    const all = (await request(`${sim.url}/control/messages`)).body.items;
    expect(all.map((m: { channel: string }) => m.channel)).toEqual(['sms', 'email']);
  });
});

describe('push gateway (FCM HTTP v1 style)', () => {
  const push = (provider: string, body: unknown, headers: Record<string, string> = {}) =>
    request(`${sim.url}/providers/${provider}/v1/projects/my-app/messages:send`, { body, headers: { authorization: 'Bearer t0ken', ...headers } });
  const message = (token: string) => ({ message: { token, notification: { title: 'TV', body: 'Your TV is on' }, data: { template: 'TV_ON' } } });

  it('records a push once per idempotency key and answers with its name', async () => {
    await configure(sim, 'push-gw', { auth: { type: 'bearer', token: 't0ken' } });
    const first = await push('push-gw', message('device-1'), { 'idempotency-key': 'run:1:1' });
    expect(first.status).toBe(200);
    expect(first.body.name).toMatch(/^projects\/my-app\/messages\/\d+$/);
    expect(await push('push-gw', message('device-1'), { 'idempotency-key': 'run:1:1' })).toEqual(first);
    const items = (await request(`${sim.url}/control/messages?channel=push&provider=push-gw`)).body.items;
    expect(items).toEqual([expect.objectContaining({ to: ['device-1'], subject: 'TV', text: 'Your TV is on', project: 'my-app', data: { template: 'TV_ON' }, messageId: 'run:1:1' })]);
  });

  it('answers in FCM error shape: unregistered token, down, wrong token, malformed', async () => {
    await configure(sim, 'push-gw', { auth: { type: 'bearer', token: 't0ken' }, pushUnregistered: ['gone-1'] });
    const gone = await push('push-gw', message('gone-1'));
    expect(gone).toMatchObject({ status: 404, body: { error: { code: 404, status: 'UNREGISTERED' } } });
    expect((await push('push-gw', message('device-2'), { authorization: 'Bearer nope' })).body.error.status).toBe('UNAUTHENTICATED');
    expect((await push('push-gw', { message: { token: 'x' } })).body.error.status).toBe('INVALID_ARGUMENT');
    await configure(sim, 'push-gw', { down: true });
    expect(await push('push-gw', message('device-2'))).toMatchObject({ status: 503, body: { error: { status: 'UNAVAILABLE' } } });
    expect((await request(`${sim.url}/control/messages?channel=push`)).body.items).toEqual([]);
  });
});

describe('SMS delivery reports', () => {
  it('posts a signed delivery report to the message reportUrl with the provider callback headers', async () => {
    const target = await startCallbackTarget();
    try {
      const auth = { type: 'signature', keyId: 'dlr', secret: 'a-secret-of-enough-length' } as const;
      // With signature auth the gateway checks the message's signature and signs its report with the same secret.
      await configure(sim, 'sms-signed', { auth, deliveryReport: 'undeliverable', callbackHeaders: { authorization: 'Bearer agent-key' } });
      const body = { messageId: 'm-dlr', channel: 'sms', to: '447700900001', body: 'hi', reportUrl: `${target.url}/api/message-deliveries/reports` };
      const raw = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000).toString();
      const sig = createHmac('sha256', auth.secret).update(`${ts}.`).update(raw).digest('hex');
      const sent = await fetch(`${sim.url}/providers/sms-signed/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': `keyId=dlr,ts=${ts},sig=${sig}` }, body: raw });
      expect(sent.status).toBe(202);
      const report = await eventually(async () => target.received[0], 'the delivery report');
      expect(report.path).toBe('/api/message-deliveries/reports');
      expect(report.body).toMatchObject({ messageId: 'm-dlr', status: 'undeliverable', at: expect.any(String) });
      expect(report.headers.authorization).toBe('Bearer agent-key');
      const signature = report.headers['x-signature'] as string;
      expect(checkSignatureHeader(createHmac, auth, signature, JSON.stringify(report.body), Date.now())).toBeUndefined();
    } finally {
      await target.close();
    }
  });
});
