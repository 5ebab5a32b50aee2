import { describe, expect, it } from 'vitest';
import { type Json, configure, order, request, sendOrder, useSimulator } from './helpers';
import { LineClient } from './line-client';

const sim = useSimulator();

async function exchange(lines: unknown[]): Promise<Json[]> {
  const client = await LineClient.open(sim.tcpPort);
  client.write(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  const answers = [];
  for (let i = 0; i < lines.length; i++) answers.push(JSON.parse(await client.readLine()));
  client.close();
  return answers;
}

describe('TCP agent', () => {
  it('answers each order line with a result line, in order, sharing state with HTTP', async () => {
    const answers = await exchange([
      { ...order({ serviceOrderId: 't1' }), provider: 'hlr' },
      { ...order({ serviceOrderId: 't2', action: 'S' }), provider: 'hlr' },
      { ...order({ serviceOrderId: 't3', action: 'S' }), provider: 'hlr' },
    ]);
    expect(answers.map((a) => [a.serviceOrderId, a.status])).toEqual([
      ['t1', 'COMPLETED'],
      ['t2', 'COMPLETED'],
      ['t3', 'FAILED'],
    ]);
    const overHttp = await sendOrder(sim, 'hlr', order({ serviceOrderId: 'h1', action: 'R' }));
    expect(overHttp.body).toMatchObject({ status: 'COMPLETED', state: { status: 'active' } });
  });

  it('uses the tcp-agent provider by default and answers a repeated order id from the first answer', async () => {
    const line = order({ serviceOrderId: 'same' });
    const [first, again] = await exchange([line, { ...line, action: 'D' }]);
    expect(again).toEqual(first);
    expect((await request(`${sim.url}/control/stats`)).body.providers['tcp-agent']).toMatchObject({ received: 2, duplicates: 1, completed: 1 });
    const [record] = (await request(`${sim.url}/control/requests?provider=tcp-agent`)).body.items;
    expect(record).toMatchObject({ transport: 'tcp', status: 200, answer: { status: 'COMPLETED' } });
  });

  it('answers bad lines and behaviours with error lines', async () => {
    await configure(sim, 'tcp-agent', { errorNext: 1 });
    const answers = await exchange(['not json', { serviceOrderId: 'x' }, order({ serviceOrderId: 'e1' }), order({ serviceOrderId: 'e1' })]);
    expect(answers[0]).toMatchObject({ statusCode: 400, error: 'BadRequest' });
    expect(answers[1]).toMatchObject({ statusCode: 400, error: 'ValidationError' });
    expect(answers[1].problems).toContainEqual({ path: 'action', message: 'is required' });
    expect(answers[2]).toMatchObject({ serviceOrderId: 'e1', statusCode: 500 });
    expect(answers[3]).toMatchObject({ serviceOrderId: 'e1', status: 'COMPLETED' });
    await configure(sim, 'tcp-agent', { down: true });
    const [down] = await exchange([order()]);
    expect(down).toMatchObject({ statusCode: 503 });
  });
});
