import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service orders say what they are about (service, device, supplementary services, profile):
 * orders recorded before are service orders.
 */
export class OrderKinds1796800000000 implements MigrationInterface {
  name = 'OrderKinds1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_orders ADD COLUMN kind text NOT NULL DEFAULT 'service' CHECK (kind IN ('service', 'device', 'supplementary', 'profile'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_orders DROP COLUMN kind`);
  }
}
