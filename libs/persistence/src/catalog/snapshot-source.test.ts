import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ActionCode, EventCode, Provider, ServiceType, Template, WorkflowGraph } from '@signalbox/domain';
import { SnapshotReferenceError } from '@signalbox/contracts';
import { createTestDatabase, type TestDatabase } from '@signalbox/tools/infra';
import { createDataSource } from '../data-source';
import { WorkflowVersionEntity } from '../workflows/workflow.entities';
import { ActionCodeEntity, EventCodeEntity, ProviderEntity, ServiceTypeEntity, TemplateEntity } from './catalog.entities';
import { insertPublishedVersion, latestPublishedVersion, loadPublishedSnapshot } from './snapshot-source';
import { undoMigrationsThrough } from '../../test/undo-migrations';

const graph = (actionCode: string) =>
  WorkflowGraph.parse({
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'n1', kind: 'action', actionCode },
      { id: 'n2', kind: 'communication', template: 'WELCOME' },
      { id: 'end', kind: 'end' },
    ],
    edges: [],
  });

describe('loadPublishedSnapshot', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  const put = async <T extends { code: string }>(entity: new () => { code: string; definition: T }, definition: T) => {
    await dataSource.getRepository(entity).save({ code: definition.code, definition, createdBy: 'test', updatedBy: 'test' } as never);
  };
  const publish = (eventCode: string, version: number, g: WorkflowGraph) =>
    insertPublishedVersion(dataSource.manager, { eventCode, version, graph: g, publishedAt: new Date(), publishedBy: 'test', note: null });
  /** A version written as before catalogs were frozen (no catalog column value). */
  const publishUnfrozen = (eventCode: string, version: number, g: WorkflowGraph) =>
    dataSource.query(`INSERT INTO workflow_versions (event_code, version, graph, published_at) VALUES ($1, $2, $3, now())`, [eventCode, version, JSON.stringify(g)]);

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    await dataSource.runMigrations();

    await put(EventCodeEntity, EventCode.parse({ code: 'SIM_SWAP', eventType: 'DEVICE', name: 'SIM swap' }));
    await put(EventCodeEntity, EventCode.parse({ code: 'DRAFT_ONLY', eventType: 'DEVICE', name: 'Never published' }));
    await put(EventCodeEntity, EventCode.parse({ code: 'BROKEN', eventType: 'DEVICE', name: 'Broken' }));
    await put(ActionCodeEntity, ActionCode.parse({ code: 'HSS_SWAP', actionType: 'provisioning', name: 'Swap', parameters: { provider: 'hss', serviceType: '/service/telco/sim', action: 'P' }, compensation: 'HSS_UNDO' }));
    await put(ActionCodeEntity, ActionCode.parse({ code: 'HSS_UNDO', actionType: 'provisioning', name: 'Undo', parameters: { provider: 'hss', serviceType: '/service/telco/sim', action: 'R' } }));
    await put(ActionCodeEntity, ActionCode.parse({ code: 'AUDIT', actionType: 'communication', name: 'Audit', parameters: { template: 'AUDITED' } }));
    await put(ActionCodeEntity, ActionCode.parse({ code: 'OLD', actionType: 'http-call', name: 'Old', parameters: { provider: 'legacy' } }));
    await put(ActionCodeEntity, ActionCode.parse({ code: 'UNUSED', actionType: 'http-call', name: 'Unused', parameters: { provider: 'unused' } }));
    await put(TemplateEntity, Template.parse({ code: 'WELCOME', name: 'Welcome', channel: 'sms', variants: [{ locale: 'en', body: 'Hi' }] }));
    await put(TemplateEntity, Template.parse({ code: 'AUDITED', name: 'Audited', channel: 'sms', variants: [{ locale: 'en', body: 'Done' }] }));
    await put(ProviderEntity, Provider.parse({ code: 'hss', name: 'HSS', endpoints: ['http://localhost:1/hss'], auth: { type: 'header', header: 'X-Key' } }));
    await put(ProviderEntity, Provider.parse({ code: 'unused', name: 'Unused', endpoints: ['http://localhost:1/x'] }));
    await put(
      ServiceTypeEntity,
      ServiceType.parse({ code: '/service/telco/sim', name: 'SIM', transitions: [{ from: 'NEW', to: 'COMPLETED', actionCode: 'AUDIT' }] }),
    );
    await put(ProviderEntity, Provider.parse({ code: 'legacy', name: 'Legacy', endpoints: ['http://localhost:1/legacy'] }));
    await publish('SIM_SWAP', 1, graph('OLD'));
    await publish('SIM_SWAP', 2, graph('HSS_SWAP'));
    await publishUnfrozen('BROKEN', 1, graph('GONE'));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('freezes the latest version with exactly the entries it references', async () => {
    const snapshot = await loadPublishedSnapshot(dataSource, 'SIM_SWAP');
    expect(snapshot).toMatchObject({ eventCode: 'SIM_SWAP', eventType: 'DEVICE', version: 2, graph: graph('HSS_SWAP') });
    expect(Object.keys(snapshot!.actionCodes).sort()).toEqual(['AUDIT', 'HSS_SWAP', 'HSS_UNDO']);
    expect(Object.keys(snapshot!.templates).sort()).toEqual(['AUDITED', 'WELCOME']);
    expect(Object.keys(snapshot!.providers)).toEqual(['hss']);
    expect(Object.keys(snapshot!.serviceTypes)).toEqual(['/service/telco/sim']);
    expect(snapshot!.providers.hss.auth).toEqual({ type: 'header' });
  });

  it('reads through an entity manager as well', async () => {
    const snapshot = await dataSource.transaction((em) => loadPublishedSnapshot(em, 'SIM_SWAP'));
    expect(snapshot?.version).toBe(2);
    expect(await latestPublishedVersion(dataSource.manager, 'SIM_SWAP')).toMatchObject({ version: 2 });
  });

  it('is undefined for an unknown or never-published event code', async () => {
    expect(await loadPublishedSnapshot(dataSource, 'NOPE')).toBeUndefined();
    expect(await loadPublishedSnapshot(dataSource, 'DRAFT_ONLY')).toBeUndefined();
    expect(await latestPublishedVersion(dataSource, 'DRAFT_ONLY')).toBeNull();
  });

  it('refuses to publish a version that references entries that do not exist, naming them', async () => {
    const error = await publish('BROKEN', 2, graph('GONE')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SnapshotReferenceError);
    expect((error as SnapshotReferenceError).problems).toEqual([{ path: 'graph.nodes.1.actionCode', message: 'action code GONE does not exist' }]);
  });

  it('says to publish again for a version that has no frozen catalog', async () => {
    const error = await loadPublishedSnapshot(dataSource, 'BROKEN').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SnapshotReferenceError);
    expect((error as SnapshotReferenceError).problems).toEqual([{ path: 'catalog', message: expect.stringContaining('publish BROKEN again') }]);
  });

  it('runs the catalog as published: a later edit reaches only versions published after it', async () => {
    await put(EventCodeEntity, EventCode.parse({ code: 'FROZEN', eventType: 'DEVICE', name: 'Frozen' }));
    await put(ActionCodeEntity, ActionCode.parse({ code: 'BAR', actionType: 'credit-control', name: 'Bar', parameters: { provider: 'hss', operation: 'bar', barType: 'outgoing' } }));
    await publish('FROZEN', 1, graph('BAR'));
    await put(ActionCodeEntity, ActionCode.parse({ code: 'BAR', actionType: 'credit-control', name: 'Bar', parameters: { provider: 'hss', operation: 'unbar', barType: 'outgoing' } }));
    await put(TemplateEntity, Template.parse({ code: 'WELCOME', name: 'Welcome', channel: 'sms', variants: [{ locale: 'en', body: 'Hello again' }] }));

    const v1 = await loadPublishedSnapshot(dataSource, 'FROZEN');
    expect(v1?.actionCodes.BAR.parameters.operation).toBe('bar');
    expect(v1?.templates.WELCOME.variants[0].body).toBe('Hi');

    await publish('FROZEN', 2, graph('BAR'));
    const v2 = await loadPublishedSnapshot(dataSource, 'FROZEN');
    expect(v2?.version).toBe(2);
    expect(v2?.actionCodes.BAR.parameters.operation).toBe('unbar');
    expect(v2?.templates.WELCOME.variants[0].body).toBe('Hello again');
  });

  it('freezes versions published before the migration from the catalog at migration time', async () => {
    await put(EventCodeEntity, EventCode.parse({ code: 'LEGACY', eventType: 'DEVICE', name: 'Published before freezing' }));
    await undoMigrationsThrough(dataSource, 'FrozenCatalog1795520000000');
    await dataSource.query(`INSERT INTO workflow_versions (event_code, version, graph, published_at) VALUES ('LEGACY', 1, $1, now())`, [JSON.stringify(graph('HSS_SWAP'))]);
    await dataSource.runMigrations();

    const row = await dataSource.getRepository(WorkflowVersionEntity).findOneByOrFail({ eventCode: 'LEGACY', version: 1 });
    expect(Object.keys(row.catalog?.actionCodes ?? {}).sort()).toEqual(['AUDIT', 'HSS_SWAP', 'HSS_UNDO']);
    expect(row.catalog?.providers.hss.auth).toEqual({ type: 'header' });
    // Frozen versions published earlier keep what they froze; broken ones stay unfrozen.
    expect((await loadPublishedSnapshot(dataSource, 'FROZEN'))?.actionCodes.BAR.parameters.operation).toBe('unbar');
    await expect(loadPublishedSnapshot(dataSource, 'BROKEN')).rejects.toBeInstanceOf(SnapshotReferenceError);
    // The trigger is back: published versions stay immutable.
    await expect(dataSource.query(`UPDATE workflow_versions SET note = 'x' WHERE event_code = 'LEGACY'`)).rejects.toThrow(/immutable/);
  });
});
