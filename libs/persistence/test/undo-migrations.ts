import type { DataSource } from 'typeorm';

/**
 * Undoes the newest migrations down to and including `name`, so a test can write rows the way the
 * schema held them before that migration and then run it (with every later one) again.
 */
export async function undoMigrationsThrough(dataSource: DataSource, name: string): Promise<void> {
  for (;;) {
    const [newest] = (await dataSource.query('SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1')) as { name: string }[];
    if (!newest) throw new Error(`migration ${name} is not applied`);
    await dataSource.undoLastMigration();
    if (newest.name === name) return;
  }
}
