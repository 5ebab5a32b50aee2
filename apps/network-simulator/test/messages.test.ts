import { describe, expect, it } from 'vitest';
import { configure, eventually, request, useSimulator } from './helpers';
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
