import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporal } from '@signalbox/tools/infra';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';
import { withHealthWatched } from './support/health-watch';

// Issue 16: user-written expressions and templates must never stall the API. Each worst case runs
// while /api/health is polled back to back (see withHealthWatched for the budget).

let temporal: Awaited<ReturnType<typeof startTemporal>>;
let api: RunningApi;
let admin: Client;
let analyst: Client;

// Temporal runs so that /api/health answers for real (without it, health waits on Temporal's ping).
beforeAll(async () => {
  temporal = await startTemporal();
  api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto', SIGNALBOX_EVALUATION_TIMEOUT_MS: '3000', TEMPORAL_ADDRESS: temporal.address } });
  admin = client(api.url, api.adminKey);
  analyst = client(api.url, (await admin.post('/keys', { name: 'analyst-key', role: 'analyst' })).body.key as string);
}, 180_000);
afterAll(async () => {
  await api?.stop();
  await temporal?.stop();
});

async function saveTemplate(code: string, body: string): Promise<void> {
  const res = await admin.post('/templates', { code, name: code, channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body }] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

describe('template preview', () => {
  it('answers 422 naming the placeholder for {{ $length($pad("", 200000000)) }}, and the API keeps answering', async () => {
    await saveTemplate('PAD_BOMB', 'Hello {{ $length($pad("", 200000000)) }}');
    const res = await withHealthWatched(api, () => analyst.post('/templates/PAD_BOMB/preview', {}));
    expect(res.status).toBe(422);
    expect(res.body.problems, JSON.stringify(res.body)).toEqual([{ path: 'variants.0.body', message: 'Placeholder {{ $length($pad("", 200000000)) }}: $pad() to 200000000 characters is over the limit of 1000000.' }]);
  });

  it('refuses to save {{ ($e := $eval; $e(\'1+1\')) }} instead of rendering 2', async () => {
    const res = await admin.post('/templates', { code: 'EVAL_ALIAS', name: 'x', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: "{{ ($e := $eval; $e('1+1')) }}" }] });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.problems)).toContain('$eval() is not allowed');
  });

  it('matches $contains(data.s, /^(a|a)*$/) on 30 characters in linear time', async () => {
    await saveTemplate('REGEX_BOMB', '{{ $contains(data.s, /^(a|a)*$/) }}');
    const res = await withHealthWatched(api, () => analyst.post('/templates/REGEX_BOMB/preview', { data: { s: `${'a'.repeat(30)}b` } }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.body).toBe('false');
  });

  it('stops a preview that runs past the time limit, with a clear 422, and serves the next one', async () => {
    // Each placeholder stays within its own step budget; together they outlast the 3 s limit
    // many times over (150 of them took about 3 s on a quiet machine: too close to the limit).
    const heavy = '{{ $sum($map([1..8000], function($i){ $i * 2 })) }}';
    await saveTemplate('SLOW_PREVIEW', Array.from({ length: 380 }, () => heavy).join(' '));
    const res = await withHealthWatched(api, () => analyst.post('/templates/SLOW_PREVIEW/preview', {}));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.message).toBe('Rendering the template took longer than 3 s and was stopped: its expressions are too large or too complex. Simplify them or split them into smaller steps.');
    await saveTemplate('PLAIN_PREVIEW', 'Top-up of {{ data.amount }} {{ data.currency }}');
    const next = await analyst.post('/templates/PLAIN_PREVIEW/preview', { data: { amount: 5, currency: 'GBP' } });
    expect(next).toMatchObject({ status: 200, body: { body: 'Top-up of 5 GBP' } });
  });
});

describe('workflow validation', () => {
  function chainOfDecisions(count: number, condition: (i: number) => string) {
    const nodes: object[] = [{ id: 'start', kind: 'start' }, { id: 'end', kind: 'end' }];
    const edges: object[] = [{ id: 'e-start', source: 'start', sourceHandle: 'next', target: 'd0' }];
    for (let i = 0; i < count; i++) {
      nodes.push({ id: `d${i}`, kind: 'decision', branches: [{ id: 'yes', condition: condition(i) }] });
      edges.push({ id: `e${i}-yes`, source: `d${i}`, sourceHandle: 'yes', target: 'end' });
      edges.push({ id: `e${i}-no`, source: `d${i}`, sourceHandle: 'default', target: i + 1 < count ? `d${i + 1}` : 'end' });
    }
    return { nodes, edges };
  }

  it('answers a malformed graph body 400 and one with NUL 422, without echoing it', async () => {
    const malformed = await analyst.raw('POST', '/workflows/TOP_UP/validate', '{"graph": {"nodes" "secret-value"}}');
    expect(malformed).toMatchObject({ status: 400, body: { message: 'malformed JSON in the request body at character 19: check its quotes, commas and brackets' } });
    const nul = await analyst.raw('PUT', '/workflows/TOP_UP/draft', JSON.stringify({ graph: { nodes: [{ id: 'a\u0000', kind: 'start' }], edges: [] } }));
    expect(nul.status).toBe(422);
    expect(nul.body.problems).toEqual([{ path: 'graph.nodes.0.id', message: expect.stringContaining('NUL character') }]);
  });

  it('refuses 1,999 nested brackets at validation, before anything can run', async () => {
    const graph = chainOfDecisions(1, () => `${'('.repeat(1999)}1${')'.repeat(1999)}`);
    const res = await analyst.post('/workflows/TOP_UP/validate', { graph });
    expect(res.status).toBe(200);
    expect(res.body.problems).toContainEqual(expect.objectContaining({ severity: 'error', nodeId: 'd0', message: expect.stringContaining('nests brackets 1999 deep, more than the 60 allowed') }));
  });

  it('refuses at publish, naming the field, a decision that reads no run data and goes over what a run allows one expression; publishes one just under', async () => {
    // 489 items take exactly WORKFLOW_EXPRESSION_LIMITS.maxSteps (pinned by libs/domain's expression-costs test).
    const mapOver = (n: number) => `$count($map([1..${n}], function($i){ $i })) > 0`;
    const code = `COST_${Date.now().toString(36).toUpperCase()}`;
    expect((await admin.post('/event-codes', { code, eventType: 'PROVISIONING', name: 'Expression cost (test)' })).status).toBe(201);
    expect((await admin.put(`/workflows/${code}/draft`, { graph: chainOfDecisions(1, () => mapOver(489 + 1)) })).status).toBe(200);
    const refused = await admin.post(`/workflows/${code}/publish`, {});
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'EXPRESSION_OVER_LIMIT', nodeId: 'd0', field: 'branches.0.condition', message: expect.stringContaining('took more than 500 steps') }),
    ]);
    expect((await admin.get(`/workflows/${code}/versions`)).body.total).toBe(0);
    expect((await admin.put(`/workflows/${code}/draft`, { graph: chainOfDecisions(1, () => mapOver(489)) })).status).toBe(200);
    const published = await admin.post(`/workflows/${code}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  });

  it('refuses ($e := $eval; $e("$random() < 2")) in a decision at validation', async () => {
    const graph = chainOfDecisions(1, () => '($e := $eval; $e("$random() < 2"))');
    const res = await analyst.post('/workflows/TOP_UP/validate', { graph });
    expect(res.body.problems).toContainEqual(expect.objectContaining({ severity: 'error', nodeId: 'd0', message: expect.stringContaining('$eval() is not allowed') }));
  });
});
