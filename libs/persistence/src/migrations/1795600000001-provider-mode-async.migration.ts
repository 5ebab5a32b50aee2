import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider `mode` now has an effect: `sync` sends one order at a time per provider. Until now it
 * was never read and `sync` was merely the form's default, so every stored provider behaved as
 * `async` (orders in flight together); they are set to `async` to keep that behaviour. An admin
 * who wants one order at a time sets `sync` again.
 */
export class ProviderModeAsync1795600000001 implements MigrationInterface {
  name = 'ProviderModeAsync1795600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE providers SET definition = jsonb_set(definition, '{mode}', '"async"') WHERE definition->>'mode' = 'sync'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: `async` is what every provider did before this migration.
  }
}
