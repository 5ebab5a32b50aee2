import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { EventCode, WorkflowGraph } from '@signalbox/domain';
import { SnapshotReferenceError } from '@signalbox/contracts';
import { freezeLiveCatalog } from '../catalog/snapshot-source';

/**
 * Published means frozen: each version stores the catalog entries it uses as they were when it
 * was published. Versions published before this migration are frozen here, eagerly, from the
 * catalog as it is now — what their next run would have used — rather than lazily on first raise,
 * which the immutability trigger would refuse anyway. A version whose entries are already gone
 * keeps a null catalog; raising it says to publish again.
 */
export class FrozenCatalog1795520000000 implements MigrationInterface {
  name = 'FrozenCatalog1795520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_versions ADD COLUMN catalog jsonb`);
    const rows: { event_code: string; version: number; graph: WorkflowGraph; definition: EventCode | null }[] = await q.query(
      `SELECT v.event_code, v.version, v.graph, e.definition FROM workflow_versions v LEFT JOIN event_codes e ON e.code = v.event_code`,
    );
    if (rows.length === 0) return;
    await q.query(`ALTER TABLE workflow_versions DISABLE TRIGGER workflow_versions_no_update`);
    for (const row of rows) {
      if (!row.definition) continue;
      try {
        const catalog = await freezeLiveCatalog(q.manager, row.definition, row.graph);
        await q.query(`UPDATE workflow_versions SET catalog = $1 WHERE event_code = $2 AND version = $3`, [JSON.stringify(catalog), row.event_code, row.version]);
      } catch (err) {
        if (!(err instanceof SnapshotReferenceError)) throw err;
      }
    }
    await q.query(`ALTER TABLE workflow_versions ENABLE TRIGGER workflow_versions_no_update`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_versions DROP COLUMN catalog`);
  }
}
