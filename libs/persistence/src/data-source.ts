import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceConfig {
  /** postgres://user:password@host:port/database (the dev stack's embedded PostgreSQL is reached the same way). */
  url: string;
  /** Connection pool size (default 10). */
  poolSize?: number;
  /** Run pending migrations on initialize(). */
  migrationsRun?: boolean;
  logging?: DataSourceOptions['logging'];
  applicationName?: string;
}

/** The one way a DataSource is built, for the API, the worker, the CLI and tests. */
export function createDataSource(config: DataSourceConfig): DataSource {
  return new DataSource({
    type: 'postgres',
    url: config.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: config.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: config.logging ?? false,
    applicationName: config.applicationName ?? 'signalbox',
    poolSize: config.poolSize ?? 10,
  });
}

/** The URL with its password masked, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
