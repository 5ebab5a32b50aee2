import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@signalbox/tools/infra';
import type { DataSource } from 'typeorm';
import {
  MIGRATIONS,
  ProviderEntity,
  SecretBox,
  WorkflowVersionEntity,
  createDataSource,
  loadProviderWithSecrets,
  splitProviderSecrets,
} from '../src';

const key = randomBytes(32).toString('base64');

describe('persistence against a real database', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, migrationsRun: true });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('runs every migration at initialize', async () => {
    const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    const names = tables.map((t: { table_name: string }) => t.table_name);
    expect(names).toEqual(expect.arrayContaining(['event_types', 'providers', 'workflow_versions', 'api_keys', 'audit_log']));
    expect(await ds.showMigrations()).toBe(false);
  });

  it('reverts every migration with its down step', async () => {
    const other = await createTestDatabase();
    const fresh = createDataSource({ url: other.url, migrationsRun: true });
    await fresh.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await fresh.undoLastMigration();
      const tables = await fresh.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`);
      expect(tables).toEqual([]);
      await fresh.runMigrations();
      expect(await fresh.showMigrations()).toBe(false);
    } finally {
      await fresh.destroy();
      await other.drop();
    }
  });

  it('stores provider secrets sealed and loads them back for the worker', async () => {
    const { definition, secrets } = splitProviderSecrets({
      code: 'hss-main',
      name: 'HSS',
      protocol: 'http',
      endpoints: ['http://localhost:4300/hss'],
      auth: { type: 'basic', username: 'sbx', password: 'p4ssw0rd-very-secret' },
      requestTimeoutMs: 10_000,
      mode: 'sync',
      allowInFlightChanges: false,
      state: 'effective',
    });
    expect(JSON.stringify(definition)).not.toContain('p4ssw0rd');
    const box = new SecretBox(key);
    await ds.getRepository(ProviderEntity).insert({ code: 'hss-main', definition, secrets: box.sealJson(secrets), createdBy: 't', updatedBy: 't' });
    const [raw] = await ds.query(`SELECT definition::text AS d, secrets FROM providers WHERE code = 'hss-main'`);
    expect(raw.d).not.toContain('p4ssw0rd');
    expect(raw.secrets).not.toContain('p4ssw0rd');
    const loaded = await loadProviderWithSecrets(ds, 'hss-main', key);
    expect(loaded?.auth).toEqual({ type: 'basic', username: 'sbx', password: 'p4ssw0rd-very-secret' });
    await expect(loadProviderWithSecrets(ds, 'missing', key)).resolves.toBeUndefined();
    await expect(loadProviderWithSecrets(ds, 'hss-main', randomBytes(32).toString('base64'))).rejects.toThrow(/SIGNALBOX_SECRET_KEY/);
  });

  it('refuses to update a published workflow version', async () => {
    const repo = ds.getRepository(WorkflowVersionEntity);
    await repo.insert({ eventCode: 'SIM_SWAP', version: 1, graph: { nodes: [], edges: [] }, publishedAt: new Date(), publishedBy: 't', note: null });
    await expect(ds.query(`UPDATE workflow_versions SET note = 'changed' WHERE event_code = 'SIM_SWAP'`)).rejects.toThrow(/immutable/);
  });
});

describe('SecretBox', () => {
  it('round-trips, uses a fresh IV each time and rejects a wrong key size', () => {
    const box = new SecretBox(key);
    const a = box.seal('hello');
    expect(a).not.toBe(box.seal('hello'));
    expect(box.open(a)).toBe('hello');
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
