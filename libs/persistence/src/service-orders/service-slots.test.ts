import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@signalbox/tools/infra';
import { createDataSource } from '../data-source';
import { ServiceSlots, type SlotRequest } from './service-slots';

describe('ServiceSlots', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let slots: ServiceSlots;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 10 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    slots = new ServiceSlots(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const queue = () => `service:svc-${randomUUID().slice(0, 8)}`;
  const request = (id: string, over: Partial<SlotRequest> = {}): SlotRequest => ({ requestId: `${id}-${randomUUID().slice(0, 6)}`, runWorkflowId: `run:${id}`, concurrent: false, ...over });

  it('grants a free slot at once, makes the next order wait, and hands the slot on when released', async () => {
    const q = queue();
    const a = request('a');
    const b = request('b');
    expect(await slots.acquire(q, a)).toEqual({ granted: true });
    expect(await slots.acquire(q, b)).toEqual({ granted: false });
    expect((await slots.line(q)).waiting.map((w) => w.requestId)).toEqual([b.requestId]);

    const released = await slots.release(q, a.requestId);
    expect(released).toEqual({ found: true, grants: [{ requestId: b.requestId, runWorkflowId: b.runWorkflowId }] });
    const line = await slots.line(q);
    expect(line.holders.map((h) => h.requestId)).toEqual([b.requestId]);
    expect(line.waiting).toEqual([]);
  });

  it('answers a repeated acquire from the row, and a repeated release with the grants it made', async () => {
    const q = queue();
    const a = request('a');
    const b = request('b');
    await slots.acquire(q, a);
    await slots.acquire(q, b);
    expect(await slots.acquire(q, a)).toEqual({ granted: true });
    expect(await slots.acquire(q, b)).toEqual({ granted: false });
    expect((await slots.release(q, a.requestId)).grants.map((g) => g.requestId)).toEqual([b.requestId]);
    // The releaser crashed before it could signal: its retry finds the same grant to signal again.
    expect(await slots.release(q, a.requestId)).toEqual({ found: true, grants: [{ requestId: b.requestId, runWorkflowId: b.runWorkflowId }] });
    expect((await slots.line(q)).holders.map((h) => h.requestId)).toEqual([b.requestId]);
  });

  it('says a release it never knew was not found (a slot taken from a queue workflow)', async () => {
    expect(await slots.release(queue(), 'never-asked')).toEqual({ found: false, grants: [] });
  });

  it('serves express before normal waiters, in arrival order within each', async () => {
    const q = queue();
    const holder = request('holder');
    await slots.acquire(q, holder);
    const n1 = request('n1');
    const n2 = request('n2');
    const e1 = request('e1', { priority: 'express' });
    const e2 = request('e2', { priority: 'express' });
    for (const r of [n1, e1, n2, e2]) expect((await slots.acquire(q, r)).granted).toBe(false);
    expect((await slots.line(q)).waiting.map((w) => w.requestId)).toEqual([e1, e2, n1, n2].map((r) => r.requestId));

    const order: string[] = [];
    let current = holder.requestId;
    for (let i = 0; i < 4; i++) {
      const { grants } = await slots.release(q, current);
      expect(grants).toHaveLength(1);
      current = grants[0].requestId;
      order.push(current);
    }
    expect(order).toEqual([e1, e2, n1, n2].map((r) => r.requestId));
  });

  it('lets concurrent orders share the slot with each other, never with an exclusive one', async () => {
    const q = queue();
    const c1 = request('c1', { concurrent: true });
    const c2 = request('c2', { concurrent: true });
    const x = request('x');
    const c3 = request('c3', { concurrent: true });
    expect((await slots.acquire(q, c1)).granted).toBe(true);
    expect((await slots.acquire(q, c2)).granted).toBe(true);
    expect((await slots.acquire(q, x)).granted).toBe(false);
    // Behind an exclusive waiter, a concurrent order waits too: no overtaking.
    expect((await slots.acquire(q, c3)).granted).toBe(false);
    expect((await slots.release(q, c1.requestId)).grants).toEqual([]);
    expect((await slots.release(q, c2.requestId)).grants.map((g) => g.requestId)).toEqual([x.requestId]);
    expect((await slots.release(q, x.requestId)).grants.map((g) => g.requestId)).toEqual([c3.requestId]);
  });

  it('drops a waiter that leaves the line without changing who holds the slot', async () => {
    const q = queue();
    const a = request('a');
    const b = request('b');
    const c = request('c');
    await slots.acquire(q, a);
    await slots.acquire(q, b);
    await slots.acquire(q, c);
    expect(await slots.release(q, b.requestId)).toEqual({ found: true, grants: [] });
    expect((await slots.release(q, a.requestId)).grants.map((g) => g.requestId)).toEqual([c.requestId]);
  });

  it('never grants one service twice, whatever the number of orders asking at once', async () => {
    const q = queue();
    const asks = Array.from({ length: 24 }, (_, i) => request(`r${i}`));
    const answers = await Promise.all(asks.map((r) => slots.acquire(q, r)));
    expect(answers.filter((a) => a.granted)).toHaveLength(1);
    // Released one by one, every order gets its turn exactly once.
    let holder = asks[answers.findIndex((a) => a.granted)].requestId;
    const served = new Set([holder]);
    for (let i = 1; i < asks.length; i++) {
      const { grants } = await slots.release(q, holder);
      expect(grants).toHaveLength(1);
      holder = grants[0].requestId;
      expect(served.has(holder)).toBe(false);
      served.add(holder);
    }
    expect(served.size).toBe(asks.length);
    expect((await slots.release(q, holder)).grants).toEqual([]);
    expect(await slots.line(q)).toEqual({ queueKey: q, holders: [], waiting: [] });
  });

  it('check grants what became grantable and says whether the order holds the slot', async () => {
    const q = queue();
    const a = request('a');
    const b = request('b');
    await slots.acquire(q, a);
    await slots.acquire(q, b);
    expect(await slots.check(q, b.requestId)).toEqual({ holding: false, grants: [] });
    // The holder's row is removed as if its run had been released on its behalf by another process.
    await dataSource.query(`DELETE FROM service_slots WHERE request_id = $1`, [a.requestId]);
    expect(await slots.check(q, b.requestId)).toEqual({ holding: true, grants: [{ requestId: b.requestId, runWorkflowId: b.runWorkflowId }] });
  });
});
