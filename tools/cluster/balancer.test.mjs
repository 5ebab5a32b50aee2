import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../lib/ports.mjs';
import { startBalancer } from './balancer.mjs';

/** An upstream that answers with its name and counts the requests that reached it. */
async function upstream(name, handler) {
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body });
      if (handler) return handler(req, res);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => (server.close(() => r()), server.closeAllConnections())) };
}

const cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setUp(...upstreams) {
  for (const u of upstreams) if (u.close) cleanups.push(u.close);
  const balancer = await startBalancer({ port: 0, upstreams: upstreams.map((u) => u.url) });
  cleanups.push(balancer.close);
  return balancer;
}

describe('round-robin balancer', () => {
  it('spreads requests over the APIs in turn', async () => {
    const [a, b] = [await upstream('a'), await upstream('b')];
    const balancer = await setUp(a, b);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await (await fetch(`${balancer.url}/api/health`)).text());
    expect(answers.sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it('sends a write that an API refused (nothing listening) to the next one, once', async () => {
    const down = { url: `http://127.0.0.1:${await freePort()}` };
    const up = await upstream('up');
    const balancer = await setUp(down, up);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${balancer.url}/api/events`, { method: 'POST', body: `{"n":${i}}`, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
    }
    expect(up.seen.map((r) => r.body)).toEqual(['{"n":0}', '{"n":1}', '{"n":2}']);
  });

  it('never sends a write twice once an API had it (502), but retries a read elsewhere', async () => {
    const dies = await upstream('dies', (req) => req.socket.destroy());
    const dies2 = await upstream('dies2', (req) => req.socket.destroy());
    const balancer = await setUp(dies, dies2);
    const write = await fetch(`${balancer.url}/api/events`, { method: 'POST', body: '{}' });
    expect(write.status).toBe(502);
    expect(dies.seen.length + dies2.seen.length).toBe(1);
    const read = await fetch(`${balancer.url}/api/runs`);
    expect(read.status).toBe(503);
    expect(dies.seen.length + dies2.seen.length).toBe(3);
  });
});
