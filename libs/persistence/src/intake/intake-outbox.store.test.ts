import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@signalbox/tools/infra';
import type { VersionSnapshot } from '@signalbox/contracts';
import { createDataSource } from '../data-source';
import { readCatalogRevision } from '../catalog/catalog-revision';
import { IntakeOutbox, type ClaimedRun, type OutboxRun, type StartOutcome } from './intake-outbox.store';

describe('IntakeOutbox', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let outbox: IntakeOutbox;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 6 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    outbox = new IntakeOutbox(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const snapshot = { eventCode: 'TOP_UP', version: 3, graph: { nodes: [], edges: [] } } as unknown as VersionSnapshot;
  const stored = { hash: `h-${Math.random()}`, json: JSON.stringify(snapshot) };
  const row = (id: string, startAt: Date | null = null): OutboxRun => ({
    workflowId: id,
    eventCode: 'TOP_UP',
    snapshotHash: stored.hash,
    input: { subject: { msisdn: '447700900123' }, data: { amount: 5 }, eventId: id, raisedAt: new Date().toISOString(), test: false },
    startAt,
    indexPersonalKeys: true,
  });
  const tag = () => Math.random().toString(36).slice(2, 8);

  it('accepts each workflow id once, and hands the runs out with their snapshot', async () => {
    const t = tag();
    const first = await outbox.accept([stored], [row(`run:TOP_UP:${t}-1`), row(`run:TOP_UP:${t}-2`)]);
    expect([...first].sort()).toEqual([`run:TOP_UP:${t}-1`, `run:TOP_UP:${t}-2`]);
    const again = await outbox.accept([stored], [row(`run:TOP_UP:${t}-2`), row(`run:TOP_UP:${t}-3`)]);
    expect([...again]).toEqual([`run:TOP_UP:${t}-3`]);

    const seen: ClaimedRun[] = [];
    const claimed = await outbox.claimAndStart(100, async (runs) => {
      seen.push(...runs);
      return runs.map((r) => ({ workflowId: r.workflowId, status: 'started', temporalRunId: `temporal-${r.workflowId}` }) as StartOutcome);
    });
    expect(claimed).toBe(seen.length);
    const mine = seen.filter((r) => r.workflowId.includes(t));
    expect(mine.map((r) => r.workflowId).sort()).toEqual([1, 2, 3].map((i) => `run:TOP_UP:${t}-${i}`));
    expect(mine[0].input).toMatchObject({ snapshot, subject: { msisdn: '447700900123' }, data: { amount: 5 } });
    expect(await outbox.view(`run:TOP_UP:${t}-1`)).toMatchObject({ status: 'started', attempts: 1, error: null, nextAttemptAt: null });
    // Started rows are not handed out again.
    expect(await outbox.claimAndStart(100, async (runs) => runs.map((r) => ({ workflowId: r.workflowId, status: 'refused', error: 'must not be called' })))).toBe(0);
  });

  it('splits due rows between concurrent claims: each row goes to one claimer', async () => {
    const t = tag();
    const ids = Array.from({ length: 40 }, (_, i) => `run:TOP_UP:${t}-${i}`);
    await outbox.accept([stored], ids.map((id) => row(id)));
    const taken: string[][] = [[], [], []];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inside = 0;
    const claimer = (n: number) =>
      outbox.claimAndStart(15, async (runs) => {
        taken[n].push(...runs.map((r) => r.workflowId));
        // Every claimer holds its claim until all three have claimed.
        if (++inside === 3) release();
        await gate;
        return runs.map((r) => ({ workflowId: r.workflowId, status: 'started', temporalRunId: 'x' }) as StartOutcome);
      });
    await Promise.all([claimer(0), claimer(1), claimer(2)]);
    const all = taken.flat().filter((id) => id.includes(t));
    expect(all.sort()).toEqual([...ids].sort());
    expect(new Set(all).size).toBe(ids.length);
  });

  it('keeps a row that Temporal did not take, with its backoff and reason; records a refusal for good', async () => {
    const t = tag();
    const [later, refused] = [`run:TOP_UP:${t}-later`, `run:TOP_UP:${t}-refused`];
    await outbox.accept([stored], [row(later), row(refused)]);
    const retryAt = new Date(Date.now() + 60_000);
    await outbox.claimAndStart(100, async (runs) =>
      runs.map((r): StartOutcome =>
        r.workflowId === refused ? { workflowId: r.workflowId, status: 'refused', error: 'refused as invalid' } : { workflowId: r.workflowId, status: 'retry', error: 'Temporal is down', retryAt, attempted: true },
      ),
    );
    expect(await outbox.view(later)).toMatchObject({ status: 'queued', attempts: 1, error: 'Temporal is down', nextAttemptAt: retryAt.toISOString(), startedAt: null });
    expect(await outbox.view(refused)).toMatchObject({ status: 'refused', attempts: 1, error: 'refused as invalid' });
    // Not due yet: nothing is handed out, and the earliest due time is the backoff's.
    expect(await outbox.claimAndStart(100, async (runs) => runs.map((r) => ({ workflowId: r.workflowId, status: 'refused', error: 'not due' })))).toBe(0);
    expect((await outbox.nextDue())?.toISOString()).toBe(retryAt.toISOString());
  });

  it('releases the claim of a pass that fails: the rows are handed out again', async () => {
    const t = tag();
    const id = `run:TOP_UP:${t}-crash`;
    await dataSource.query(`UPDATE intake_outbox SET status = 'started' WHERE status = 'queued'`);
    await outbox.accept([stored], [row(id)]);
    await expect(outbox.claimAndStart(10, async () => Promise.reject(new Error('the process died')))).rejects.toThrow('the process died');
    const again: string[] = [];
    await outbox.claimAndStart(10, async (runs) => {
      again.push(...runs.map((r) => r.workflowId));
      return runs.map((r) => ({ workflowId: r.workflowId, status: 'started', temporalRunId: 'x' }) as StartOutcome);
    });
    expect(again).toEqual([id]);
  });

  it('moves the catalog revision with every committed catalog write, and not with a rolled-back one', async () => {
    const before = BigInt(await readCatalogRevision(dataSource));
    await dataSource.query(`INSERT INTO event_types (code, definition, created_by, updated_by) VALUES ($1, '{}', 't', 't')`, [`T_${tag()}`]);
    const afterInsert = BigInt(await readCatalogRevision(dataSource));
    expect(afterInsert).toBeGreaterThan(before);
    await dataSource
      .transaction(async (em) => {
        await em.query(`UPDATE event_types SET updated_by = 'u'`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(BigInt(await readCatalogRevision(dataSource))).toBe(afterInsert);
    await dataSource.query(`INSERT INTO workflow_drafts (event_code, graph, updated_at, updated_by) VALUES ($1, '{}', now(), 't')`, [`D_${tag()}`]);
    expect(BigInt(await readCatalogRevision(dataSource))).toBeGreaterThan(afterInsert);
  });
});
