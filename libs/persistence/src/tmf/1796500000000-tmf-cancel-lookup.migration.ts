import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /cancelServiceOrder/{id} finds a cancel request by its own id, which lives inside its
 * order's `cancellation` document: index that id, and the orders that have one (the list).
 */
export class TmfCancelLookup1796500000000 implements MigrationInterface {
  name = 'TmfCancelLookup1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX tmf_service_orders_cancel_id_idx ON tmf_service_orders ((cancellation->>'id')) WHERE cancellation IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tmf_service_orders_cancel_id_idx`);
  }
}
