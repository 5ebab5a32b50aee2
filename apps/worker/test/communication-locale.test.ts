import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, GraphNode, Template } from '@signalbox/domain';
import { end, graph, simulator, snapshot, start, startHarness, startRun, uniq, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

interface SimMessage {
  channel: string;
  to: string[];
  subject?: string;
  text: string;
}

/** A template with an English default, a European Portuguese and a plain Portuguese variant. */
function template(channel: Channel): Template {
  const code = `HELLO_${channel.toUpperCase()}_${uniq().toUpperCase()}`;
  const subject = (text: string) => (channel === 'email' ? { subject: text } : {});
  return {
    code,
    name: code,
    channel,
    defaultLocale: 'en',
    variants: [
      { locale: 'en', ...subject('Welcome'), body: `Hello {{ data.name }} (${channel})` },
      { locale: 'pt-PT', ...subject('Bem-vindo (PT)'), body: `Olá {{ data.name }}, caro cliente (${channel})` },
      { locale: 'pt', ...subject('Bem-vindo'), body: `Olá {{ data.name }} (${channel})` },
    ],
  };
}

/** One run sending the same greeting on every channel, to each channel's recipient. */
async function greetOnEveryChannel(data: Record<string, unknown>) {
  const channels = ['sms', 'email', 'push', 'letter'] as const;
  const recipients = { sms: 'subject.msisdn', email: 'data.email', push: 'data.pushToken', letter: 'data.postalAddress' } as const;
  const nodes: GraphNode[] = [start()];
  const edges: string[] = [];
  let previous = 'start:next';
  for (const channel of channels) {
    const t = template(channel);
    h.catalog.templates[t.code] = t;
    nodes.push({ id: channel, kind: 'communication', template: t.code, to: recipients[channel] });
    edges.push(`${previous}->${channel}`);
    previous = `${channel}:success`;
  }
  nodes.push(end('ok'));
  edges.push(`${previous}->ok`);
  const msisdn = `4477009${String(Date.now()).slice(-5)}`;
  const id = uniq();
  const to = { sms: msisdn, email: `ana-${id}@example.com`, push: `device-token-${id}`, letter: `Rua das Flores ${id}, Lisboa` };
  const run = await startRun(h, snapshot(h, `GREET_${id.toUpperCase()}`, graph(nodes, edges)), {
    subject: { msisdn, accountId: `acc-${id}` },
    data: { name: 'Ana', email: to.email, pushToken: to.push, postalAddress: to.letter, ...data },
  });
  const state = await finalRunState(run);
  const delivered: Record<string, SimMessage[]> = {};
  for (const channel of channels) {
    delivered[channel] = ((await simulator(`/control/messages?channel=${channel}&to=${encodeURIComponent(to[channel])}`)) as { items: SimMessage[] }).items;
  }
  return { state, delivered };
}

describe('communications in the reader language', () => {
  it('email, SMS, push and letter each deliver the message rendered in the event locale, pt-BR falling back to pt', async () => {
    const { state, delivered } = await greetOnEveryChannel({ locale: 'pt-BR' });
    expect(state.trail).toEqual(['start', 'sms', 'email', 'push', 'letter', 'ok']);
    for (const channel of ['sms', 'email', 'push', 'letter']) {
      expect(delivered[channel].map((m) => m.text), channel).toEqual([`Olá Ana (${channel})`]);
    }
    expect(delivered.email[0].subject).toBe('Bem-vindo');
  });

  it('a language the template lacks gets the default locale', async () => {
    const { state, delivered } = await greetOnEveryChannel({ locale: 'de_AT' });
    expect(state.result).toBe('completed');
    for (const channel of ['sms', 'email', 'push', 'letter']) {
      expect(delivered[channel].map((m) => m.text), channel).toEqual([`Hello Ana (${channel})`]);
    }
  });
});
