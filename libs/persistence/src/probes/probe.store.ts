import type { DataSource } from 'typeorm';
import { ProbeDefinition, type ProbeReading, type ProbeState, type ProbeStatus } from '@signalbox/contracts';
import { ProbeEntity } from './probe.entity';
import { rowsOf } from '../common/query-rows';

/** A state change the evaluation made; only the process whose update changed the row gets one. */
export interface ProbeChange {
  code: string;
  from: ProbeState;
  to: ProbeState;
}

/**
 * Probes' definitions and states. Recording an evaluation is one conditional UPDATE per probe, so
 * when several workers evaluate at once exactly one of them sees the state change (and notifies):
 * the others find the row already in the new state.
 */
export class ProbeStore {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<ProbeStatus[]> {
    const rows = await this.dataSource.getRepository(ProbeEntity).find({ order: { code: 'ASC' } });
    return rows.map(statusOf);
  }

  async get(code: string): Promise<ProbeStatus | undefined> {
    const row = await this.dataSource.getRepository(ProbeEntity).findOneBy({ code });
    return row ? statusOf(row) : undefined;
  }

  /**
   * Creates or replaces a definition. A changed definition starts again from `unknown`, so the
   * next evaluation notifies if the new thresholds trip it. Answers whether it was created.
   */
  async put(code: string, definition: ProbeDefinition, em = this.dataSource.manager): Promise<{ created: boolean; status: ProbeStatus }> {
    const [row] = (await em.query(
      `INSERT INTO probes (code, definition, state, updated_at) VALUES ($1, $2, 'unknown', now())
       ON CONFLICT (code) DO UPDATE SET definition = EXCLUDED.definition,
         state = CASE WHEN probes.definition = EXCLUDED.definition THEN probes.state ELSE 'unknown' END,
         updated_at = now()
       RETURNING *, (xmax = 0) AS created`,
      [code, JSON.stringify(definition)],
    )) as (RawProbe & { created: boolean })[];
    return { created: row.created, status: statusOf(fromRaw(row)) };
  }

  async delete(code: string, em = this.dataSource.manager): Promise<boolean> {
    const result = await em.query(`DELETE FROM probes WHERE code = $1 RETURNING code`, [code]);
    return rowsOf(result).length > 0;
  }

  /** Stores a reading; answers the state change when this call made one. */
  async record(code: string, reading: ProbeReading): Promise<ProbeChange | undefined> {
    const to: ProbeState = reading.tripped ? 'tripped' : 'ok';
    const result = await this.dataSource.query(
      `WITH prev AS (SELECT code, state FROM probes WHERE code = $1 FOR UPDATE)
       UPDATE probes p SET state = $2, value = $3, samples = $4, error = NULL, evaluated_at = now(),
              changed_at = CASE WHEN prev.state = $2 THEN p.changed_at ELSE now() END
         FROM prev WHERE p.code = prev.code
       RETURNING prev.state AS from_state`,
      [code, to, reading.value, reading.samples ?? null],
    );
    const [row] = rowsOf(result) as { from_state: ProbeState }[];
    if (!row || row.from_state === to) return undefined;
    return { code, from: row.from_state, to };
  }

  /** Stores that the probe could not be evaluated; its state stays as it was. */
  async recordError(code: string, message: string): Promise<void> {
    await this.dataSource.query(`UPDATE probes SET error = $2, evaluated_at = now() WHERE code = $1`, [code, message.slice(0, 1000)]);
  }
}

type RawProbe = Record<string, unknown>;

function fromRaw(raw: RawProbe): ProbeEntity {
  return Object.assign(new ProbeEntity(), {
    code: raw.code,
    definition: raw.definition,
    state: raw.state,
    value: raw.value,
    samples: raw.samples,
    error: raw.error,
    changedAt: raw.changed_at,
    evaluatedAt: raw.evaluated_at,
    updatedAt: raw.updated_at,
  });
}

function statusOf(row: ProbeEntity): ProbeStatus {
  return {
    code: row.code,
    // Stored rows were validated when written; parsing again fills defaults added since.
    definition: ProbeDefinition.parse(row.definition),
    state: row.state,
    value: row.value === null ? null : Number(row.value),
    samples: row.samples,
    changedAt: row.changedAt ? new Date(row.changedAt).toISOString() : null,
    evaluatedAt: row.evaluatedAt ? new Date(row.evaluatedAt).toISOString() : null,
    error: row.error,
  };
}

/** `query()` answers an UPDATE/DELETE with `[rows, count]` and a SELECT/INSERT with the rows. */
