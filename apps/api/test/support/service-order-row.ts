import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * An open service order of `provider`, written straight to the database: answers to it can then
 * be tested without a run to place it. Returns its id.
 */
export async function insertOpenOrder(databaseUrl: string, provider: string, serviceKey: string): Promise<string> {
  const id = randomUUID();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO service_orders (id, service_key, provider_code, service_type, action, priority, mode, state, created_at, updated_at)
       VALUES ($1, $2, $3, '/service/telco/gprs', 'A', 'normal', 'queued', 'PROCESSING', now(), now())`,
      [id, serviceKey, provider],
    );
  } finally {
    await db.end();
  }
  return id;
}
