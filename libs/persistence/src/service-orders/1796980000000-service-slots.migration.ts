import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order slots as rows (see `ServiceSlots`): one row per order that holds or waits for its
 * service's slot (`service:<key>`) or a sync provider's (`provider:<code>`). A released slot's
 * row is deleted, so the table holds only what is in flight or waiting.
 */
export class ServiceSlots1796980000000 implements MigrationInterface {
  name = 'ServiceSlots1796980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_slots (
        request_id text PRIMARY KEY,
        queue_key text NOT NULL,
        run_workflow_id text NOT NULL,
        concurrent boolean NOT NULL,
        express boolean NOT NULL DEFAULT false,
        holding boolean NOT NULL DEFAULT false,
        granted_by text,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        requested_at timestamptz NOT NULL DEFAULT now(),
        granted_at timestamptz
      )`);
    await q.query(`CREATE INDEX service_slots_queue_idx ON service_slots (queue_key, seq)`);
    await q.query(`CREATE INDEX service_slots_granted_by_idx ON service_slots (granted_by) WHERE granted_by IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_slots`);
  }
}
